using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Kernels;
using NetGen.Ops;
using NetGen.Optimizers;

namespace NetGen.Gpu;

public abstract partial class GpuNetwork<TLoss>
{
    private string Name => _layout.NetworkName;

    /// <summary>
    /// Runs the network on <paramref name="batch"/> samples on the device, in the mode <see cref="Training"/> selects,
    /// and writes the output with the same transform as the CPU network (softmax or sigmoid probabilities, or the raw
    /// output). Checks are the CPU network's, with the same messages.
    /// </summary>
    /// <exception cref="ArgumentException">A span is not exactly <paramref name="batch"/> samples long, or the input is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is not in [1, MaxBatch].</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        using ExclusiveUse.Scope entered = _use.Enter(Name, nameof(Forward));
        NetworkGuard.Batch(batch, MaxBatch, Name);
        NetworkGuard.Length(input.Length, batch, InputSize, "input", Name);
        NetworkGuard.Length(output.Length, batch, OutputSize, "output", Name);
        NetworkGuard.Finite(input, "input", Name);
        if (Training && _layout.SingleValueBatchNorm is { } norm)
        {
            NetworkGuard.BatchNormTrainingBatch(batch, norm, Name);
        }
        RunForward(input, batch, Training);
        ReadOnlySpan<float> last = LastOutput;
        switch (_layout.OutputTransform)
        {
            case Activation.Softmax:
                Softmax.Forward(last, output, batch, OutputSize);
                break;
            case Activation.Sigmoid:
                ActivationKernels.Apply(last, output, default(SigmoidActivation));
                break;
            default:
                last.CopyTo(output);
                break;
        }
    }

    /// <summary>The mean loss of the last forward pass against <paramref name="target"/>, without gradients.</summary>
    public float ComputeLoss(ReadOnlySpan<float> target, int batch)
    {
        using ExclusiveUse.Scope entered = _use.Enter(Name, nameof(ComputeLoss));
        NetworkGuard.ForwardRan(_forwardBatch, batch, Name);
        ValidateTarget(target, batch);
        return default(TLoss).Forward(LastOutput, target, batch, OutputSize);
    }

    /// <summary>Zeroes the gradients and back-propagates the loss of the last forward pass into <see cref="Gradients"/>; returns the loss.</summary>
    public float Backward(ReadOnlySpan<float> target, int batch)
    {
        using ExclusiveUse.Scope entered = _use.Enter(Name, nameof(Backward));
        NetworkGuard.ForwardRan(_forwardBatch, batch, Name);
        NetworkGuard.ParametersUnchanged(_forwardCurrent, Name);
        if (_layout.HasModeDependentLayers)
        {
            NetworkGuard.TrainingForwardRan(_forwardTraining, Name);
        }
        ValidateTarget(target, batch);
        return RunBackward(target, batch, accumulate: false, scale: 1f);
    }

    /// <summary>
    /// A training forward and backward pass without the update: replaces <see cref="Gradients"/> with this batch's,
    /// or adds <paramref name="scale"/> times them when <paramref name="accumulate"/> is true. Returns the loss. A
    /// non-finite result throws <see cref="NonFiniteException"/> and zeroes the gradients, as on the CPU.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, bool accumulate = false, float scale = 1f)
    {
        using ExclusiveUse.Scope entered = _use.Enter(Name, nameof(ComputeGradients));
        if (!(scale > 0f) || float.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, Name + ": the gradient scale must be a finite positive number, such as 1 / micro-batches.");
        }
        ValidateTraining(input, target, batch);
        return GradientStep(input, target, batch, accumulate, scale);
    }

    /// <summary>Sets every gradient to zero, on the device and the host.</summary>
    public void ZeroGradients()
    {
        _host.ZeroGradients();
        _gradients.View.MemSetToZero();
        _gradientSync = ArenaSync.Current;
    }

    /// <summary>
    /// Records that <see cref="Parameters"/> or <see cref="Buffers"/> were written from outside, so that
    /// <see cref="Backward"/> asks for a new <see cref="Forward"/> instead of using the last pass's activations.
    /// </summary>
    public void MarkParametersChanged()
    {
        _forwardCurrent = false;
        _host.MarkParametersChanged();
    }

    /// <summary>
    /// One training step on the device: forward, loss, backward and the optimizer's update of <see cref="Parameters"/>.
    /// Every argument is checked before any state changes; a non-finite loss or gradient throws
    /// <see cref="NonFiniteException"/> before the update, as on the CPU, and so does an update that overflows (after
    /// it). The runtime's optimizers update the device arenas with their rules' kernel, the state in device memory;
    /// another <see cref="Optimizer"/> subclass steps the host copies (downloaded and uploaded again). The optimizer
    /// binds to this network's CPU twin (<see cref="Optimizer.Attach"/>).
    /// </summary>
    /// <returns>The mean loss of the batch, before the update.</returns>
    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, Optimizer optimizer)
    {
        using ExclusiveUse.Scope entered = _use.Enter(Name, nameof(TrainStep));
        if (optimizer is null)
        {
            throw new ArgumentNullException(nameof(optimizer));
        }
        optimizer.Attach(this);
        ValidateTraining(input, target, batch);
        float loss = GradientStep(input, target, batch, accumulate: false, scale: 1f);
        _forwardCurrent = false; // before the update, which throws if it overflows
        if (GpuOptimizerState.Supports(optimizer))
        {
            StartKernelClock();
            _optimizerState.Step(optimizer, _parameters.View.SubView(0, ParameterCount), _gradients.View.SubView(0, ParameterCount));
            StopKernelClock();
            _parameterSync = ArenaSync.HostStale;
            if (!DeviceFinite(_parameters, ParameterCount))
            {
                throw new NonFiniteException(Name, NonFiniteException.Describe(Parameters, ParameterTensors) ?? "a parameter");
            }
        }
        else
        {
            optimizer.Step(Parameters, Gradients);
        }
        return loss;
    }

    /// <summary>One training step with integer class labels, one per sample; see the float overload.</summary>
    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Optimizer optimizer)
    {
        using ExclusiveUse.Scope entered = _use.Enter(Name, nameof(TrainStep));
        NetworkGuard.Batch(batch, MaxBatch, Name);
        NetworkGuard.Length(labels.Length, batch, TargetSize, "labels", Name);
        NetworkGuard.ClassLabels(labels, OutputSize, Name);
        Span<float> target = new Span<float>(_labels, 0, batch);
        for (int i = 0; i < batch; i++)
        {
            target[i] = labels[i];
        }
        return TrainStep(input, target, batch, optimizer);
    }

    private void ValidateTraining(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch)
    {
        NetworkGuard.Batch(batch, MaxBatch, Name);
        if (_layout.SingleValueBatchNorm is { } norm)
        {
            NetworkGuard.BatchNormTrainingBatch(batch, norm, Name);
        }
        NetworkGuard.Length(input.Length, batch, InputSize, "input", Name);
        NetworkGuard.Finite(input, "input", Name);
        ValidateTarget(target, batch);
    }

    private void ValidateTarget(ReadOnlySpan<float> target, int batch)
    {
        NetworkGuard.Length(target.Length, batch, TargetSize, "target", Name);
        switch (Loss)
        {
            case Loss.SoftmaxCrossEntropy:
                NetworkGuard.ClassLabels(target, OutputSize, Name);
                break;
            case Loss.BinaryCrossEntropy:
                NetworkGuard.Probabilities(target, Name);
                break;
            default:
                NetworkGuard.Finite(target, "target", Name);
                break;
        }
    }

    // Forward and backward in training mode; a non-finite result restores the state the pass changed and throws.
    private float GradientStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, bool accumulate, float scale)
    {
        DeviceCurrent();
        if (_host.Buffers.Length > 0)
        {
            _buffers.View.CopyTo(_buffersBefore.View);
        }
        long stepBefore = _trainingStep;
        RunForward(input, batch, training: true);
        float loss = RunBackward(target, batch, accumulate, scale);
        if (!float.IsFinite(loss) || !DeviceFinite(_gradients, ParameterCount, _buffers, _host.Buffers.Length))
        {
            string where = FindNonFinite(loss);
            if (_host.Buffers.Length > 0)
            {
                _buffersBefore.View.CopyTo(_buffers.View);
            }
            _gradients.View.MemSetToZero(); // never left poisoned: an accumulation restarts from zero
            _gradientSync = ArenaSync.HostStale;
            _trainingStep = stepBefore;
            throw new NonFiniteException(Name, where, loss);
        }
        return loss;
    }

    // The failure path only: downloads what it checks, in the CPU network's order and words (a parameter, the cause
    // when one is, then the running statistics, the loss, the gradients).
    private string FindNonFinite(float loss) =>
        NonFiniteOnDevice(_parameters, ParameterCount, ParameterTensors, "the parameter")
        ?? NonFiniteOnDevice(_buffers, _host.Buffers.Length, BufferTensors, "the running statistic")
        ?? (float.IsFinite(loss) ? null : "the loss")
        ?? NonFiniteOnDevice(_gradients, ParameterCount, ParameterTensors, "the gradient of")
        ?? "a gradient";

    private static string? NonFiniteOnDevice(MemoryBuffer1D<float, Stride1D.Dense> arena, int length, IReadOnlyList<TensorInfo> tensors, string what)
    {
        if (length == 0)
        {
            return null;
        }
        var values = new float[length];
        ((ArrayView<float>)arena.View.SubView(0, length)).CopyToCPU(values);
        return NonFiniteException.Describe(values, tensors, what, element: false);
    }

    // Arenas are checked where they are, on the device: one int comes back for all of them.
    private bool DeviceFinite(MemoryBuffer1D<float, Stride1D.Dense> arena, int length,
        MemoryBuffer1D<float, Stride1D.Dense>? other = null, int otherLength = 0)
    {
        if (length == 0 && otherLength == 0)
        {
            return true;
        }
        _flag.View.MemSetToZero();
        FlagNonFinite(arena, length);
        if (other is not null)
        {
            FlagNonFinite(other, otherLength);
        }
        _flag.View.CopyToCPU(_flagHost);
        return _flagHost[0] == 0;
    }

    private void FlagNonFinite(MemoryBuffer1D<float, Stride1D.Dense> arena, int length)
    {
        if (length > 0)
        {
            int threads = Device.Threads(length);
            _flagNonFinite(threads, arena.View.SubView(0, length), _flag.View, length, threads);
        }
    }

    private void RunForward(ReadOnlySpan<float> input, int batch, bool training)
    {
        DeviceCurrent();
        Act(_layout.InputOffset, batch * InputSize).CopyFromCPU(input);
        StartKernelClock();
        ForwardCore(batch, training);
        StopKernelClock();
        _outputDownloaded = false; // LastOutput downloads it when asked
        if (training)
        {
            if (_host.Buffers.Length > 0)
            {
                _bufferSync = ArenaSync.HostStale;
            }
            _trainingStep++;
        }
        _forwardBatch = batch;
        _forwardTraining = training;
        _forwardCurrent = true;
    }

    private float RunBackward(ReadOnlySpan<float> target, int batch, bool accumulate, float scale)
    {
        if (!accumulate)
        {
            _gradients.View.MemSetToZero();
        }
        else if (_gradientSync == ArenaSync.DeviceStale)
        {
            // The host copy may have been scaled or clipped through Gradients since the last pass.
            ((ArrayView<float>)_gradients.View.SubView(0, ParameterCount)).CopyFromCPU((ReadOnlySpan<float>)_host.Gradients);
            _gradientUploads++;
        }
        _dactivations.View.MemSetToZero();
        int n = batch * OutputSize;
        float loss = 0f;
        if (_loss is not null)
        {
            // The loss and the output's gradient on the device, with the loss struct's scalar helpers: the targets go
            // up, one float comes back.
            _loss.UploadTargets(target);
            StartKernelClock();
            _loss.Launch(Act(_layout.OutputOffset, n), Dact(_layout.OutputGradientOffset, n), batch, scale);
        }
        else
        {
            // A loss struct without row kernels: on the host, batch x outputs floats each way.
            Span<float> doutput = new Span<float>(_doutput, 0, n);
            loss = default(TLoss).ForwardBackward(LastOutput, target, doutput, batch, OutputSize);
            if (scale != 1f)
            {
                ArenaOps.Scale(doutput, scale);
            }
            Dact(_layout.OutputGradientOffset, n).CopyFromCPU((ReadOnlySpan<float>)doutput);
            StartKernelClock();
        }
        BackwardCore(batch);
        StopKernelClock();
        if (_loss is not null)
        {
            loss = _loss.ReadLoss();
        }
        _gradientSync = ArenaSync.HostStale;
        return loss;
    }

    private void StartKernelClock()
    {
        if (MeasureKernelTime)
        {
            Device.Synchronize();
            _kernelClock.Start();
        }
    }

    private void StopKernelClock()
    {
        if (MeasureKernelTime)
        {
            Device.Synchronize();
            _kernelClock.Stop();
        }
    }
}
