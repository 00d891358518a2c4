namespace NetGen.Gpu;

/// <summary>Which ILGPU accelerator a <see cref="GpuDevice"/> runs on.</summary>
public enum GpuBackend
{
    /// <summary>The first CUDA GPU if one is present, else ILGPU's CPU accelerator.</summary>
    Auto,

    /// <summary>The first CUDA GPU; creating the device fails when there is none.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator, which runs kernels on CPU threads (a simulator: for tests and machines without a GPU).</summary>
    Cpu,
}
