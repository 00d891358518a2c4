using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Optimizers;
using NetGen.Optimizers.Rules;

namespace NetGen.Gpu;

/// <summary>
/// A network's optimizer state in device memory and the update kernel that applies the runtime's optimizers there.
/// It holds the state of one optimizer at a time (the last one that stepped this network): switching optimizers
/// first copies the previous one's state home. Between steps the device copy is the newer one
/// (<see cref="Optimizer"/> brings it home when its state is read, loaded or stepped on the host; see docs/gpu.md).
/// </summary>
internal sealed class GpuOptimizerState : IOptimizerStateHolder, IDisposable
{
    private const int MaxStates = 3;

    private readonly GpuDevice _device;
    private readonly int _length;
    private readonly MemoryBuffer1D<float, Stride1D.Dense>?[] _states = new MemoryBuffer1D<float, Stride1D.Dense>?[MaxStates];
    private Optimizer? _owner;

    public GpuOptimizerState(GpuDevice device, int length)
    {
        _device = device;
        _length = length;
    }

    /// <summary>How many times a state tensor was copied to the device (a test counts them).</summary>
    public long StateUploads { get; private set; }

    /// <summary>How many times a state tensor was copied from the device.</summary>
    public long StateDownloads { get; private set; }

    /// <summary>
    /// Whether <paramref name="optimizer"/> is one of the runtime's, whose rules have a device kernel (exactly: a
    /// user's subclass of <see cref="Adam"/> may override its step, so it steps on the host).
    /// </summary>
    public static bool Supports(Optimizer optimizer)
    {
        Type type = optimizer.GetType();
        return type == typeof(Sgd) || type == typeof(Adam) || type == typeof(AdamW) || type == typeof(RmsProp) || type == typeof(Adagrad);
    }

    /// <summary>
    /// One step of <paramref name="optimizer"/> (one of <see cref="Supports"/>) over the device arenas: counts the
    /// step, brings the state to the device if it is not already there, and launches the update per arena segment.
    /// </summary>
    public void Step(Optimizer optimizer, ArrayView<float> parameters, ArrayView<float> gradients)
    {
        optimizer.BeginExternalStep(_length, this);
        switch (optimizer)
        {
            case Sgd sgd:
                Run(optimizer, sgd.Rule(), parameters, gradients);
                break;
            case Adam adam:
                Run(optimizer, adam.Rule(), parameters, gradients);
                break;
            case RmsProp rmsProp:
                Run(optimizer, rmsProp.Rule(), parameters, gradients);
                break;
            case Adagrad adagrad:
                Run(optimizer, adagrad.Rule(), parameters, gradients);
                break;
            default:
                throw new NotSupportedException($"{optimizer.GetType().Name} has no device update; the network steps it on the host.");
        }
    }

    /// <inheritdoc/>
    public void CopyStateToHost(Optimizer optimizer)
    {
        OptimizerStateTensor[] tensors = optimizer.StateArrays;
        for (int s = 0; s < tensors.Length; s++)
        {
            ((ArrayView<float>)_states[s]!.View.SubView(0, _length)).CopyToCPU(tensors[s].Values.AsSpan(0, _length));
            StateDownloads++;
        }
    }

    private void Run<TRule>(Optimizer optimizer, TRule rule, ArrayView<float> parameters, ArrayView<float> gradients)
        where TRule : struct, IOptimizerRule
    {
        var update = _device.Kernel("optimizerUpdate", typeof(TRule),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, TRule, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(
                OptimizerKernels.Update));
        Acquire(optimizer);
        int states = optimizer.StateArrays.Length;
        foreach (Optimizer.ArenaSegment segment in optimizer.Segments)
        {
            int length = segment.End - segment.Start;
            if (length == 0)
            {
                continue;
            }
            ArrayView<float> p = parameters.SubView(segment.Start, length);
            int threads = _device.Threads(length);
            update(threads, rule, p, gradients.SubView(segment.Start, length),
                StateView(0, states, segment.Start, length, p), StateView(1, states, segment.Start, length, p),
                StateView(2, states, segment.Start, length, p), states, segment.Decay ? 1 : 0, length, threads);
        }
        optimizer.TakeState(this);
    }

    // Makes the device state optimizer's: the previous owner's newer state goes home, and the optimizer's arrays come
    // up unless the device already has its newer copy.
    private void Acquire(Optimizer optimizer)
    {
        if (_owner is not null && _owner != optimizer && _owner.NewerStateHolder == this)
        {
            _owner.SyncState();
        }
        _owner = optimizer;
        if (optimizer.NewerStateHolder == this)
        {
            return;
        }
        OptimizerStateTensor[] tensors = optimizer.StateArrays;
        if (tensors.Length > MaxStates)
        {
            throw new NotSupportedException($"{optimizer.GetType().Name} keeps {tensors.Length} state tensors; the device update holds at most {MaxStates}.");
        }
        for (int s = 0; s < tensors.Length; s++)
        {
            _states[s] ??= _device.Accelerator.Allocate1D<float>(Math.Max(1, _length));
            ((ArrayView<float>)_states[s]!.View.SubView(0, _length)).CopyFromCPU((ReadOnlySpan<float>)tensors[s].Values.AsSpan(0, _length));
            StateUploads++;
        }
    }

    // A state tensor's segment, or any valid view (never read) for a state the optimizer does not keep.
    private ArrayView<float> StateView(int s, int states, int start, int length, ArrayView<float> unused) =>
        s < states ? _states[s]!.View.SubView(start, length) : unused;

    /// <summary>Copies the state home if the device has the newer copy, then frees the device memory.</summary>
    public void Dispose()
    {
        if (_owner is not null && _owner.NewerStateHolder == this)
        {
            _owner.SyncState();
        }
        _owner = null;
        foreach (MemoryBuffer1D<float, Stride1D.Dense>? state in _states)
        {
            state?.Dispose();
        }
    }
}
