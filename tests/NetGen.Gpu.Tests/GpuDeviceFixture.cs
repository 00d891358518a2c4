using System;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// One device for every test: ILGPU's CPU accelerator by default, CUDA when <c>NETGEN_GPU=cuda</c> (the same tests
/// then run on the GPU; see benchmarks/gpu-check.sh).
/// </summary>
public sealed class GpuDeviceFixture : IDisposable
{
    public GpuDeviceFixture() => Device = GpuDevice.FromEnvironment(GpuBackend.Cpu);

    public GpuDevice Device { get; }

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuDeviceFixture>
{
    public const string Name = "GPU device";
}
