using System;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>Element-wise application of an activation, for outputs whose activation is fused into the loss.</summary>
public static class ActivationKernels
{
    /// <summary><c>output[i] = activation(input[i])</c>.</summary>
    public static void Apply<TAct>(ReadOnlySpan<float> input, Span<float> output, TAct activation)
        where TAct : struct, IActivation
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = activation.Forward(input[i]);
        }
    }
}
