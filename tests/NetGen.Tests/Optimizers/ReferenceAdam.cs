using System;
using System.Collections.Generic;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// torch.optim.Adam's and AdamW's documented algorithm: AdamW first <c>θ -= γλθ</c>, Adam <c>g += λθ</c>;
/// <c>m = β1 m + (1 - β1) g</c>; <c>v = β2 v + (1 - β2) g²</c>; <c>m̂ = m / (1 - β1^t)</c>; with AMSGrad
/// <c>v_max = max(v_max, v)</c> and <c>v̂ = v_max / (1 - β2^t)</c>, else <c>v̂ = v / (1 - β2^t)</c>;
/// <c>θ -= γ m̂ / (√v̂ + ε)</c>.
/// </summary>
public sealed class ReferenceAdam(double beta1, double beta2, double epsilon, double weightDecay, bool amsgrad, bool decoupled) : ReferenceOptimizer
{
    protected override IEnumerable<(string Name, double Initial)> StateNames()
    {
        yield return ("exp_avg", 0);
        yield return ("exp_avg_sq", 0);
        if (amsgrad)
        {
            yield return ("max_exp_avg_sq", 0);
        }
    }

    protected override double Update(int i, double p, double g, bool decay, double lr)
    {
        if (decoupled && decay)
        {
            p -= lr * weightDecay * p;
        }
        else if (weightDecay != 0 && decay)
        {
            g += weightDecay * p;
        }
        double[] m = S("exp_avg");
        double[] v = S("exp_avg_sq");
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - Math.Pow(beta1, T));
        double second = v[i];
        if (amsgrad)
        {
            double[] max = S("max_exp_avg_sq");
            max[i] = Math.Max(max[i], v[i]);
            second = max[i];
        }
        double vHat = second / (1 - Math.Pow(beta2, T));
        return p - lr * mHat / (Math.Sqrt(vHat) + epsilon);
    }
}
