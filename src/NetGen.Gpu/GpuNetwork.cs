using System;
using System.Collections.Generic;
using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
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
/// Parameters and buffers are host-authoritative: <see cref="Parameters"/>, <see cref="Gradients"/> and
/// <see cref="Buffers"/> are the spans of a CPU twin of the network (the same generated class), so initialisation,
/// checkpoints, the <see cref="NetGen.Training.Trainer"/> and user code see exactly what they see on the CPU. Each forward pass uploads
/// the parameters and buffers (<see cref="UploadParameters"/>); a training step downloads the gradients
/// (<see cref="DownloadGradients"/>) and the running statistics.
/// </para>
/// <para>
/// The loss and the optimizer update run on the host with the runtime's own <see cref="ILoss"/> structs and
/// <see cref="Optimizer"/> classes, so every loss and optimizer (SGD, momentum, Nesterov, Adam, AdamW, RMSprop,
/// Adagrad, weight decay and its exclusions) behaves exactly as on the CPU; the cost is copying the output and its
/// gradient (batch x outputs) and the gradients and parameters once per step (docs/gpu.md).
/// </para>
/// </remarks>
public abstract partial class GpuNetwork<TLoss> : INetwork, IDisposable
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
    private readonly float[] _output;
    private readonly float[] _doutput;
    private readonly float[] _labels;
    private readonly float[] _buffersBefore;
    private readonly List<IDisposable> _owned = new();
    private readonly Stopwatch _kernelClock = new();
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
        _buffersBefore = new float[host.Buffers.Length];
        RandomState = host.RandomState;
    }

    /// <summary>The device the kernels run on.</summary>
    public GpuDevice Device { get; }

    /// <summary>The CPU twin holding the host copies of the parameters, gradients and buffers.</summary>
    public INetwork Host => _host;

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

    /// <summary>The host copy of the parameter arena; uploaded before every forward pass.</summary>
    public Span<float> Parameters => _host.Parameters;

    /// <summary>The host copy of the gradient arena; downloaded after every backward pass.</summary>
    public Span<float> Gradients => _host.Gradients;

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> ParameterTensors => _host.ParameterTensors;

    /// <summary>The host copy of the buffer arena (running statistics); uploaded before and downloaded after training passes.</summary>
    public Span<float> Buffers => _host.Buffers;

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

    /// <inheritdoc/>
    public ReadOnlySpan<float> LastOutput => new ReadOnlySpan<float>(_output, 0, _forwardBatch * OutputSize);

    /// <summary>
    /// When true, the time the device spends in the layers' kernels (forward and backward, without copies, the loss
    /// or the optimizer) is added to <see cref="KernelTime"/>; each measured pass synchronises the device twice.
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
        _seed = seed;
        _trainingStep = 0;
        _forwardBatch = 0;
        _forwardTraining = false;
        _forwardCurrent = false;
    }

    /// <summary>Copies the host parameters and buffers to the device (every forward pass does this itself).</summary>
    public void UploadParameters()
    {
        ((ArrayView<float>)_parameters.View.SubView(0, ParameterCount)).CopyFromCPU((ReadOnlySpan<float>)_host.Parameters);
        if (_host.Buffers.Length > 0)
        {
            ((ArrayView<float>)_buffers.View.SubView(0, _host.Buffers.Length)).CopyFromCPU((ReadOnlySpan<float>)_host.Buffers);
        }
    }

    /// <summary>Copies the device gradients to the host copy, <see cref="Gradients"/> (every backward pass does this itself).</summary>
    public void DownloadGradients() => ((ArrayView<float>)_gradients.View.SubView(0, ParameterCount)).CopyToCPU(_host.Gradients);

    /// <summary>Copies the device parameters and buffers to the host copies.</summary>
    public void DownloadParameters()
    {
        ((ArrayView<float>)_parameters.View.SubView(0, ParameterCount)).CopyToCPU(_host.Parameters);
        DownloadBuffers();
    }

    private void DownloadBuffers()
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
