using System;
using System.Runtime.CompilerServices;

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
}

/// <summary>The rectified linear unit, <c>y = max(0, x)</c>; derivative 1 where <c>y &gt; 0</c>, else 0 (PyTorch's choice at 0).</summary>
public readonly struct ReluActivation : IActivation
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Forward(float x) => x > 0f ? x : 0f;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Derivative(float y) => y > 0f ? 1f : 0f;
}

/// <summary>
/// Leaky ReLU, <c>y = x</c> for <c>x &gt; 0</c>, else <c>slope * x</c> (<c>torch.nn.LeakyReLU</c>). With a positive
/// slope the sign of <c>y</c> is the sign of <c>x</c>, so the derivative can be read from the output.
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
}
