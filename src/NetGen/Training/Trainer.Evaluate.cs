using System;
using NetGen.Data;

namespace NetGen.Training;

public sealed partial class Trainer
{
    /// <summary>
    /// The network's mean loss and accuracy over <paramref name="data"/>, in batches of
    /// <see cref="TrainerOptions.BatchSize"/>, without changing any parameter (PyTorch's <c>model.eval()</c> loop).
    /// </summary>
    /// <exception cref="ArgumentException">The data set's shape does not fit the network.</exception>
    public Evaluation Evaluate(DataSet data)
    {
        TrainerChecks.Fits(Network, data, nameof(data));
        INetwork net = Network;
        int inputSize = net.InputSize, targetSize = net.TargetSize, outputSize = net.OutputSize;
        bool training = net.Training;
        net.Training = false; // evaluation runs in inference mode: running statistics, no dropout
        double lossSum = 0;
        long correct = 0;
        try
        {
            for (int start = 0; start < data.Count; start += Options.BatchSize)
            {
                // Rows in order are already contiguous, so the data set's own memory is the batch.
                int batch = Math.Min(Options.BatchSize, data.Count - start);
                ReadOnlySpan<float> target = data.Targets.Slice(start * targetSize, batch * targetSize);
                net.Forward(data.Features.Slice(start * inputSize, batch * inputSize), _output.AsSpan(0, batch * outputSize), batch);
                lossSum += (double)net.ComputeLoss(target, batch) * batch;
                correct += BatchAccuracy.CountCorrect(net.LastOutput, target, batch, outputSize, net.Loss);
            }
        }
        finally
        {
            net.Training = training; // also when a pass throws: the caller's mode is never left changed
        }
        return new Evaluation((float)(lossSum / data.Count), BatchAccuracy.Accuracy(correct, data.Count, outputSize, net.Loss), data.Count);
    }

    /// <summary>
    /// Writes the network's outputs for every row of <paramref name="data"/> into <paramref name="outputs"/>
    /// (<c>Count x OutputSize</c>): what <see cref="INetwork.Forward"/> returns for each row.
    /// </summary>
    /// <exception cref="ArgumentException">The features do not fit the network, or <paramref name="outputs"/> has the wrong length.</exception>
    public void Predict(DataSet data, Span<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(data);
        Predict(data.Features, outputs);
    }

    /// <summary>
    /// Writes the network's outputs for the row-major <paramref name="features"/> (<c>n x InputSize</c>) into
    /// <paramref name="outputs"/> (<c>n x OutputSize</c>), in batches of <see cref="TrainerOptions.BatchSize"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths are not whole rows of the network's input and output.</exception>
    public void Predict(ReadOnlySpan<float> features, Span<float> outputs)
    {
        INetwork net = Network;
        int inputSize = net.InputSize, outputSize = net.OutputSize;
        int rows = features.Length / inputSize;
        if (features.Length % inputSize != 0 || outputs.Length != (long)rows * outputSize)
        {
            throw new ArgumentException(
                $"Got {features.Length} features and room for {outputs.Length} outputs, but the network maps rows of {inputSize} features to {outputSize} outputs; pass n x {inputSize} features and n x {outputSize} outputs.",
                nameof(outputs));
        }
        bool training = net.Training;
        net.Training = false; // predictions run in inference mode
        try
        {
            for (int start = 0; start < rows; start += Options.BatchSize)
            {
                int batch = Math.Min(Options.BatchSize, rows - start);
                net.Forward(features.Slice(start * inputSize, batch * inputSize), outputs.Slice(start * outputSize, batch * outputSize), batch);
            }
        }
        finally
        {
            net.Training = training; // also when a forward pass throws (another thread using the network, say)
        }
    }
}
