using System;
using System.Collections.Generic;
using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Ops;
using NetGen.Optimizers;

namespace NetGen.Gpu;

/// <summary>
/// The base of every generated GPU network (<c>MyNet.Gpu</c>): device arenas laid out like the CPU network's, the
/// checks and state of <see cref="INetwork"/>, and the host side of a step. The generated subclass holds the layers'
/// kernels with the shapes as constants and writes <see cref="ForwardCore"/> and <see cref="BackwardCore"/>.
/// </summary>
/// <remarks>
/// <para>
/// The parameter, gradient and buffer arenas live on the device during training; a CPU twin of the network (the
/// same generated class) holds their host copies, which <see cref="Parameters"/>, <see cref="Gradients"/> and
/// <see cref="Buffers"/> return, synchronised lazily. The rule, per arena: when the device changes it (an update,
/// a backward pass, a training forward's running statistics) the host copy becomes stale; the property's getter
/// downloads a stale copy first, then marks the device copy stale, since the caller may write through the span; the
/// next device use of a stale device copy uploads it. So a training loop that never reads the properties copies no
/// arena, and initialisation, checkpoints, the <see cref="NetGen.Training.Trainer"/> and user code see what they see on
/// the CPU. A span read before a step is not updated by the step: read the property again.
/// </para>
/// <para>
/// The update runs on the device with the runtime's optimizer rules (<see cref="NetGen.Optimizers.Rules.IOptimizerRule"/>),
/// its state in device memory; <see cref="Optimizer.StateTensors"/> copies it home when read (docs/gpu.md). An
/// optimizer class of the user's own steps on the host copies instead.
/// </para>
/// </remarks>
public abstract partial class GpuNetwork<TLoss> : INetwork, IHostedNetwork, IDisposable
    where TLoss : struct, ILoss
{
    private readonly INetwork _host;
    private readonly GpuNetworkLayout _layout;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _parameters;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _gradients;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _buffers;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _activations;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _dactivations;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _saved;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _indices;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _buffersBefore;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _flag;
    private readonly int[] _flagHost = new int[1];
    private readonly GpuOptimizerState _optimizerState;
    private readonly GpuLoss? _loss;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, int, int> _flagNonFinite;
    private ArenaSync _parameterSync;
    private ArenaSync _gradientSync;
    private ArenaSync _bufferSync;
    private bool _outputDownloaded;
    private long _parameterUploads;
    private long _parameterDownloads;
    private long _gradientUploads;
    private long _gradientDownloads;
    private long _outputDownloads;
    private readonly float[] _output;
    private readonly float[] _doutput;
    private readonly float[] _labels;
    private readonly List<IDisposable> _owned = new();
    private readonly Stopwatch _kernelClock = new();
    private readonly ExclusiveUse _use = new(); // one thread at a time, as the CPU network
    private int _forwardBatch;
    private bool _forwardTraining;
    private bool _forwardCurrent;
    private long _seed;
    private long _trainingStep;

    /// <summary>Allocates the device arenas for <paramref name="host"/>'s layout on <paramref name="device"/>.</summary>
    /// <param name="device">The device the kernels run on; shared, not owned.</param>
    /// <param name="host">The CPU twin whose parameters, gradients and buffers are the host copies.</param>
    /// <param name="layout">The arena sizes and offsets of the plan.</param>
    protected GpuNetwork(GpuDevice device, INetwork host, GpuNetworkLayout layout)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        _host = host ?? throw new ArgumentNullException(nameof(host));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        Accelerator a = device.Accelerator;
        _parameters = a.Allocate1D<float>(Math.Max(1, host.ParameterCount));
        _gradients = a.Allocate1D<float>(Math.Max(1, host.ParameterCount));
        _buffers = a.Allocate1D<float>(Math.Max(1, host.Buffers.Length));
        _activations = a.Allocate1D<float>(Math.Max(1, layout.ActivationFloats));
        _dactivations = a.Allocate1D<float>(Math.Max(1, layout.ActivationGradientFloats));
        _saved = a.Allocate1D<float>(Math.Max(1, layout.SavedFloats));
        _indices = a.Allocate1D<int>(Math.Max(1, layout.IndexInts));
        _output = new float[host.MaxBatch * host.OutputSize];
        _doutput = new float[host.MaxBatch * host.OutputSize];
        _labels = new float[host.MaxBatch];
        _buffersBefore = a.Allocate1D<float>(Math.Max(1, host.Buffers.Length));
        _flag = a.Allocate1D<int>(1);
        _optimizerState = new GpuOptimizerState(device, host.ParameterCount);
        _loss = GpuLoss.For<TLoss>(device, host.MaxBatch, host.OutputSize, host.TargetSize);
        _flagNonFinite = device.Kernel("flagNonFinite", typeof(void),
            static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, int>(OptimizerKernels.FlagNonFinite));
        // The twin's arenas are the initial values: the device copies are stale until the first use uploads them.
        _parameterSync = ArenaSync.DeviceStale;
        _gradientSync = ArenaSync.DeviceStale;
        _bufferSync = ArenaSync.DeviceStale;
        RandomState = host.RandomState;
    }

    /// <summary>The device the kernels run on.</summary>
    public GpuDevice Device { get; }

    /// <summary>
    /// The CPU twin holding the host copies of the parameters, gradients and buffers; its arenas may be stale while
    /// the device's are newer: read them through this network's <see cref="Parameters"/>, <see cref="Gradients"/> and
    /// <see cref="Buffers"/>, which synchronise.
    /// </summary>
    public INetwork Host => _host;

    /// <summary>The CPU twin: an optimizer binds to it, so that it serves this network and its twin alike.</summary>
    INetwork IHostedNetwork.HostNetwork => _host;

    /// <inheritdoc/>
    public int InputSize => _host.InputSize;

    /// <inheritdoc/>
    public int OutputSize => _host.OutputSize;

    /// <inheritdoc/>
    public int TargetSize => _host.TargetSize;

    /// <inheritdoc/>
    public int MaxBatch => _host.MaxBatch;

    /// <inheritdoc/>
    public Loss Loss => _host.Loss;

    /// <inheritdoc/>
    public int ParameterCount => _host.ParameterCount;

    /// <summary>
    /// The host copy of the parameter arena, downloaded first if the device's is newer; the next device use uploads
    /// it again (what is written through the span counts). Read it again after a step.
    /// </summary>
    public Span<float> Parameters
    {
        get
        {
            if (_parameterSync == ArenaSync.HostStale)
            {
                DownloadParameterArena();
            }
            _parameterSync = ArenaSync.DeviceStale; // the caller may write through the span
            return _host.Parameters;
        }
    }

    /// <summary>
    /// The host copy of the gradient arena, downloaded first if the device's is newer; an accumulating backward pass
    /// uploads it again (so clipping or scaling it in place counts). Read it again after a backward pass.
    /// </summary>
    public Span<float> Gradients
    {
        get
        {
            if (_gradientSync == ArenaSync.HostStale)
            {
                DownloadGradientArena();
            }
            _gradientSync = ArenaSync.DeviceStale; // the caller may write through the span
            return _host.Gradients;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> ParameterTensors => _host.ParameterTensors;

    /// <summary>The host copy of the buffer arena (running statistics), synchronised as <see cref="Parameters"/>.</summary>
    public Span<float> Buffers
    {
        get
        {
            if (_bufferSync == ArenaSync.HostStale)
            {
                DownloadBufferArena();
            }
            _bufferSync = ArenaSync.DeviceStale; // the caller may write through the span
            return _host.Buffers;
        }
    }

    /// <summary>The copies between host and device so far, by kind (a training loop that reads no host view makes none but the batches and the loss).</summary>
    public GpuTransfers Transfers => new GpuTransfers(
        _parameterUploads, _parameterDownloads, _gradientUploads, _gradientDownloads, _outputDownloads,
        _optimizerState.StateUploads, _optimizerState.StateDownloads);

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> BufferTensors => _host.BufferTensors;

    /// <inheritdoc/>
    public string ArchitectureHash => _host.ArchitectureHash;

    /// <inheritdoc/>
    public bool Training { get; set; }

    /// <inheritdoc/>
    public NetworkRandomState RandomState
    {
        get => new NetworkRandomState(_seed, _trainingStep);
        set
        {
            _seed = value.Seed;
            _trainingStep = value.Step;
        }
    }

    /// <summary>The output of the last forward pass (logits before a fused softmax or sigmoid), downloaded on first access.</summary>
    public ReadOnlySpan<float> LastOutput
    {
        get
        {
            int n = _forwardBatch * OutputSize;
            if (!_outputDownloaded && n > 0)
            {
                Act(_layout.OutputOffset, n).CopyToCPU(new Span<float>(_output, 0, n));
                _outputDownloads++;
                _outputDownloaded = true;
            }
            return new ReadOnlySpan<float>(_output, 0, n);
        }
    }

    /// <summary>
    /// When true, the time the device spends in kernels (the layers' forward and backward, the loss and the optimizer
    /// update, without the copies of batches, targets and the loss) is added to <see cref="KernelTime"/>; each measured
    /// pass synchronises the device twice.
    /// </summary>
    public bool MeasureKernelTime { get; set; }

    /// <summary>The kernel time measured while <see cref="MeasureKernelTime"/> was true.</summary>
    public TimeSpan KernelTime => _kernelClock.Elapsed;

    /// <summary>Resets <see cref="KernelTime"/> to zero.</summary>
    public void ResetKernelTime() => _kernelClock.Reset();

    /// <summary>The seed of the dropout masks, derived from the initialisation seed and the layer's index, as on the CPU.</summary>
    protected long DropoutSeed(int layer) => unchecked(_seed * 1000003L + layer);

    /// <summary>The training forward passes so far: the counter of the dropout masks.</summary>
    protected long TrainingStepCount => _trainingStep;

    /// <summary>A view of the parameter arena.</summary>
    protected ArrayView<float> Param(int offset, int length) => _parameters.View.SubView(offset, length);

    /// <summary>A view of the gradient arena.</summary>
    protected ArrayView<float> Grad(int offset, int length) => _gradients.View.SubView(offset, length);

    /// <summary>A view of the buffer arena.</summary>
    protected ArrayView<float> Buffer(int offset, int length) => _buffers.View.SubView(offset, length);

    /// <summary>A view of the activation arena.</summary>
    protected ArrayView<float> Act(int offset, int length) => _activations.View.SubView(offset, length);

    /// <summary>A view of the activation-gradient arena.</summary>
    protected ArrayView<float> Dact(int offset, int length) => _dactivations.View.SubView(offset, length);

    /// <summary>A view of the saved-for-backward arena.</summary>
    protected ArrayView<float> Saved(int offset, int length) => _saved.View.SubView(offset, length);

    /// <summary>A view of the index arena (max-pool argmax).</summary>
    protected ArrayView<int> Indices(int offset, int length) => _indices.View.SubView(offset, length);

    /// <summary>An empty view, for a missing bias or an input that needs no gradient.</summary>
    protected static ArrayView<float> None => ArrayView<float>.Empty;

    /// <summary>Registers a layer's device resources, released with the network.</summary>
    protected T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>The layers' forward kernels, in order; the input is already in the activation arena.</summary>
    protected abstract void ForwardCore(int batch, bool training);

    /// <summary>The layers' backward kernels, in reverse order; the output's gradient is already in the arena.</summary>
    protected abstract void BackwardCore(int batch);

    /// <summary>Re-initialises the parameters and buffers exactly as the CPU network does for <paramref name="seed"/>.</summary>
    public void Initialize(long seed)
    {
        _host.Initialize(seed);
        _parameterSync = ArenaSync.DeviceStale;
        _gradientSync = ArenaSync.DeviceStale;
        _bufferSync = ArenaSync.DeviceStale;
        _seed = seed;
        _trainingStep = 0;
        _forwardBatch = 0;
        _forwardTraining = false;
        _forwardCurrent = false;
    }

    /// <summary>
    /// Copies the host copies of the parameters and buffers to the device now, whichever is newer (a forward pass
    /// uploads them itself when the host copy is newer).
    /// </summary>
    public void UploadParameters()
    {
        UploadParameterArena();
        UploadBufferArena();
    }

    /// <summary>Copies the device gradients to the host copy now, whichever is newer (<see cref="Gradients"/> does it when needed).</summary>
    public void DownloadGradients()
    {
        DownloadGradientArena();
        _gradientSync = ArenaSync.Current;
    }

    /// <summary>Copies the device parameters and buffers to the host copies now, whichever is newer (<see cref="Parameters"/> does it when needed).</summary>
    public void DownloadParameters()
    {
        DownloadParameterArena();
        DownloadBufferArena();
        _parameterSync = ArenaSync.Current;
        _bufferSync = ArenaSync.Current;
    }

    // Before the kernels read the parameters and buffers: upload whichever host copy is newer.
    private void DeviceCurrent()
    {
        if (_parameterSync == ArenaSync.DeviceStale)
        {
            UploadParameterArena();
        }
        if (_bufferSync == ArenaSync.DeviceStale)
        {
            UploadBufferArena();
        }
    }

    private void UploadParameterArena()
    {
        ((ArrayView<float>)_parameters.View.SubView(0, ParameterCount)).CopyFromCPU((ReadOnlySpan<float>)_host.Parameters);
        _parameterUploads++;
        _parameterSync = ArenaSync.Current;
    }

    private void UploadBufferArena()
    {
        if (_host.Buffers.Length > 0)
        {
            ((ArrayView<float>)_buffers.View.SubView(0, _host.Buffers.Length)).CopyFromCPU((ReadOnlySpan<float>)_host.Buffers);
        }
        _bufferSync = ArenaSync.Current;
    }

    private void DownloadParameterArena()
    {
        ((ArrayView<float>)_parameters.View.SubView(0, ParameterCount)).CopyToCPU(_host.Parameters);
        _parameterDownloads++;
    }

    private void DownloadGradientArena()
    {
        ((ArrayView<float>)_gradients.View.SubView(0, ParameterCount)).CopyToCPU(_host.Gradients);
        _gradientDownloads++;
    }

    private void DownloadBufferArena()
    {
        if (_host.Buffers.Length > 0)
        {
            ((ArrayView<float>)_buffers.View.SubView(0, _host.Buffers.Length)).CopyToCPU(_host.Buffers);
        }
    }

    /// <summary>Releases the device arenas and the layers' device scratch (not the <see cref="Device"/>).</summary>
    public void Dispose()
    {
        foreach (IDisposable resource in _owned)
        {
            resource.Dispose();
        }
        _owned.Clear();
        _optimizerState.Dispose();
        _loss?.Dispose();
        _buffersBefore.Dispose();
        _flag.Dispose();
        _parameters.Dispose();
        _gradients.Dispose();
        _buffers.Dispose();
        _activations.Dispose();
        _dactivations.Dispose();
        _saved.Dispose();
        _indices.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Which copy of an arena is newer, if either: the device's after kernels wrote it, the host's after a getter.</summary>
internal enum ArenaSync
{
    /// <summary>Both copies hold the same values.</summary>
    Current,

    /// <summary>The device copy is newer; a getter downloads it.</summary>
    HostStale,

    /// <summary>The host copy may be newer; the next device use uploads it.</summary>
    DeviceStale,
}
