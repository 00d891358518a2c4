using System;
using NetGen.Data;
using NetGen.Kernels;
using NetGen.Optimizers;
using NetGen.Schedules;

namespace NetGen.Training;

public sealed partial class Trainer
{
    // One mini-batch: gather, augment, step (fused, or gradients then a clipped or accumulated update). No allocation.
    private void RunBatch(DataSet train, int batches)
    {
        INetwork net = Network;
        int inputSize = net.InputSize, targetSize = net.TargetSize;
        int start = _run.Batch * Options.BatchSize;
        int batch = Math.Min(Options.BatchSize, _order.Length - start);
        for (int i = 0; i < batch; i++)
        {
            int row = _order[start + i];
            train.FeaturesOf(row).CopyTo(_input.AsSpan(i * inputSize, inputSize));
            train.TargetsOf(row).CopyTo(_target.AsSpan(i * targetSize, targetSize));
        }
        Span<float> input = _input.AsSpan(0, batch * inputSize);
        Options.Augmentation?.Apply(input, batch);
        ReadOnlySpan<float> target = _target.AsSpan(0, batch * targetSize);
        if (Options.Schedule is { } schedule)
        {
            Optimizer.LearningRate = schedule.CurrentRate;
        }

        float loss;
        bool updated;
        if (Options.AccumulationSteps == 1 && Options.ClipGradientNorm is null && Options.ClipGradientValue is null)
        {
            loss = net.TrainStep(input, target, batch, Optimizer); // forward, backward and update fused
            updated = true;
        }
        else
        {
            // Each micro-batch adds 1/k of its mean gradient, so k of them average like one large batch.
            try
            {
                loss = net.ComputeGradients(input, target, batch, accumulate: _run.Pending > 0, scale: 1f / Options.AccumulationSteps);
            }
            catch (NonFiniteException)
            {
                _run.Pending = 0; // the network zeroed the group's gradients: the next micro-batch starts a new group
                throw;
            }
            _run.Pending++;
            updated = _run.Pending == Options.AccumulationSteps || _run.Batch == batches - 1;
            if (updated)
            {
                ApplyUpdate();
            }
        }
        _run.LossSum += (double)loss * batch;
        _run.Seen += batch;
        // LastOutput still holds this batch's forward pass, computed before the optimizer's update.
        _run.Correct += BatchAccuracy.CountCorrect(net.LastOutput, target, batch, net.OutputSize, net.Loss);
        if (updated && Options.Schedule is { Interval: ScheduleInterval.Batch } batchSchedule)
        {
            batchSchedule.Step();
        }
    }

    private void ApplyUpdate()
    {
        Span<float> gradients = Network.Gradients;
        if (_run.Pending < Options.AccumulationSteps)
        {
            // The epoch's last group is short: rescale its sum of 1/k gradients to their mean.
            ArenaOps.Scale(gradients, (float)Options.AccumulationSteps / _run.Pending);
        }
        if (Options.ClipGradientValue is { } limit)
        {
            GradientClipping.ClipByValue(gradients, limit);
        }
        if (Options.ClipGradientNorm is { } norm)
        {
            GradientClipping.ClipByGlobalNorm(gradients, norm);
        }
        _run.Pending = 0; // first: an update that overflows throws, and the next group must start afresh
        Optimizer.Step(Network); // the clipped gradients, in place; marks the network's forward pass stale
    }

    private void EndEpoch(DataSet? validation, RunClock clock, Action<EpochReport>? onEpoch)
    {
        INetwork net = Network;
        float trainLoss = (float)(_run.LossSum / _run.Seen);
        float trainAccuracy = BatchAccuracy.Accuracy(_run.Correct, _run.Seen, net.OutputSize, net.Loss);
        Evaluation? check = validation is null ? null : Evaluate(validation);
        _run.Epoch++;
        var report = new EpochReport(_run.Epoch, Options.Epochs, trainLoss, trainAccuracy, check?.Loss, check?.Accuracy, clock.Elapsed);
        _reports.Add(report);

        if (Options.Schedule is { Interval: ScheduleInterval.Epoch } schedule)
        {
            schedule.Step((float)Monitored(report, Options.ScheduleMetric));
        }
        if (Options.EarlyStopping is { } stopping)
        {
            WatchForEarlyStop(stopping, report);
        }
        _run.Batch = 0;
        _run.LossSum = 0;
        _run.Correct = 0;
        _run.Seen = 0;
        if (Options.CheckpointPath is { } path)
        {
            SaveCheckpoint(path);
        }
        onEpoch?.Invoke(report);
    }

    // Keras's EarlyStopping: improvement beyond MinDelta resets the patience; the best epoch's weights are kept.
    private void WatchForEarlyStop(EarlyStopping stopping, EpochReport report)
    {
        double value = Monitored(report, stopping.Monitor);
        bool lowerIsBetter = stopping.Monitor != MonitoredMetric.ValidationAccuracy;
        bool improved = _run.BestEpoch == 0
            || (lowerIsBetter ? value < _run.Best - stopping.MinDelta : value > _run.Best + stopping.MinDelta);
        if (improved)
        {
            _run.Best = value;
            _run.BestEpoch = _run.Epoch;
            _run.BadEpochs = 0;
            if (_bestParameters is not null)
            {
                // Only RestoreBestWeights keeps a copy (and allocates the arrays); without it the epoch is just recorded.
                Network.Parameters.CopyTo(_bestParameters);
                Network.Buffers.CopyTo(_bestBuffers);
            }
            return;
        }
        if (++_run.BadEpochs >= stopping.Patience)
        {
            _run.Stopped = true;
        }
    }

    private static double Monitored(EpochReport report, MonitoredMetric metric) => metric switch
    {
        MonitoredMetric.ValidationLoss => report.ValidationLoss ?? report.TrainLoss,
        MonitoredMetric.ValidationAccuracy => report.ValidationAccuracy ?? report.TrainAccuracy,
        _ => report.TrainLoss,
    };

    private void FinishRun()
    {
        if (Options.EarlyStopping is { RestoreBestWeights: true } && _run.BestEpoch > 0 && _run.BestEpoch < _run.Epoch)
        {
            _bestParameters.CopyTo(Network.Parameters);
            _bestBuffers.CopyTo(Network.Buffers);
            Network.MarkParametersChanged();
        }
        _run.InProgress = false;
    }

    /// <summary>The epoch whose weights early stopping kept (0 when it is off or no epoch finished).</summary>
    public int BestEpoch => _run.BestEpoch;
}
