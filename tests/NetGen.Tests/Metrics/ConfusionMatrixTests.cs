using System;
using NetGen.Metrics;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Metrics;

public class ConfusionMatrixTests
{
    // A 3-class example, rows actual, columns predicted:
    //            p0  p1  p2 | support
    //      a0     3   1   0 |   4
    //      a1     1   2   1 |   4
    //      a2     0   0   2 |   2
    //  predicted  4   3   3 |  10
    private static readonly int[,] Example = { { 3, 1, 0 }, { 1, 2, 1 }, { 0, 0, 2 } };

    private static ConfusionMatrix FromCounts(int[,] counts)
    {
        var matrix = new ConfusionMatrix(counts.GetLength(0));
        for (int a = 0; a < counts.GetLength(0); a++)
        {
            for (int p = 0; p < counts.GetLength(1); p++)
            {
                for (int n = 0; n < counts[a, p]; n++)
                {
                    matrix.Add(a, p);
                }
            }
        }
        return matrix;
    }

    [Fact]
    public void Scores_ThreeClassExample_MatchScikitLearnsClassificationReport()
    {
        ConfusionMatrix m = FromCounts(Example);

        Assert.Equal(10, m.Total);
        Assert.Equal(0.7, m.Accuracy, 12);                 // trace 3 + 2 + 2 = 7 of 10
        Assert.Equal(new long[] { 4, 4, 2 }, new[] { m.Support(0), m.Support(1), m.Support(2) });
        Assert.Equal(new long[] { 4, 3, 3 }, new[] { m.PredictedCount(0), m.PredictedCount(1), m.PredictedCount(2) });

        Assert.Equal(3.0 / 4, m.Precision(0), 12);         // tp 3 / predicted 4
        Assert.Equal(2.0 / 3, m.Precision(1), 12);         // tp 2 / predicted 3
        Assert.Equal(2.0 / 3, m.Precision(2), 12);         // tp 2 / predicted 3
        Assert.Equal(3.0 / 4, m.Recall(0), 12);            // tp 3 / support 4
        Assert.Equal(2.0 / 4, m.Recall(1), 12);            // tp 2 / support 4
        Assert.Equal(2.0 / 2, m.Recall(2), 12);            // tp 2 / support 2
        Assert.Equal(6.0 / 8, m.F1(0), 12);                // 2 tp / (support + predicted) = 6 / (4 + 4)
        Assert.Equal(4.0 / 7, m.F1(1), 12);                // 4 / (4 + 3) = 0.5714
        Assert.Equal(4.0 / 5, m.F1(2), 12);                // 4 / (2 + 3)

        // Macro: plain means. (3/4 + 2/3 + 2/3) / 3 = 0.6944, (3/4 + 1/2 + 1) / 3 = 0.75, (3/4 + 4/7 + 4/5) / 3 = 0.7071.
        Assert.Equal((0.75 + 2.0 / 3 + 2.0 / 3) / 3, m.MacroPrecision, 12);
        Assert.Equal(0.75, m.MacroRecall, 12);
        Assert.Equal((0.75 + 4.0 / 7 + 0.8) / 3, m.MacroF1, 12);
        Assert.Equal(0.707142857142857, m.MacroF1, 12);

        // Weighted by support 4, 4, 2 of 10: precision (3 + 8/3 + 4/3) / 10 = 0.7, recall (3 + 2 + 2) / 10 = 0.7,
        // F1 (3 + 16/7 + 1.6) / 10 = 0.6886.
        Assert.Equal(0.7, m.WeightedPrecision, 12);
        Assert.Equal(0.7, m.WeightedRecall, 12);
        Assert.Equal((3 + 16.0 / 7 + 1.6) / 10, m.WeightedF1, 12);
    }

    [Fact]
    public void Add_SoftmaxLogits_CountsEachRowsArgmaxAgainstItsLabel_FirstMaximumWinsTies()
    {
        var m = new ConfusionMatrix(3);
        float[] logits =
        {
            2f, 1f, 0f,     // label 0, argmax 0
            0f, 5f, -1f,    // label 2, argmax 1
            1f, 1f, 0f,     // label 1, tie between 0 and 1: the first, 0
            -3f, -2f, -1f,  // label 2, argmax 2
        };

        m.Add(logits, new[] { 0f, 2f, 1f, 2f }, 4, Loss.SoftmaxCrossEntropy);

        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[2, 1]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[2, 2]);
        Assert.Equal(4, m.Total);
        Assert.Equal(0.5, m.Accuracy, 12);
    }

    [Fact]
    public void Add_SoftmaxRowWithNaN_PredictsTheFirstNaN_AsTorchArgmax()
    {
        var m = new ConfusionMatrix(3);

        m.Add(new[] { 1f, float.NaN, 2f }, new[] { 2f }, 1, Loss.SoftmaxCrossEntropy);

        Assert.Equal(1, m[2, 1]);
    }

    [Fact]
    public void Add_SoftmaxLogits_AccuracyEqualsTheTrainersCountCorrect()
    {
        var rng = new System.Random(7);
        const int batch = 50, classes = 4;
        var logits = new float[batch * classes];
        var labels = new float[batch];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = rng.Next(-2, 3); // small integers, so that ties occur
        }
        for (int i = 0; i < batch; i++)
        {
            labels[i] = rng.Next(classes);
        }
        var m = new ConfusionMatrix(classes);

        m.Add(logits, labels, batch, Loss.SoftmaxCrossEntropy);

        int correct = BatchAccuracy.CountCorrect(logits, labels, batch, classes, Loss.SoftmaxCrossEntropy);
        Assert.Equal((double)correct / batch, m.Accuracy, 12);
    }

    [Fact]
    public void Add_BinaryLogits_PredictsPositiveAboveZero_TargetsPositiveFromHalf()
    {
        var m = new ConfusionMatrix(2);
        float[] logits = { 2f, -1f, 0f, 0.5f, -3f };  // predicted 1, 0, 0 (0 is not above 0), 1, 0
        float[] targets = { 1f, 1f, 0f, 0f, 0f };     // actual    1, 1, 0, 0, 0

        m.Add(logits, targets, 5, Loss.BinaryCrossEntropy);

        // tp (1,1) = 1, fn (1,0) = 1, fp (0,1) = 1, tn (0,0) = 2.
        Assert.Equal(2, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[1, 1]);
        Assert.Equal(3.0 / 5, m.Accuracy, 12);
        Assert.Equal(1.0 / 2, m.Precision(1), 12);     // tp 1 / (tp 1 + fp 1)
        Assert.Equal(1.0 / 2, m.Recall(1), 12);        // tp 1 / (tp 1 + fn 1)
        Assert.Equal(2.0 / 3, m.Precision(0), 12);     // tn 2 / (tn 2 + fn 1), class 0's own precision
        int correct = BatchAccuracy.CountCorrect(logits, targets, 5, 1, Loss.BinaryCrossEntropy);
        Assert.Equal(correct, m[0, 0] + m[1, 1]);
    }

    [Fact]
    public void AddProbabilities_DefaultThresholdHalf_AgreesWithTheLogitsOfTheSameSamples()
    {
        float[] logits = { 2f, -1f, 0f, 0.5f, -3f };
        float[] probabilities = Array.ConvertAll(logits, z => 1f / (1f + MathF.Exp(-z))); // 0.88, 0.27, 0.5, 0.62, 0.05
        float[] targets = { 1f, 1f, 0f, 0f, 0f };
        var fromLogits = new ConfusionMatrix(2);
        var fromProbabilities = new ConfusionMatrix(2);

        fromLogits.Add(logits, targets, 5, Loss.BinaryCrossEntropy);
        fromProbabilities.AddProbabilities(probabilities, targets, 5);

        Assert.Equal(fromLogits.ToTable(), fromProbabilities.ToTable());
        Assert.Equal(2, fromProbabilities[0, 0]);  // sigmoid(0) = 0.5 exactly is not above 0.5: with 0.05, two true negatives
    }

    [Fact]
    public void AddProbabilities_CustomThreshold_MovesTheCut()
    {
        var m = new ConfusionMatrix(2);

        // Above 0.3: predicted 1, 0, 1, 1, 0 against actual 1, 1, 0, 0, 0.
        m.AddProbabilities(new[] { 0.9f, 0.2f, 0.5f, 0.6f, 0.3f }, new[] { 1f, 1f, 0f, 0f, 0f }, 5, threshold: 0.3f);

        Assert.Equal(1, m[0, 0]);
        Assert.Equal(2, m[0, 1]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[1, 1]);
    }

    [Fact]
    public void Scores_ZeroDivision_AreZeroAsScikitLearnsZeroDivisionZero()
    {
        var m = new ConfusionMatrix(3);
        m.Add(0, 0);
        m.Add(0, 1);   // class 1 is predicted but never present; class 2 is neither present nor predicted
        m.Add(0, 0);

        Assert.Equal(0.0, m.Precision(1));   // tp 0 / predicted 1
        Assert.Equal(0.0, m.Recall(1));      // support 0: zero division, 0
        Assert.Equal(0.0, m.F1(1));          // 0 / (0 + 1)
        Assert.Equal(0.0, m.Precision(2));   // predicted 0: zero division
        Assert.Equal(0.0, m.Recall(2));      // support 0: zero division
        Assert.Equal(0.0, m.F1(2));          // 0 / 0: zero division
        Assert.Equal(1.0, m.Precision(0), 12);
        Assert.Equal(2.0 / 3, m.Recall(0), 12);
        Assert.Equal(4.0 / 5, m.F1(0), 12);  // 2 tp / (support 3 + predicted 2)
        // Every class counts in the macro mean, absent ones with 0: (1 + 0 + 0) / 3.
        Assert.Equal(1.0 / 3, m.MacroPrecision, 12);
        Assert.Equal(2.0 / 9, m.MacroRecall, 12);
        Assert.Equal(4.0 / 15, m.MacroF1, 12);
        // Only class 0 has support: the weighted scores are class 0's.
        Assert.Equal(1.0, m.WeightedPrecision, 12);
        Assert.Equal(2.0 / 3, m.WeightedRecall, 12);
        Assert.Equal(4.0 / 5, m.WeightedF1, 12);
    }

    [Fact]
    public void Scores_EmptyMatrix_AccuracyIsNaN_AveragesAreZero()
    {
        var m = new ConfusionMatrix(2);

        Assert.Equal(0, m.Total);
        Assert.Equal(new[] { "0", "1" }, m.ClassNames);
        Assert.True(double.IsNaN(m.Accuracy));
        Assert.Equal(0.0, m.MacroPrecision);
        Assert.Equal(0.0, m.MacroF1);
        Assert.Equal(0.0, m.WeightedPrecision);
        Assert.Equal(0.0, m.WeightedRecall);
        Assert.Equal(0.0, m.WeightedF1);
    }

    [Fact]
    public void Reset_ZeroesEveryCount()
    {
        ConfusionMatrix m = FromCounts(Example);

        m.Reset();

        Assert.Equal(0, m.Total);
        Assert.Equal(0, m[0, 0]);
        Assert.Equal(0, m.Support(1));
        m.Add(2, 1);
        Assert.Equal(1, m[2, 1]);
        Assert.Equal(1, m.Total);
    }

    [Fact]
    public void Add_SeveralBatches_Accumulate()
    {
        var m = new ConfusionMatrix(2);

        m.Add(new[] { 1f, -1f }, new[] { 1f, 0f }, 2, Loss.BinaryCrossEntropy);
        m.Add(new[] { 1f }, new[] { 0f }, 1, Loss.BinaryCrossEntropy);
        m.Add(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 0, Loss.BinaryCrossEntropy);

        Assert.Equal(3, m.Total);
        Assert.Equal(1, m[1, 1]);
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
    }
}
