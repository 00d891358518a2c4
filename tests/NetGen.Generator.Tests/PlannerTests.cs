using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The planner is a pure function of the spec: shapes, offsets, FLOPs and fusion, checked by hand.</summary>
public class PlannerTests
{
    private static LayerSpec Input(params int[] shape) => new InputSpec("input", shape.ToEquatableArray());

    private static LayerSpec Dense(string name, string from, int units, Activation activation = Activation.Identity, bool bias = true) =>
        new DenseSpec(name, new[] { from }.ToEquatableArray(), units, activation, bias, 0.01);

    private static (int Offset, int Length) Tensor(PlannedLayer layer, string suffix)
    {
        foreach (PlannedTensor t in layer.Parameters)
        {
            if (t.Suffix == suffix)
            {
                return (t.Offset, t.Length);
            }
        }
        return (-1, 0);
    }

    private static NetworkPlan PlanOf(Loss loss, int maxBatch, params LayerSpec[] layers)
    {
        PlanResult result = Planner.Plan(new NetworkSpec("N", "Net", "public", loss, maxBatch, 1, layers.ToEquatableArray()));
        Assert.Empty(result.Errors);
        return result.Plan!;
    }

    [Fact]
    public void Graph_LayerDeclaredAfterItsReader_IsOrderedBeforeIt_AndFanOutGetsOneGradientBuffer()
    {
        // 'side' is declared after 'join', which reads it: execution order must put it first; 'a' feeds both.
        var join = new MergeSpec("join", new[] { "a", "side" }.ToEquatableArray(), LayerKind.Concat, Activation.Identity, 0.01);
        NetworkPlan plan = PlanOf(Loss.MeanSquaredError, 4,
            Input(3), Dense("a", "input", 4), join, Dense("side", "a", 5), Dense("out", "join", 2));

        Assert.Equal(new[] { "input", "a", "side", "join", "out" }, OrderOf(plan));
        PlannedLayer joined = System.Linq.Enumerable.Single(plan.Layers, l => l.Name == "join");
        Assert.Equal(new[] { 9 }, joined.OutShape.AsSpan().ToArray());
        Assert.Equal(new[] { "a", "side" }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(joined.Sources, s => s.Name)));
        Assert.True(plan.IsGraph);
        PlannedLayer a = plan.Layers[1];
        Assert.True(a.GradientOffset >= 0); // one buffer, which both readers' backward passes add into
        Assert.True(plan.Output.Name == "out" && plan.Output.IsOutput);
    }

    [Fact]
    public void PredictLayout_NeverOverlapsASlotThatIsStillRead_AndIsSmallerThanTraining()
    {
        var join = new MergeSpec("join", new[] { "a", "side" }.ToEquatableArray(), LayerKind.Concat, Activation.Identity, 0.01);
        var sum = new MergeSpec("sum", new[] { "join", "wide" }.ToEquatableArray(), LayerKind.Add, Activation.ReLU, 0.01);
        NetworkPlan[] plans =
        {
            PlanOf(Loss.SoftmaxCrossEntropy, 16, Input(64), Dense("fc1", "input", 128), Dense("fc2", "fc1", 32), Dense("fc3", "fc2", 10)),
            PlanOf(Loss.MeanSquaredError, 4, Input(3), Dense("a", "input", 4), join, Dense("side", "a", 5), Dense("wide", "input", 9), sum, Dense("out", "sum", 2)),
        };
        foreach (NetworkPlan plan in plans)
        {
            int n = plan.Layers.Length;
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < j; i++)
                {
                    PlannedLayer a = plan.Layers[i], b = plan.Layers[j];
                    bool overlap = plan.InferenceOffsets[i] < plan.InferenceOffsets[j] + plan.Spec.MaxBatch * b.OutSize
                        && plan.InferenceOffsets[j] < plan.InferenceOffsets[i] + plan.Spec.MaxBatch * a.OutSize;
                    if (!overlap || b.IsAlias || a.IsAlias)
                    {
                        continue;
                    }
                    // Overlap is only allowed when 'a' is dead once 'b' is written: nothing at or after j reads it.
                    Assert.False(a.IsOutput, $"{b.Name} overwrites the output {a.Name}");
                    for (int k = j; k < n; k++)
                    {
                        Assert.DoesNotContain(plan.Layers[k].Sources, src => src.Name == a.Name);
                    }
                }
            }
            Assert.True(plan.InferenceFloats <= plan.ActivationFloats);
        }
        Assert.True(plans[0].InferenceFloats < plans[0].ActivationFloats);
    }

    private static string[] OrderOf(NetworkPlan plan) =>
        System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(plan.Layers, l => l.Name));

    [Fact]
    public void Mlp_OffsetsAreContiguousWeightThenBias()
    {
        NetworkPlan plan = PlanOf(Loss.SoftmaxCrossEntropy, 64,
            Input(64), Dense("fc1", "input", 128, Activation.ReLU), Dense("fc2", "fc1", 10));

        PlannedLayer fc1 = plan.Layers[1], fc2 = plan.Layers[2];
        Assert.Equal((0, 8192), Tensor(fc1, "weight"));
        Assert.Equal((8192, 128), Tensor(fc1, "bias"));
        Assert.Equal((8320, 1280), Tensor(fc2, "weight"));
        Assert.Equal((9600, 10), Tensor(fc2, "bias"));
        Assert.Equal(64 * 128 + 128 + 128 * 10 + 10, plan.ParameterCount);
        Assert.Equal(1, plan.TargetSize);
    }

    [Fact]
    public void Mlp_ActivationArenaHoldsInputThenEachOutputForMaxBatch()
    {
        NetworkPlan plan = PlanOf(Loss.MeanSquaredError, 8, Input(5), Dense("a", "input", 7), Dense("b", "a", 3));

        Assert.Equal(new[] { 0, 8 * 5, 8 * 5 + 8 * 7 }, new[] { plan.Layers[0].ActivationOffset, plan.Layers[1].ActivationOffset, plan.Layers[2].ActivationOffset });
        Assert.Equal(8 * (5 + 7 + 3), plan.ActivationFloats);
        Assert.Equal(new[] { 0, 8 * 7 }, new[] { plan.Layers[1].GradientOffset, plan.Layers[2].GradientOffset });
        Assert.Equal(8 * (7 + 3), plan.ActivationGradientFloats);
        Assert.Equal(3, plan.TargetSize);
    }

    [Fact]
    public void Flops_CountMultiplyAddsTwiceAndSkipTheFirstLayersInputGradient()
    {
        NetworkPlan plan = PlanOf(Loss.MeanSquaredError, 4, Input(10), Dense("a", "input", 20), Dense("b", "a", 5, bias: false));

        long forwardA = 2 * 10 * 20 + 20, forwardB = 2 * 20 * 5;
        Assert.Equal(forwardA + forwardB, plan.ForwardFlopsPerSample);
        // a: forward + weight gradient + bias gradient (no input gradient); b: forward + weight and input gradients.
        Assert.Equal(forwardA + 2 * 10 * 20 + 20 + forwardB + 2 * (2 * 20 * 5), plan.TrainingFlopsPerSample);
    }

    [Theory]
    [InlineData(Loss.SoftmaxCrossEntropy, Activation.Softmax, 3, Activation.Softmax)]
    [InlineData(Loss.SoftmaxCrossEntropy, Activation.Identity, 3, Activation.Identity)]
    [InlineData(Loss.BinaryCrossEntropy, Activation.Sigmoid, 1, Activation.Sigmoid)]
    [InlineData(Loss.MeanSquaredError, Activation.Sigmoid, 1, Activation.Identity)]
    public void OutputActivation_IsFusedIntoTheLossOnlyWhereTheLossAppliesIt(Loss loss, Activation declared, int units, Activation transform)
    {
        NetworkPlan plan = PlanOf(loss, 4, Input(3), Dense("out", "input", units, declared));

        PlannedLayer output = plan.Layers[1];
        Assert.Equal(transform, plan.OutputTransform);
        Assert.Equal(transform == Activation.Identity ? declared : Activation.Identity, output.KernelActivation);
    }

    [Fact]
    public void Spec_EqualWhenBuiltTwice_SoThePipelineCanCacheIt()
    {
        NetworkSpec Make() => new("N", "Net", "public", Loss.MeanSquaredError, 4, 1,
            new[] { Input(3), Dense("a", "input", 2) }.ToEquatableArray());

        Assert.Equal(Make(), Make());
        Assert.Equal(Planner.Plan(Make()).Plan, Planner.Plan(Make()).Plan);
        Assert.NotEqual(Make(), Make() with { MaxBatch = 5 });
    }
}
