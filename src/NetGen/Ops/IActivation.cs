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
}
