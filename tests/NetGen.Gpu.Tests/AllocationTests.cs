using System;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// Host spans (input batches, parameters) reach the device without copying them into managed arrays: what a copy
/// allocates does not grow with its size. ILGPU's CPU accelerator itself allocates 80 bytes of bookkeeping per copy
/// (measured with ILGPU 1.5.3), outside NetGen's control, so the test bounds it rather than demanding zero.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class AllocationTests
{
    private const long IlgpuBookkeepingPerCopy = 128;

    private readonly GpuDevice _device;

    public AllocationTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Fact]
    public void CopyingHostSpansToTheDevice_AllocatesAFixedFewBytes_WhateverTheirSize()
    {
        using var small = new GpuMlp.Gpu(_device, seed: 1);           // hundreds of parameters
        using var large = new GpuMnistCnn.Gpu(_device, seed: 1);      // 215,370 parameters

        long smallBytes = LeastAllocatedByUpload(small);
        long largeBytes = LeastAllocatedByUpload(large);

        Assert.Equal(smallBytes, largeBytes);
        Assert.True(largeBytes <= IlgpuBookkeepingPerCopy, $"uploading 215,370 floats allocated {largeBytes} bytes");
    }

    // The least of a few tries: with tiered compilation a tier-up may allocate on any thread at any moment.
    private static long LeastAllocatedByUpload(INetwork network)
    {
        var gpu = (GpuNetwork<NetGen.Ops.SoftmaxCrossEntropyLoss>)network;
        gpu.UploadParameters(); // the same span-to-device copy that uploads each input batch
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            gpu.UploadParameters();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
