using System;
using System.Numerics.Tensors;

namespace NetGen.Training;

/// <summary>
/// Accuracy from a network's <c>LastOutput</c>, for each loss: the argmax class for softmax cross-entropy, each
/// element's sigmoid at 0.5 (a logit above 0) for binary cross-entropy, and nothing for mean squared error.
/// </summary>
public static class BatchAccuracy
{
    /// <summary>
    /// Counts the correct predictions in a batch. For <see cref="Loss.SoftmaxCrossEntropy"/>: rows whose largest
    /// output (the first, on ties) is the label. For <see cref="Loss.BinaryCrossEntropy"/>: elements whose logit is
    /// above 0 exactly when the target is at least 0.5. For <see cref="Loss.MeanSquaredError"/>: 0, as there is no accuracy.
    /// </summary>
    /// <param name="lastOutput">At least <c>batch x outputs</c> outputs (logits for the fused losses).</param>
    /// <param name="target">At least <c>batch</c> labels (softmax) or <c>batch x outputs</c> targets.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="outputs">The outputs per sample.</param>
    /// <param name="loss">The loss the network was trained with.</param>
    /// <exception cref="ArgumentException">A span is shorter than the batch needs.</exception>
    public static int CountCorrect(ReadOnlySpan<float> lastOutput, ReadOnlySpan<float> target, int batch, int outputs, Loss loss)
    {
        if (batch < 0 || outputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), $"batch is {batch} and outputs is {outputs}; pass batch >= 0 and outputs >= 1.");
        }
        int targetWidth = loss == Loss.SoftmaxCrossEntropy ? 1 : outputs;
        long needOutputs = (long)batch * outputs, needTargets = (long)batch * targetWidth; // no wrap for a huge batch
        if (lastOutput.Length < needOutputs || target.Length < needTargets)
        {
            throw new ArgumentException(
                $"A batch of {batch} needs {needOutputs} outputs and {needTargets} targets but got {lastOutput.Length} and {target.Length}; pass the spans of the same batch.",
                lastOutput.Length < needOutputs ? nameof(lastOutput) : nameof(target));
        }

        int correct = 0;
        switch (loss)
        {
            case Loss.SoftmaxCrossEntropy:
                for (int i = 0; i < batch; i++)
                {
                    // TensorPrimitives.IndexOfMax returns the first index of the maximum, as torch.argmax does.
                    int predicted = TensorPrimitives.IndexOfMax(lastOutput.Slice(i * outputs, outputs));
                    correct += predicted == (int)target[i] ? 1 : 0;
                }
                break;
            case Loss.BinaryCrossEntropy:
                for (int i = 0; i < batch * outputs; i++)
                {
                    correct += (lastOutput[i] > 0f) == (target[i] >= 0.5f) ? 1 : 0;
                }
                break;
        }
        return correct;
    }

    /// <summary>
    /// How many predictions one sample contributes to an accuracy: 1 for softmax cross-entropy, <paramref name="outputs"/>
    /// for binary cross-entropy (each output is its own yes/no), 0 for mean squared error.
    /// </summary>
    public static int PredictionsPerSample(Loss loss, int outputs) => loss switch
    {
        Loss.SoftmaxCrossEntropy => 1,
        Loss.BinaryCrossEntropy => outputs,
        _ => 0,
    };

    /// <summary>
    /// The accuracy of <paramref name="correct"/> predictions (from <see cref="CountCorrect"/>) over
    /// <paramref name="samples"/> samples; NaN when the loss has no accuracy or there are no samples.
    /// </summary>
    public static float Accuracy(long correct, long samples, int outputs, Loss loss)
    {
        long predictions = samples * PredictionsPerSample(loss, outputs);
        return predictions > 0 ? (float)((double)correct / predictions) : float.NaN;
    }
}
