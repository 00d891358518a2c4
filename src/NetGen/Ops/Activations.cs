using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
#else
using NetGen.Kernels.Portable;
#endif

namespace NetGen.Ops;

/// <summary>The identity, <c>y = x</c>; derivative 1.</summary>
public readonly struct IdentityActivation : IActivation
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => 1f;
    /// <inheritdoc/>
    public void Forward(Span<float> values)
    {
    }

    /// <inheritdoc/>
    public void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout)
    {
    }
}

/// <summary>The logistic sigmoid, <c>y = 1 / (1 + e^-x)</c>; <c>dy/dx = y (1 - y)</c>.</summary>
public readonly struct SigmoidActivation : IActivation
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => 1f / (1f + MathF.Exp(-x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y * (1f - y);
    /// <inheritdoc/>
    public void Forward(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Forward(values[i]);
        }
    }

    /// <inheritdoc/>
    public void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout)
    {
        for (int i = 0; i < dout.Length; i++)
        {
            dout[i] *= Derivative(output[i]);
        }
    }
}

/// <summary>The hyperbolic tangent; <c>dy/dx = 1 - y^2</c>.</summary>
public readonly struct TanhActivation : IActivation
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => MathF.Tanh(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => 1f - y * y;
    /// <inheritdoc/>
    public void Forward(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Forward(values[i]);
        }
    }

    /// <inheritdoc/>
    public void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout)
    {
        for (int i = 0; i < dout.Length; i++)
        {
            dout[i] *= Derivative(output[i]);
        }
    }
}

/// <summary>
/// The rectified linear unit, <c>y = max(0, x)</c>, in <c>torch.relu</c>'s semantics: NaN stays NaN (so a NaN weight
/// before a ReLU reaches the loss, and the NaN guard names it) and -0 becomes +0. Derivative 0 where <c>y &lt;= 0</c>,
/// else 1 (PyTorch's choice at 0, and its <c>threshold_backward</c>, which passes the gradient where <c>y</c> is NaN).
/// </summary>
public readonly struct ReluActivation : IActivation
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x <= 0f ? 0f : x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y <= 0f ? 0f : 1f;
    /// <inheritdoc/>
    /// <remarks>
    /// Branch-free and vectorised: element by element, ReLU on random-signed data is dominated by branch
    /// mispredictions (the JIT does not turn the float select into a conditional move), costing more than the GEMM
    /// it follows. <c>x &lt;= 0 ? 0 : x</c> exactly, as <c>x &amp; ~(x &lt;= 0)</c>: the comparison is false for NaN,
    /// which passes through, unlike a vector max (x86 <c>maxps</c> returns its second operand when either is NaN).
    /// </remarks>
    public void Forward(Span<float> values)
    {
#if NET8_0_OR_GREATER
        int i = 0;
        ref float v = ref MemoryMarshal.GetReference(values);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= values.Length; i += 8)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref v, (nuint)i);
                Vector256.AndNot(x, Vector256.LessThanOrEqual(x, Vector256<float>.Zero)).StoreUnsafe(ref v, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= values.Length; i += 4)
            {
                Vector128<float> x = Vector128.LoadUnsafe(ref v, (nuint)i);
                Vector128.AndNot(x, Vector128.LessThanOrEqual(x, Vector128<float>.Zero)).StoreUnsafe(ref v, (nuint)i);
            }
        }
#else
        int i = PortableActivations.ReluForward(values);
#endif
        for (; i < values.Length; i++)
        {
            values[i] = Forward(values[i]);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Branch-free and vectorised, as <see cref="Forward(Span{float})"/>: <c>dout *= y &lt;= 0 ? 0 : 1</c>.</remarks>
    public void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout)
    {
#if NET8_0_OR_GREATER
        int i = 0;
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(dout);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= dout.Length; i += 8)
            {
                Vector256<float> d = Vector256.AndNot(Vector256<float>.One, Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref y, (nuint)i), Vector256<float>.Zero));
                (Vector256.LoadUnsafe(ref g, (nuint)i) * d).StoreUnsafe(ref g, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= dout.Length; i += 4)
            {
                Vector128<float> d = Vector128.AndNot(Vector128<float>.One, Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref y, (nuint)i), Vector128<float>.Zero));
                (Vector128.LoadUnsafe(ref g, (nuint)i) * d).StoreUnsafe(ref g, (nuint)i);
            }
        }
#else
        int i = PortableActivations.ReluMultiplyByDerivative(output, dout);
#endif
        for (; i < dout.Length; i++)
        {
            dout[i] *= Derivative(output[i]);
        }
    }
}

/// <summary>
/// Leaky ReLU, <c>y = x</c> for <c>x &gt; 0</c>, else <c>slope * x</c> (<c>torch.nn.LeakyReLU</c>). With a positive
/// slope the sign of <c>y</c> is the sign of <c>x</c>, so the derivative can be read from the output. NaN stays NaN
/// (<c>slope * NaN</c>), as in PyTorch.
/// </summary>
public readonly struct LeakyReluActivation : IActivation
{
    private readonly float _slope;

    /// <summary>Creates a leaky ReLU with the given negative slope (must be positive; PyTorch's default is 0.01).</summary>
    public LeakyReluActivation(float slope) => _slope = slope;

    /// <summary>The slope for negative inputs.</summary>
    public float Slope => _slope;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x > 0f ? x : _slope * x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y > 0f ? 1f : _slope;
    /// <inheritdoc/>
    public void Forward(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Forward(values[i]);
        }
    }

    /// <inheritdoc/>
    public void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout)
    {
        for (int i = 0; i < dout.Length; i++)
        {
            dout[i] *= Derivative(output[i]);
        }
    }
}
