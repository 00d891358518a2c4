using System.Collections.Generic;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// torch.optim.SGD's documented algorithm: <c>g += λθ</c>; if <c>μ ≠ 0</c>: <c>b_t = μ b_{t-1} + (1 - τ) g</c> for
/// <c>t &gt; 1</c>, <c>b_1 = g</c>; <c>g = g + μ b_t</c> (Nesterov) or <c>g = b_t</c>; <c>θ -= γ g</c>.
/// </summary>
public sealed class ReferenceSgd(double momentum, double dampening, bool nesterov, double weightDecay) : ReferenceOptimizer
{
    protected override IEnumerable<(string Name, double Initial)> StateNames()
    {
        if (momentum != 0)
        {
            yield return ("momentum_buffer", 0);
        }
    }

    protected override double Update(int i, double p, double g, bool decay, double lr)
    {
        if (weightDecay != 0 && decay)
        {
            g += weightDecay * p;
        }
        if (momentum != 0)
        {
            double[] b = S("momentum_buffer");
            b[i] = T > 1 ? momentum * b[i] + (1 - dampening) * g : g;
            g = nesterov ? g + momentum * b[i] : b[i];
        }
        return p - lr * g;
    }
}
