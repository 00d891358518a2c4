using System;

namespace NetGen.Ops;

/// <summary>
/// An element-wise activation, written once and used by the generated CPU code, the kernels and the tests.
/// Implementations are small structs so that generic kernels are specialised and inlined by the JIT.
/// </summary>
/// <remarks>
/// The derivative is expressed through the activation's <em>output</em> <c>y</c>, so that the forward pass
/// caches only the layer's output and backward needs nothing else (as llm.c does for GELU's inputs).
/// </remarks>
public interface IActivation
{
    /// <summary>The activation of a pre-activation value <paramref name="x"/>.</summary>
    float Forward(float x);

    /// <summary>The derivative <c>dy/dx</c>, given the output <paramref name="y"/> = <c>Forward(x)</c>.</summary>
    float Derivative(float y);

    /// <summary>
    /// Applies the activation to every value in place: the epilogue of a layer's kernel. Bit-identical to
    /// <see cref="Forward(float)"/> per element; an activation may vectorise it.
    /// </summary>
    void Forward(Span<float> values);

    /// <summary>
    /// <c>dout[i] *= Derivative(output[i])</c>: turns the gradient of the output into that of the pre-activation.
    /// Bit-identical to <see cref="Derivative(float)"/> per element; an activation may vectorise it.
    /// </summary>
    void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout);
}
