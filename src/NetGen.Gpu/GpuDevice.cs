using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace NetGen.Gpu;

/// <summary>
/// An ILGPU context and accelerator, with the kernels loaded on it. Create one per process (or per GPU) and share it
/// between networks: each kernel is compiled once per device, the first time a layer that uses it is created.
/// </summary>
/// <remarks>
/// ILGPU compiles kernels at run time with <c>Reflection.Emit</c>, so a device cannot be created under NativeAOT or
/// IL2CPP; the CPU path of the same network needs no ILGPU at all (docs/gpu.md).
/// </remarks>
public sealed class GpuDevice : IDisposable
{
    /// <summary>The environment variable <see cref="FromEnvironment"/> reads: <c>cuda</c>, <c>cpu</c> or <c>auto</c>.</summary>
    public const string EnvironmentVariable = "NETGEN_GPU";

    private readonly Context _context;
    private readonly Dictionary<(string Kernel, Type Specialisation), Delegate> _kernels = new();

    private GpuDevice(Context context, Accelerator accelerator, int tileSize)
    {
        _context = context;
        Accelerator = accelerator;
        Backend = accelerator.AcceleratorType == AcceleratorType.Cuda ? GpuBackend.Cuda : GpuBackend.Cpu;
        TileSize = tileSize > 0 ? tileSize : DefaultTileSize(accelerator);
        if (TileSize * TileSize > accelerator.MaxNumThreadsPerGroup)
        {
            int largest = 1;
            while ((largest * 2) * (largest * 2) <= accelerator.MaxNumThreadsPerGroup)
            {
                largest *= 2;
            }
            throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize,
                $"A {tileSize} x {tileSize} tile needs {tileSize * tileSize} threads per group but {accelerator.Name} allows {accelerator.MaxNumThreadsPerGroup}; use a tile of at most {largest}.");
        }
    }

    // 16 x 16 tiles (256 threads, 1 KiB of shared memory per operand) keep several groups resident per streaming
    // multiprocessor on current NVIDIA GPUs. ILGPU's CPU accelerator runs each thread of a group as an OS thread and
    // every barrier as a rendezvous of them, which costs far more than the reuse saves: there a tile of one thread
    // (a plain dot product per output) is 5 to 20 times faster; tests cover larger tiles separately.
    private static int DefaultTileSize(Accelerator accelerator) =>
        accelerator.AcceleratorType == AcceleratorType.Cuda ? 16 : 1;

    /// <summary>The ILGPU accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The backend in use (<see cref="GpuBackend.Cuda"/> or <see cref="GpuBackend.Cpu"/>).</summary>
    public GpuBackend Backend { get; }

    /// <summary>The edge of the square tiles of the GEMM and convolution kernels (16 on CUDA, 1 on the CPU accelerator).</summary>
    public int TileSize { get; }

    /// <summary>
    /// How many threads to launch for <paramref name="work"/> independent items: all of them on a GPU; on ILGPU's CPU
    /// accelerator, a few per core, each striding over the items, since every thread group there costs a
    /// scheduling round-trip between OS threads.
    /// </summary>
    public int Threads(int work) => Backend == GpuBackend.Cpu ? Math.Min(work, 64 * Environment.ProcessorCount) : work;

    /// <summary>The accelerator's name, for logs and benchmark reports.</summary>
    public string Name => Accelerator.Name;

    /// <summary>
    /// Creates a device on the given backend: <see cref="GpuBackend.Auto"/> takes the first CUDA GPU if there is one,
    /// else ILGPU's CPU accelerator.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="GpuBackend.Cuda"/> was asked for and no CUDA GPU is present.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The tile needs more threads per group than the accelerator allows.</exception>
    /// <param name="backend">The accelerator to use.</param>
    /// <param name="tileSize">The GEMM tile edge; 0 chooses 16 on CUDA and 1 on the CPU accelerator.</param>
    public static GpuDevice Create(GpuBackend backend = GpuBackend.Auto, int tileSize = 0)
    {
        // EnableAlgorithms: ILGPU.Algorithms' XMath implements Math and MathF (the op structs' Exp, Tanh; batch norm's
        // Sqrt) on the PTX backend, where core ILGPU has them only for the CPU accelerator.
        Context context = Context.Create(builder => builder.Cuda().CPU().EnableAlgorithms());
        try
        {
            Accelerator? accelerator = null;
            if (backend != GpuBackend.Cpu && context.GetCudaDevices().Count > 0)
            {
                accelerator = context.GetCudaDevice(0).CreateAccelerator(context);
            }
            else if (backend == GpuBackend.Cuda)
            {
                throw new InvalidOperationException(
                    "No CUDA GPU was found (or no CUDA driver is installed); use GpuBackend.Cpu or GpuBackend.Auto to run on ILGPU's CPU accelerator.");
            }
            accelerator ??= context.GetCPUDevice(0).CreateAccelerator(context);
            return new GpuDevice(context, accelerator, tileSize);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a device on the backend named by the <c>NETGEN_GPU</c> environment variable (<c>cuda</c>, <c>cpu</c>,
    /// <c>auto</c>; unset means <paramref name="fallback"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The variable holds another value.</exception>
    public static GpuDevice FromEnvironment(GpuBackend fallback = GpuBackend.Cpu) =>
        Create(ParseBackend(Environment.GetEnvironmentVariable(EnvironmentVariable), fallback));

    /// <summary>Parses <c>cuda</c>, <c>cpu</c> or <c>auto</c> (any case); null or empty gives <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static GpuBackend ParseBackend(string? text, GpuBackend fallback = GpuBackend.Auto)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return text.Trim().ToLowerInvariant() switch
        {
            "cuda" or "gpu" => GpuBackend.Cuda,
            "cpu" => GpuBackend.Cpu,
            "auto" => GpuBackend.Auto,
            _ => throw new ArgumentException($"Unknown GPU backend '{text}'; use cuda, cpu or auto.", nameof(text)),
        };
    }

    /// <summary>How many kernel specialisations this device has compiled and loaded so far.</summary>
    public int LoadedKernelCount
    {
        get
        {
            lock (_kernels)
            {
                return _kernels.Count;
            }
        }
    }

    /// <summary>Waits until every launched kernel and copy has finished.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    /// <summary>
    /// The loaded kernel <paramref name="name"/> specialised for <paramref name="specialisation"/>, loading it with
    /// <paramref name="load"/> the first time. Layers call this in their constructors, never per launch.
    /// </summary>
    internal TDelegate Kernel<TDelegate>(string name, Type specialisation, Func<Accelerator, TDelegate> load)
        where TDelegate : Delegate
    {
        lock (_kernels)
        {
            if (!_kernels.TryGetValue((name, specialisation), out Delegate? kernel))
            {
                kernel = load(Accelerator);
                _kernels.Add((name, specialisation), kernel);
            }
            return (TDelegate)kernel;
        }
    }

    /// <summary>Releases the accelerator and the ILGPU context.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
