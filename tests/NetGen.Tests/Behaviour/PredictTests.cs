using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// <c>Predict</c>: inference through the packed activation layout (a layer's slot reused once nothing later reads it)
/// gives exactly what <c>Forward</c> gives in inference mode, for chains, convolutional networks with batch norm and
/// dropout, and graphs with fan-out and several inputs; it allocates nothing; and it leaves no forward pass for
/// <c>Backward</c> to use.
/// </summary>
public class PredictTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Predict_EqualsForwardInInferenceMode_ForEveryKindOfNetwork(int batch)
    {
        var mlp = new DigitsMlp(1);
        Check(mlp, mlp.Predict, batch);
        var cnn = new EveryLayerNet(2);
        Check(cnn, cnn.Predict, batch);
        var pooled = new GlobalPoolNet(3);
        Check(pooled, pooled.Predict, batch);
        var graph = new SmoothGraph(4);
        Check(graph, graph.Predict, batch);
        var twice = new ConcatTwice(5);
        Check(twice, twice.Predict, batch);
        var features = new DigitWithFeatures(6);
        Check(features, features.Predict, batch);
    }

    [Fact]
    public void Predict_AfterTraining_StillEqualsForward_AndLeavesNoForwardPassForBackward()
    {
        var net = new DigitWithFeatures(8);
        var sgd = new Sgd(0.05f, momentum: 0.9f);
        var random = new System.Random(3);
        const int batch = DigitWithFeatures.MaxBatch;
        float[] rows = ReferenceData.Uniform(random, batch * DigitWithFeatures.InputSize, 1.0);
        var labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = i % DigitWithFeatures.OutputSize;
        }
        for (int step = 0; step < 3; step++)
        {
            net.TrainStep(rows, labels, batch, sgd); // running statistics move away from their initial values
        }
        Check(net, net.Predict, batch);

        net.Predict(rows, new float[batch * DigitWithFeatures.OutputSize], batch);
        var e = Assert.Throws<InvalidOperationException>(() => net.Backward(new float[batch], batch));
        Assert.Contains("call Forward", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, net.Res().Length);
    }

    [Fact]
    public void Predict_AllocatesNothing_AndRejectsBadInput()
    {
        var net = new EveryLayerNet(9);
        var random = new System.Random(4);
        const int batch = 4;
        float[] input = ReferenceData.Uniform(random, batch * EveryLayerNet.InputSize, 1.0);
        var output = new float[batch * EveryLayerNet.OutputSize];
        net.Predict(input, output, batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            net.Predict(input, output, batch);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        Assert.Throws<ArgumentException>(() => net.Predict(input.AsSpan(1), output, batch));
        Assert.Throws<ArgumentException>(() => net.Predict(input, output.AsSpan(1), batch));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Predict(input, output, 0));
        input[0] = float.NaN;
        Assert.Throws<ArgumentException>(() => net.Predict(input, output, batch));
    }

    private delegate void PredictCall(ReadOnlySpan<float> input, Span<float> output, int batch);

    // Forward (inference mode, Training false) and Predict on the same batch: bit-identical outputs.
    private static void Check(INetwork net, PredictCall predict, int batch)
    {
        var random = new System.Random(batch + net.ParameterCount);
        float[] input = ReferenceData.Uniform(random, batch * net.InputSize, 1.0);
        var forward = new float[batch * net.OutputSize];
        var predicted = new float[batch * net.OutputSize];
        net.Training = false;
        net.Forward(input, forward, batch);
        predict(input, predicted, batch);
        Assert.Equal(forward, predicted);
    }
}
