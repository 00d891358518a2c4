using System;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

public class BatchAccuracyTests
{
    [Fact]
    public void CountCorrect_Softmax_ComparesEachRowsArgmaxWithItsLabel()
    {
        float[] logits =
        {
            2f, 1f, 0f,    // argmax 0, label 0: correct
            0f, 5f, -1f,   // argmax 1, label 2: wrong
            -3f, -2f, -1f, // argmax 2, label 2: correct
        };

        int correct = BatchAccuracy.CountCorrect(logits, new[] { 0f, 2f, 2f }, 3, 3, Loss.SoftmaxCrossEntropy);

        Assert.Equal(2, correct);
        Assert.Equal(2f / 3f, BatchAccuracy.Accuracy(correct, 3, 3, Loss.SoftmaxCrossEntropy));
    }

    [Fact]
    public void CountCorrect_SoftmaxTie_TakesTheFirstMaximum()
    {
        float[] logits = { 1f, 3f, 3f, 3f, 3f, 0f };

        Assert.Equal(2, BatchAccuracy.CountCorrect(logits, new[] { 1f, 0f }, 2, 3, Loss.SoftmaxCrossEntropy));
        Assert.Equal(0, BatchAccuracy.CountCorrect(logits, new[] { 2f, 1f }, 2, 3, Loss.SoftmaxCrossEntropy));
    }

    [Fact]
    public void CountCorrect_Binary_CountsEachElementWithLogitAboveZeroAsOne()
    {
        float[] logits = { 0.5f, -2f, 0f, 3f };   // predictions 1, 0, 0 (a logit of 0 is p = 0.5, not above), 1
        float[] targets = { 1f, 0f, 0.5f, 0.2f }; // truths 1, 0, 1 (0.5 counts as 1), 0

        int correct = BatchAccuracy.CountCorrect(logits, targets, 2, 2, Loss.BinaryCrossEntropy);

        Assert.Equal(2, correct);
        Assert.Equal(0.5f, BatchAccuracy.Accuracy(correct, 2, 2, Loss.BinaryCrossEntropy));
    }

    [Fact]
    public void CountCorrect_MeanSquaredError_IsZeroAndAccuracyIsNaN()
    {
        Assert.Equal(0, BatchAccuracy.CountCorrect(new[] { 1f, 2f }, new[] { 1f, 2f }, 2, 1, Loss.MeanSquaredError));
        Assert.True(float.IsNaN(BatchAccuracy.Accuracy(0, 2, 1, Loss.MeanSquaredError)));
    }

    [Fact]
    public void CountCorrect_SpansShorterThanTheBatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => BatchAccuracy.CountCorrect(new float[5], new float[2], 2, 3, Loss.SoftmaxCrossEntropy));

        Assert.Contains("needs 6 outputs", e.Message);
    }
}
