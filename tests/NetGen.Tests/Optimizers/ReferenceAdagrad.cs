using System;
using System.Collections.Generic;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// torch.optim.Adagrad's documented algorithm: <c>state_sum_0 = initial_accumulator_value</c>;
/// <c>γ̃ = γ / (1 + (t - 1) η)</c>; <c>g += λθ</c>; <c>state_sum += g²</c>; <c>θ -= γ̃ g / (√state_sum + ε)</c>.
/// </summary>
public sealed class ReferenceAdagrad(double learningRateDecay, double weightDecay, double initialAccumulatorValue, double epsilon) : ReferenceOptimizer
{
    protected override IEnumerable<(string Name, double Initial)> StateNames()
    {
        yield return ("sum", initialAccumulatorValue);
    }

    protected override double Update(int i, double p, double g, bool decay, double lr)
    {
        double clr = lr / (1 + (T - 1) * learningRateDecay);
        if (weightDecay != 0 && decay)
        {
            g += weightDecay * p;
        }
        double[] sum = S("sum");
        sum[i] += g * g;
        return p - clr * g / (Math.Sqrt(sum[i]) + epsilon);
    }
}
