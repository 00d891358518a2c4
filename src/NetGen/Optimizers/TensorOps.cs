using System;
using System.Numerics.Tensors;

namespace NetGen.Optimizers;

/// <summary>
/// The few in-place PyTorch tensor ops the optimizers are written in, vectorised with <see cref="TensorPrimitives"/>,
/// each rounding where PyTorch's CPU kernel rounds (aten/src/ATen/native/cpu/PointwiseOpsKernel.cpp, Lerp.h), though
/// without fused multiply-adds so that every machine gives the same bits.
/// </summary>
internal static class TensorOps
{
    /// <summary><c>grad.add(param, alpha=weight_decay)</c>: <c>g + wd p</c>, written to <paramref name="destination"/>, which it returns.</summary>
    public static ReadOnlySpan<float> AddWeightDecay(ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients, float weightDecay, Span<float> destination)
    {
        TensorPrimitives.MultiplyAdd(parameters, weightDecay, gradients, destination);
        return destination;
    }

    /// <summary>
    /// <c>self.lerp_(end, weight)</c>: <c>self + w (end - self)</c> when <c>|w| &lt; 0.5</c>, else
    /// <c>end - (end - self)(1 - w)</c>, PyTorch's two forms for accuracy near either end.
    /// </summary>
    public static void Lerp(Span<float> self, ReadOnlySpan<float> end, float weight, Span<float> scratch)
    {
        TensorPrimitives.Subtract(end, self, scratch);
        if (Math.Abs(weight) < 0.5f)
        {
            TensorPrimitives.MultiplyAdd(scratch, weight, self, self);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(scratch, -(1f - weight), end, self);
        }
    }

    /// <summary><c>self.addcmul_(t1, t2, value)</c>: <c>self + (value t1) t2</c>.</summary>
    public static void AddCMul(Span<float> self, ReadOnlySpan<float> t1, ReadOnlySpan<float> t2, float value, Span<float> scratch)
    {
        TensorPrimitives.Multiply(t1, value, scratch);
        TensorPrimitives.MultiplyAdd(scratch, t2, self, self);
    }

    /// <summary><c>self.addcdiv_(t1, t2, value)</c>: <c>self + (value t1) / t2</c>.</summary>
    public static void AddCDiv(Span<float> self, ReadOnlySpan<float> t1, ReadOnlySpan<float> t2, float value, Span<float> scratch)
    {
        TensorPrimitives.Multiply(t1, value, scratch);
        TensorPrimitives.Divide(scratch, t2, scratch);
        TensorPrimitives.Add(self, scratch, self);
    }
}
