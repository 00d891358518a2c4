using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Graphs;

/// <summary>
/// The generated backward pass of graph networks against central finite differences of their loss: residual sums
/// with fan-out, a concatenation that reads one layer twice and an input, a gate (product), two inputs, and a layer
/// declared after the layer that reads it. Every parameter is checked loosely, and each tensor tightly along a
/// random direction.
/// </summary>
public class GraphGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void TinyResidual_Backward_MatchesFiniteDifferences(int batch) => Check(new TinyResidual(3), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void ConcatTwice_Backward_MatchesFiniteDifferences(int batch) => Check(new ConcatTwice(4), batch);

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void SmoothGraph_Backward_MatchesFiniteDifferences(int batch) => Check(new SmoothGraph(5), batch);

    private static void Check(INetwork net, int batch)
    {
        var random = new System.Random(batch * 31 + net.ParameterCount);
        float[] input = ReferenceData.Uniform(random, batch * net.InputSize, 1.0);
        float[] target = ReferenceData.Uniform(random, batch * net.TargetSize, 0.5);
        FiniteDifferenceCheck.AllGradients(net, input, target, batch, random);
    }
}
