using System;
using ILGPU;
using NetGen.Gpu.Layers;
using NetGen.Kernels;
using NetGen.Ops;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// The tiled GEMM behind the dense and convolution layers, with real multi-thread tiles (edge 2 and 4, the largest
/// ILGPU's CPU accelerator allows; the network tests use its default, 1) on shapes that are not multiples of the tile,
/// against naive loops written from the definitions.
/// </summary>
public sealed class TiledKernelTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(1, 1, 1, 4)]
    [InlineData(5, 7, 3, 4)]
    [InlineData(9, 17, 33, 4)]
    [InlineData(3, 70, 2, 2)]
    [InlineData(64, 5, 3, 2)] // the weight gradient splits its 64-deep inner dimension (split-K, atomic adds)
    public void Dense_ForwardAndBackward_MatchNaiveLoops(int batch, int inFeatures, int outFeatures, int tile)
    {
        using GpuDevice device = CreateDevice(tile);
        using var buffers = new DeviceBuffers(device);
        float[] inp = Parity.RandomInputs(batch * inFeatures, 1), weight = Parity.RandomInputs(outFeatures * inFeatures, 2);
        float[] bias = Parity.RandomInputs(outFeatures, 3), dout = Parity.RandomInputs(batch * outFeatures, 4);
        float[] dweight0 = Parity.RandomInputs(outFeatures * inFeatures, 5), dinp0 = Parity.RandomInputs(batch * inFeatures, 6);
        float[] dbias0 = Parity.RandomInputs(outFeatures, 7);
        var layer = new GpuDense<TanhActivation>(device, inFeatures, outFeatures, default);
        ArrayView<float> dInp = buffers.Upload(inp), dWeight = buffers.Upload(weight), dOut = buffers.Upload(new float[batch * outFeatures]);
        ArrayView<float> dDout = buffers.Upload(dout), dDweight = buffers.Upload(dweight0), dDinp = buffers.Upload(dinp0), dDbias = buffers.Upload(dbias0);

        layer.Forward(dInp, dWeight, buffers.Upload(bias), dOut, batch);
        layer.Backward(dInp, dWeight, dOut, dDout, dDinp, dDweight, dDbias, batch);

        var output = new float[batch * outFeatures];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < inFeatures; i++)
                {
                    sum += (double)inp[b * inFeatures + i] * weight[o * inFeatures + i];
                }
                output[b * outFeatures + o] = (float)Math.Tanh(sum);
            }
        }
        Parity.Close(output, DeviceBuffers.Download(dOut), Tolerance, "out");
        var dpre = new float[dout.Length];
        for (int j = 0; j < dpre.Length; j++)
        {
            dpre[j] = dout[j] * (1f - output[j] * output[j]);
        }
        var dweight = (float[])dweight0.Clone();
        var dinp = (float[])dinp0.Clone();
        var dbias = (float[])dbias0.Clone();
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                float g = dpre[b * outFeatures + o];
                dbias[o] += g;
                for (int i = 0; i < inFeatures; i++)
                {
                    dweight[o * inFeatures + i] += g * inp[b * inFeatures + i];
                    dinp[b * inFeatures + i] += g * weight[o * inFeatures + i];
                }
            }
        }
        Parity.Close(dweight, DeviceBuffers.Download(dDweight), Tolerance * 10, "dweight");
        Parity.Close(dinp, DeviceBuffers.Download(dDinp), Tolerance * 10, "dinp");
        Parity.Close(dbias, DeviceBuffers.Download(dDbias), Tolerance * 10, "dbias");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void Conv2D_ForwardAndBackward_MatchNaiveLoops(int tile)
    {
        const int batch = 3;
        // Non-square kernel, stride 2, dilation 2, asymmetric padding: every index path of the implicit GEMMs.
        var shape = new Conv2DShape(3, 7, 9, 5, 3, 2, 2, 2, 2, 1, 2, 2);
        using GpuDevice device = CreateDevice(tile);
        using var buffers = new DeviceBuffers(device);
        float[] inp = Parity.RandomInputs(batch * shape.InSize, 11), weight = Parity.RandomInputs(shape.WeightSize, 12);
        float[] bias = Parity.RandomInputs(shape.OutChannels, 13), dout = Parity.RandomInputs(batch * shape.OutSize, 14);
        var layer = new GpuConv2D<IdentityActivation>(device, shape, default);
        ArrayView<float> dInp = buffers.Upload(inp), dWeight = buffers.Upload(weight), dOut = buffers.Upload(new float[batch * shape.OutSize]);
        ArrayView<float> dDout = buffers.Upload(dout), dDweight = buffers.Upload(new float[shape.WeightSize]);
        ArrayView<float> dDinp = buffers.Upload(new float[batch * shape.InSize]), dDbias = buffers.Upload(new float[shape.OutChannels]);

        layer.Forward(dInp, dWeight, buffers.Upload(bias), dOut, batch);
        layer.Backward(dInp, dWeight, dOut, dDout, dDinp, dDweight, dDbias, batch);

        var output = new float[batch * shape.OutSize];
        var dweight = new float[shape.WeightSize];
        var dinp = new float[batch * shape.InSize];
        var dbias = new float[shape.OutChannels];
        for (int b = 0; b < batch; b++)
        {
            for (int oc = 0; oc < shape.OutChannels; oc++)
            {
                for (int oy = 0; oy < shape.OutHeight; oy++)
                {
                    for (int ox = 0; ox < shape.OutWidth; ox++)
                    {
                        int o = b * shape.OutSize + (oc * shape.OutHeight + oy) * shape.OutWidth + ox;
                        double sum = bias[oc];
                        dbias[oc] += dout[o];
                        for (int c = 0; c < shape.InChannels; c++)
                        {
                            for (int ky = 0; ky < shape.KernelHeight; ky++)
                            {
                                for (int kx = 0; kx < shape.KernelWidth; kx++)
                                {
                                    int iy = oy * shape.StrideHeight - shape.PadHeight + ky * shape.DilationHeight;
                                    int ix = ox * shape.StrideWidth - shape.PadWidth + kx * shape.DilationWidth;
                                    if (iy < 0 || iy >= shape.InHeight || ix < 0 || ix >= shape.InWidth)
                                    {
                                        continue;
                                    }
                                    int x = b * shape.InSize + (c * shape.InHeight + iy) * shape.InWidth + ix;
                                    int w = ((oc * shape.InChannels + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx;
                                    sum += (double)inp[x] * weight[w];
                                    dweight[w] += dout[o] * inp[x];
                                    dinp[x] += dout[o] * weight[w];
                                }
                            }
                        }
                        output[o] = (float)sum;
                    }
                }
            }
        }
        Parity.Close(output, DeviceBuffers.Download(dOut), Tolerance, "out");
        Parity.Close(dweight, DeviceBuffers.Download(dDweight), Tolerance * 10, "dweight");
        Parity.Close(dinp, DeviceBuffers.Download(dDinp), Tolerance * 10, "dinp");
        Parity.Close(dbias, DeviceBuffers.Download(dDbias), Tolerance * 10, "dbias");
    }

    [Fact]
    public void TileLargerThanTheAcceleratorAllows_IsRejectedWithTheLargestThatFits()
    {
        if (GpuDevice.ParseBackend(Environment.GetEnvironmentVariable(GpuDevice.EnvironmentVariable), GpuBackend.Cpu) != GpuBackend.Cpu)
        {
            return; // CUDA allows 32 x 32 tiles; the limit checked here is the CPU accelerator's
        }
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GpuDevice.Create(GpuBackend.Cpu, tileSize: 8));
        Assert.Contains("use a tile of at most 4", error.Message);
    }

    private static GpuDevice CreateDevice(int tile) =>
        GpuDevice.Create(GpuDevice.ParseBackend(Environment.GetEnvironmentVariable(GpuDevice.EnvironmentVariable), GpuBackend.Cpu), tile);
}

/// <summary>Each kernel is compiled and loaded once per device, however many networks and layers use it.</summary>
public sealed class KernelCacheTests
{
    [Fact]
    public void SecondNetwork_LoadsNoNewKernels()
    {
        using GpuDevice device = GpuDevice.Create(GpuDevice.ParseBackend(Environment.GetEnvironmentVariable(GpuDevice.EnvironmentVariable), GpuBackend.Cpu));
        using (new GpuCnn.Gpu(device, seed: 1))
        {
        }
        int loaded = device.LoadedKernelCount;
        using (new GpuCnn.Gpu(device, seed: 2))
        {
        }

        Assert.True(loaded > 5, $"only {loaded} kernels loaded");
        Assert.Equal(loaded, device.LoadedKernelCount);
    }
}
