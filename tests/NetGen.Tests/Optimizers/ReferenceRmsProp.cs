using System;
using System.Collections.Generic;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// torch.optim.RMSprop's documented algorithm: <c>g += λθ</c>; <c>v = α v + (1 - α) g²</c>; <c>ṽ = v</c>; centred:
/// <c>g_ave = α g_ave + (1 - α) g</c>, <c>ṽ = ṽ - g_ave²</c>; with <c>μ &gt; 0</c>: <c>b = μ b + g / (√ṽ + ε)</c>,
/// <c>θ -= γ b</c>; else <c>θ -= γ g / (√ṽ + ε)</c>.
/// </summary>
public sealed class ReferenceRmsProp(double alpha, double epsilon, double weightDecay, double momentum, bool centered) : ReferenceOptimizer
{
    protected override IEnumerable<(string Name, double Initial)> StateNames()
    {
        yield return ("square_avg", 0);
        if (momentum > 0)
        {
            yield return ("momentum_buffer", 0);
        }
        if (centered)
        {
            yield return ("grad_avg", 0);
        }
    }

    protected override double Update(int i, double p, double g, bool decay, double lr)
    {
        if (weightDecay != 0 && decay)
        {
            g += weightDecay * p;
        }
        double[] v = S("square_avg");
        v[i] = alpha * v[i] + (1 - alpha) * g * g;
        double vTilde = v[i];
        if (centered)
        {
            double[] gAve = S("grad_avg");
            gAve[i] = alpha * gAve[i] + (1 - alpha) * g;
            vTilde -= gAve[i] * gAve[i];
        }
        if (momentum > 0)
        {
            double[] b = S("momentum_buffer");
            b[i] = momentum * b[i] + g / (Math.Sqrt(vTilde) + epsilon);
            return p - lr * b[i];
        }
        return p - lr * g / (Math.Sqrt(vTilde) + epsilon);
    }
}
