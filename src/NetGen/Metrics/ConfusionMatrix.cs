using System;
using System.Collections.Generic;
using System.Numerics.Tensors;

namespace NetGen.Metrics;

/// <summary>
/// Counts of (actual class, predicted class) pairs over any number of batches, with the scores scikit-learn derives
/// from them: accuracy, per-class precision, recall and F1, their macro and weighted averages, and printable tables.
/// Rows are actual classes and columns predicted classes, as in <c>sklearn.metrics.confusion_matrix</c>.
/// Memory is allocated in the constructor only; <c>Add</c> allocates nothing.
/// </summary>
/// <remarks>
/// Every class in <c>[0, Classes)</c> is a label, whether or not it occurs: the averages equal scikit-learn's with
/// <c>labels=range(classes)</c>, which differs from its default only when a class is neither present nor predicted.
/// Each <c>Add</c> of a batch checks the whole batch first and throws without counting anything when it is invalid.
/// </remarks>
public sealed partial class ConfusionMatrix
{
    private readonly long[] _counts; // (actual, predicted), row-major: _counts[actual * Classes + predicted]
    private readonly string[] _classNames;
    private readonly IReadOnlyList<string> _readOnlyNames;
    private long _total;

    /// <summary>Creates an empty confusion matrix.</summary>
    /// <param name="classes">The number of classes, at least 2.</param>
    /// <param name="classNames">A name per class for the printed tables; null names the classes <c>0</c>, <c>1</c>...</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is below 2.</exception>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> does not hold one non-null name per class.</exception>
    public ConfusionMatrix(int classes, IReadOnlyList<string>? classNames = null)
    {
        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A confusion matrix needs at least 2 classes.");
        }
        if (classNames is not null && classNames.Count != classes)
        {
            throw new ArgumentException($"There are {classes} classes but {classNames.Count} class names; pass one name per class.", nameof(classNames));
        }
        Classes = classes;
        _counts = new long[classes * classes];
        _classNames = new string[classes];
        for (int c = 0; c < classes; c++)
        {
            _classNames[c] = classNames is null ? c.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : classNames[c] ?? throw new ArgumentException($"classNames[{c}] is null; pass a name for every class.", nameof(classNames));
        }
        _readOnlyNames = Array.AsReadOnly(_classNames);
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The class names used by <see cref="ToTable"/> and <see cref="ClassificationReport"/>.</summary>
    public IReadOnlyList<string> ClassNames => _readOnlyNames;

    /// <summary>The number of samples counted.</summary>
    public long Total => _total;

    /// <summary>The number of samples of class <paramref name="actual"/> that were predicted as <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside <c>[0, Classes)</c>.</exception>
    public long this[int actual, int predicted]
    {
        get
        {
            Batch.CheckClass(actual, Classes, nameof(actual));
            Batch.CheckClass(predicted, Classes, nameof(predicted));
            return _counts[actual * Classes + predicted];
        }
    }

    /// <summary>Counts one sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside <c>[0, Classes)</c>.</exception>
    public void Add(int actual, int predicted)
    {
        Batch.CheckClass(actual, Classes, nameof(actual));
        Batch.CheckClass(predicted, Classes, nameof(predicted));
        _counts[actual * Classes + predicted]++;
        _total++;
    }

    /// <summary>
    /// Counts a batch of a network's outputs (its <c>LastOutput</c>) against its targets, the way the network's loss reads them.
    /// <list type="bullet">
    /// <item><see cref="Loss.SoftmaxCrossEntropy"/>: <paramref name="outputs"/> is <c>batch x Classes</c> logits (or
    /// probabilities) and the prediction is each row's argmax, the first on ties, as <c>torch.argmax</c> (a NaN wins);
    /// <paramref name="targets"/> is one class index per sample, stored as a float.</item>
    /// <item><see cref="Loss.BinaryCrossEntropy"/>: needs <c>Classes == 2</c>; <paramref name="outputs"/> is one logit per
    /// sample and the prediction is class 1 when the logit is above 0 (a sigmoid above 0.5); <paramref name="targets"/> is
    /// one probability per sample and the actual class is 1 when it is at least 0.5. For outputs that are already
    /// probabilities, use <see cref="AddProbabilities"/>.</item>
    /// </list>
    /// This is the rule of <see cref="NetGen.Training.BatchAccuracy.CountCorrect"/>, so <see cref="Accuracy"/> equals the trainer's.
    /// </summary>
    /// <exception cref="ArgumentException">A span is not exactly <paramref name="batch"/> samples long, or
    /// <paramref name="loss"/> is mean squared error (use <see cref="RegressionMetrics"/>).</exception>
    /// <exception cref="InvalidOperationException">The loss is binary but the matrix does not have exactly 2 classes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is not a class index in <c>[0, Classes)</c> (softmax) or a probability (binary).</exception>
    public void Add(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch, Loss loss)
    {
        switch (loss)
        {
            case Loss.SoftmaxCrossEntropy:
                Batch.CheckLengths(outputs, Classes, targets, 1, batch);
                Batch.CheckClassIndices(targets, Classes);
                for (int i = 0; i < batch; i++)
                {
                    int predicted = TensorPrimitives.IndexOfMax(outputs.Slice(i * Classes, Classes));
                    _counts[(int)targets[i] * Classes + predicted]++;
                }
                _total += batch;
                break;
            case Loss.BinaryCrossEntropy:
                AddThresholded(outputs, targets, batch, 0f, "outputs");
                break;
            default:
                throw new ArgumentException(
                    $"{loss} has no classes to count; use RegressionMetrics for regression outputs.", nameof(loss));
        }
    }

    /// <summary>
    /// Counts a batch of binary predictions given as one probability (or any score) per sample: class 1 when the
    /// probability is strictly above <paramref name="threshold"/>, as scikit-learn's <c>predict</c> does (0.5 exactly is
    /// class 0, like a logit of exactly 0). Targets are one probability per sample; the actual class is 1 when at least 0.5.
    /// </summary>
    /// <param name="probabilities">One probability per sample, for example a sigmoid output.</param>
    /// <param name="targets">One target per sample, in [0, 1].</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="threshold">The cut above which a sample is predicted positive; 0 turns logits into classes.</param>
    /// <exception cref="InvalidOperationException">The matrix does not have exactly 2 classes.</exception>
    /// <exception cref="ArgumentException">A span is not exactly <paramref name="batch"/> long, or the threshold is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, 1].</exception>
    public void AddProbabilities(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, int batch, float threshold = 0.5f)
    {
        if (float.IsNaN(threshold))
        {
            throw new ArgumentException("threshold is NaN; pass the probability above which a sample is positive, such as 0.5.", nameof(threshold));
        }
        AddThresholded(probabilities, targets, batch, threshold, nameof(probabilities));
    }

    /// <summary>Sets every count to zero, to start a new epoch or data set.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _total = 0;
    }

    private void AddThresholded(ReadOnlySpan<float> scores, ReadOnlySpan<float> targets, int batch, float threshold, string scoresName)
    {
        if (Classes != 2)
        {
            throw new InvalidOperationException(
                $"Binary outputs give 2 classes but this matrix has {Classes}; create the matrix with classes: 2.");
        }
        Batch.CheckLengths(scores, 1, targets, 1, batch, scoresName);
        Batch.CheckProbabilities(targets);
        for (int i = 0; i < batch; i++)
        {
            int actual = targets[i] >= 0.5f ? 1 : 0;
            int predicted = scores[i] > threshold ? 1 : 0;
            _counts[actual * 2 + predicted]++;
        }
        _total += batch;
    }
}
