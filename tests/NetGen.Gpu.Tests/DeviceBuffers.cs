using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;

namespace NetGen.Gpu.Tests;

/// <summary>Device buffers for kernel tests, released together.</summary>
internal sealed class DeviceBuffers : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly List<MemoryBuffer1D<float, Stride1D.Dense>> _buffers = new();

    public DeviceBuffers(GpuDevice device) => _accelerator = device.Accelerator;

    public ArrayView<float> Upload(float[] values)
    {
        MemoryBuffer1D<float, Stride1D.Dense> buffer = _accelerator.Allocate1D<float>(Math.Max(1, values.Length));
        _buffers.Add(buffer);
        ArrayView<float> view = buffer.View.SubView(0, values.Length);
        if (values.Length > 0)
        {
            view.CopyFromCPU((ReadOnlySpan<float>)values);
        }
        return view;
    }

    public static float[] Download(ArrayView<float> view)
    {
        var values = new float[view.Length];
        view.CopyToCPU(new Span<float>(values));
        return values;
    }

    public void Dispose()
    {
        foreach (MemoryBuffer1D<float, Stride1D.Dense> buffer in _buffers)
        {
            buffer.Dispose();
        }
    }
}
