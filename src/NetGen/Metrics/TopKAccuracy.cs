using System;

namespace NetGen.Metrics;

/// <summary>
/// The fraction of samples whose actual class is among the <c>k</c> highest of their <c>classes</c> outputs
/// (logits or probabilities: the ranking is the same), over any number of batches. <c>Add</c> allocates nothing.
/// </summary>
/// <remarks>
/// Ties are counted in the sample's favour: the actual class is in the top k when fewer than k outputs are strictly
/// greater than its own, so with <c>k = 1</c> a tie for the maximum is a hit even where <c>argmax</c> (first maximum)
/// would pick another class, and <see cref="Value"/> may then exceed <see cref="ConfusionMatrix.Accuracy"/>. A NaN
/// output for the actual class is never in the top k; NaN outputs of other classes are never greater than it.
/// scikit-learn's <c>top_k_accuracy_score</c> breaks ties by a stable sort instead, which favours the later class;
/// the two agree wherever no other output ties the actual class's at the k-th place.
/// </remarks>
public sealed class TopKAccuracy
{
    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="k">How many of the highest outputs count as a hit, in <c>[1, classes]</c>.</param>
    /// <param name="classes">The number of outputs (classes) per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is below 1, or <paramref name="k"/> is outside <c>[1, classes]</c>.</exception>
    public TopKAccuracy(int k, int classes)
    {
        if (classes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes must be at least 1.");
        }
        if (k < 1 || k > classes)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k is {k}; pass a k in [1, {classes}], the number of classes.");
        }
        K = k;
        Classes = classes;
    }

    /// <summary>How many of the highest outputs count as a hit.</summary>
    public int K { get; }

    /// <summary>The number of outputs (classes) per sample.</summary>
    public int Classes { get; }

    /// <summary>The number of samples counted.</summary>
    public long Count { get; private set; }

    /// <summary>The number of samples whose actual class was in the top <see cref="K"/>.</summary>
    public long Correct { get; private set; }

    /// <summary>The top-k accuracy, <see cref="Correct"/> / <see cref="Count"/>; NaN before any sample.</summary>
    public double Value => Count > 0 ? (double)Correct / Count : double.NaN;

    /// <summary>Counts a batch.</summary>
    /// <param name="outputs"><c>batch x Classes</c> outputs, for example a network's <c>LastOutput</c>.</param>
    /// <param name="targets">One class index per sample, stored as a float, as for softmax cross-entropy.</param>
    /// <param name="batch">The number of samples.</param>
    /// <exception cref="ArgumentException">A span is not exactly <paramref name="batch"/> samples long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is not a class index in <c>[0, Classes)</c>; nothing is counted.</exception>
    public void Add(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch)
    {
        Batch.CheckLengths(outputs, Classes, targets, 1, batch);
        Batch.CheckClassIndices(targets, Classes);
        long correct = 0;
        for (int i = 0; i < batch; i++)
        {
            correct += InTopK(outputs.Slice(i * Classes, Classes), (int)targets[i]) ? 1 : 0;
        }
        Count += batch;
        Correct += correct;
    }

    /// <summary>Sets the counts to zero.</summary>
    public void Reset()
    {
        Count = 0;
        Correct = 0;
    }

    private bool InTopK(ReadOnlySpan<float> row, int actual)
    {
        float score = row[actual];
        if (float.IsNaN(score))
        {
            return false;
        }
        int greater = 0;
        foreach (float x in row)
        {
            greater += x > score ? 1 : 0;
        }
        return greater < K;
    }
}
