using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// An activation applied to a whole span, and its derivative multiplied into a gradient span: the epilogues of the
/// convolution and batch-norm kernels.
/// </summary>
/// <remarks>
/// The generic path calls the activation struct element by element. For ReLU on random-signed data that loop is
/// dominated by branch mispredictions (the JIT does not if-convert float selects), costing more than the GEMM it
/// follows; so ReLU gets a branch-free vector path computing exactly <see cref="ReluActivation"/>'s formulas,
/// <c>x &gt; 0 ? x : 0</c> and <c>y &gt; 0 ? 1 : 0</c> (a test holds the two paths bit-identical). The proper home of
/// such vector forms is the activation structs themselves, once <see cref="IActivation"/> grows vector members.
/// </remarks>
internal static class ActivationSpans
{
    /// <summary><c>values[i] = activation.Forward(values[i])</c>.</summary>
    public static void Forward<TAct>(Span<float> values, TAct activation)
        where TAct : struct, IActivation
    {
        if (typeof(TAct) == typeof(IdentityActivation))
        {
            return;
        }
        int i = 0;
        if (typeof(TAct) == typeof(ReluActivation))
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= values.Length; i += 8)
                {
                    Vector256<float> x = Vector256.LoadUnsafe(ref v, (nuint)i);
                    Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero)
                        .StoreUnsafe(ref v, (nuint)i);
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; i + 4 <= values.Length; i += 4)
                {
                    Vector128<float> x = Vector128.LoadUnsafe(ref v, (nuint)i);
                    Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, Vector128<float>.Zero)
                        .StoreUnsafe(ref v, (nuint)i);
                }
            }
        }
        for (; i < values.Length; i++)
        {
            values[i] = activation.Forward(values[i]);
        }
    }

    /// <summary><c>dout[i] *= activation.Derivative(output[i])</c>: the output gradient becomes the pre-activation gradient.</summary>
    public static void MultiplyByDerivative<TAct>(ReadOnlySpan<float> output, Span<float> dout, TAct activation)
        where TAct : struct, IActivation
    {
        if (typeof(TAct) == typeof(IdentityActivation))
        {
            return;
        }
        output = output.Slice(0, dout.Length);
        int i = 0;
        if (typeof(TAct) == typeof(ReluActivation))
        {
            ref float y = ref MemoryMarshal.GetReference(output);
            ref float g = ref MemoryMarshal.GetReference(dout);
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= dout.Length; i += 8)
                {
                    Vector256<float> d = Vector256.ConditionalSelect(
                        Vector256.GreaterThan(Vector256.LoadUnsafe(ref y, (nuint)i), Vector256<float>.Zero), Vector256<float>.One, Vector256<float>.Zero);
                    (Vector256.LoadUnsafe(ref g, (nuint)i) * d).StoreUnsafe(ref g, (nuint)i);
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; i + 4 <= dout.Length; i += 4)
                {
                    Vector128<float> d = Vector128.ConditionalSelect(
                        Vector128.GreaterThan(Vector128.LoadUnsafe(ref y, (nuint)i), Vector128<float>.Zero), Vector128<float>.One, Vector128<float>.Zero);
                    (Vector128.LoadUnsafe(ref g, (nuint)i) * d).StoreUnsafe(ref g, (nuint)i);
                }
            }
        }
        for (; i < dout.Length; i++)
        {
            dout[i] *= activation.Derivative(output[i]);
        }
    }
}
