namespace NetGen.Metrics;

// Scores follow sklearn.metrics.precision_recall_fscore_support with zero_division=0: a ratio whose denominator is 0
// (a class never predicted, or never present) is 0 rather than NaN, and so is an average whose weights are all 0.
// https://scikit-learn.org/stable/modules/generated/sklearn.metrics.precision_recall_fscore_support.html
public sealed partial class ConfusionMatrix
{
    /// <summary>The fraction of samples on the diagonal (predicted as their actual class); NaN before any sample.</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < Classes; c++)
            {
                correct += _counts[c * Classes + c];
            }
            return _total > 0 ? (double)correct / _total : double.NaN;
        }
    }

    /// <summary>The number of samples whose actual class is <paramref name="c"/> (its row sum).</summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="c"/> is outside <c>[0, Classes)</c>.</exception>
    public long Support(int c)
    {
        Batch.CheckClass(c, Classes, nameof(c));
        long sum = 0;
        for (int p = 0; p < Classes; p++)
        {
            sum += _counts[c * Classes + p];
        }
        return sum;
    }

    /// <summary>The number of samples predicted as class <paramref name="c"/> (its column sum).</summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="c"/> is outside <c>[0, Classes)</c>.</exception>
    public long PredictedCount(int c)
    {
        Batch.CheckClass(c, Classes, nameof(c));
        long sum = 0;
        for (int a = 0; a < Classes; a++)
        {
            sum += _counts[a * Classes + c];
        }
        return sum;
    }

    /// <summary>Of the samples predicted as <paramref name="c"/>, the fraction that are <paramref name="c"/>: <c>tp / (tp + fp)</c>; 0 when none is predicted as <paramref name="c"/>.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="c"/> is outside <c>[0, Classes)</c>.</exception>
    public double Precision(int c) => Ratio(TruePositives(c), PredictedCount(c));

    /// <summary>Of the samples of class <paramref name="c"/>, the fraction predicted as <paramref name="c"/>: <c>tp / (tp + fn)</c>; 0 when the class has no samples.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="c"/> is outside <c>[0, Classes)</c>.</exception>
    public double Recall(int c) => Ratio(TruePositives(c), Support(c));

    /// <summary>
    /// The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>, computed as
    /// <c>2 tp / (2 tp + fp + fn)</c>, as scikit-learn does; 0 when the class is neither present nor predicted.
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="c"/> is outside <c>[0, Classes)</c>.</exception>
    public double F1(int c) => Ratio(2 * TruePositives(c), Support(c) + PredictedCount(c));

    /// <summary>The unweighted mean of <see cref="Precision"/> over all classes (scikit-learn's <c>average='macro'</c>).</summary>
    public double MacroPrecision => Macro(Score.Precision);

    /// <summary>The unweighted mean of <see cref="Recall"/> over all classes (scikit-learn's <c>average='macro'</c>).</summary>
    public double MacroRecall => Macro(Score.Recall);

    /// <summary>The unweighted mean of the per-class <see cref="F1"/> (not the F1 of the macro precision and recall), as scikit-learn's <c>average='macro'</c>.</summary>
    public double MacroF1 => Macro(Score.F1);

    /// <summary>The mean of <see cref="Precision"/> weighted by each class's <see cref="Support"/> (scikit-learn's <c>average='weighted'</c>); 0 before any sample.</summary>
    public double WeightedPrecision => Weighted(Score.Precision);

    /// <summary>The mean of <see cref="Recall"/> weighted by <see cref="Support"/>; it equals <see cref="Accuracy"/> once a sample is counted, and is 0 before.</summary>
    public double WeightedRecall => Weighted(Score.Recall);

    /// <summary>The mean of the per-class <see cref="F1"/> weighted by <see cref="Support"/> (scikit-learn's <c>average='weighted'</c>); 0 before any sample.</summary>
    public double WeightedF1 => Weighted(Score.F1);

    private enum Score
    {
        Precision,
        Recall,
        F1,
    }

    private long TruePositives(int c)
    {
        Batch.CheckClass(c, Classes, nameof(c));
        return _counts[c * Classes + c];
    }

    private static double Ratio(long numerator, long denominator) => denominator > 0 ? (double)numerator / denominator : 0.0;

    private double Of(Score score, int c) => score switch
    {
        Score.Precision => Precision(c),
        Score.Recall => Recall(c),
        _ => F1(c),
    };

    private double Macro(Score score)
    {
        double sum = 0;
        for (int c = 0; c < Classes; c++)
        {
            sum += Of(score, c);
        }
        return sum / Classes;
    }

    private double Weighted(Score score)
    {
        if (_total == 0)
        {
            return 0.0;
        }
        double sum = 0;
        for (int c = 0; c < Classes; c++)
        {
            sum += Of(score, c) * Support(c);
        }
        return sum / _total;
    }
}
