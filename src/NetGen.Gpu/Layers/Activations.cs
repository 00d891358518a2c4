using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu.Layers;

/// <summary>Loads the activation kernels the layers share.</summary>
internal static class Activations
{
    /// <summary>The derivative kernel for <typeparamref name="TAct"/>, or null for the identity (nothing to do).</summary>
    public static Action<Index1D, ArrayView<float>, ArrayView<float>, TAct>? Derivative<TAct>(GpuDevice device)
        where TAct : struct, IActivation =>
        typeof(TAct) == typeof(IdentityActivation)
            ? null
            : device.Kernel("derivative", typeof(TAct),
                static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, TAct>(ElementwiseKernels.MultiplyByDerivative));
}
