using System;
using System.Collections.Generic;
using NetGen.Tests.Numerics;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// The generated API describes the declared network: sizes, PyTorch tensor names, <c>(out, in)</c> weight shapes
/// and one arena with each layer's weight then bias in declaration order, which the typed views alias.
/// </summary>
public class ParameterLayoutTests
{
    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void Network_SizesAndLoss_MatchTheDeclaration(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(1);
        int parameters = 0;
        foreach (var layer in c.Layers)
        {
            parameters += layer.WeightCount + layer.BiasCount;
        }

        Assert.Equal(c.Layers[0].InFeatures, net.InputSize);
        Assert.Equal(c.Layers[^1].OutFeatures, net.OutputSize);
        Assert.Equal(c.Loss == Loss.SoftmaxCrossEntropy ? 1 : net.OutputSize, net.TargetSize);
        Assert.Equal(c.Loss, net.Loss);
        Assert.Equal(parameters, net.ParameterCount);
        Assert.Equal(parameters, net.Parameters.Length);
        Assert.Equal(parameters, net.Gradients.Length);
    }

    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void ParameterTensors_ArePyTorchNamedAndShapedInDeclarationOrder(string name)
    {
        NumericCase c = NumericCases.Get(name);
        var expected = new List<string>();
        int offset = 0;
        for (int l = 0; l < c.Layers.Count; l++)
        {
            var layer = c.Layers[l];
            expected.Add($"{c.LayerNames[l]}.weight ({layer.OutFeatures}x{layer.InFeatures}) @ {offset}");
            offset += layer.WeightCount;
            if (layer.HasBias)
            {
                expected.Add($"{c.LayerNames[l]}.bias ({layer.OutFeatures}) @ {offset}");
                offset += layer.BiasCount;
            }
        }

        var actual = new List<string>();
        foreach (TensorInfo t in c.Create(1).ParameterTensors)
        {
            actual.Add($"{t.Name} ({string.Join("x", t.Shape.ToArray())}) @ {t.Offset}");
        }

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void TypedViews_AliasTheParameterAndGradientArenasAtTheDeclaredOffsets(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(1);
        for (int i = 0; i < net.ParameterCount; i++)
        {
            net.Parameters[i] = i;
            net.Gradients[i] = -i;
        }

        int offset = 0;
        for (int l = 0; l < c.Layers.Count; l++)
        {
            var layer = c.Layers[l];
            Assert.Equal(Range(offset, layer.WeightCount, 1), c.Weight(net, l));
            Assert.Equal(Range(offset, layer.WeightCount, -1), c.WeightGrad(net, l));
            offset += layer.WeightCount;
            Assert.Equal(Range(offset, layer.BiasCount, 1), c.Bias(net, l));
            Assert.Equal(Range(offset, layer.BiasCount, -1), c.BiasGrad(net, l));
            offset += layer.BiasCount;
        }
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void OutputViews_HoldTheLastForwardsBatchAndAreEmptyBeforeIt(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(1);
        for (int l = 0; l < c.Layers.Count; l++)
        {
            Assert.Empty(c.Output(net, l));
        }

        net.Forward(new float[3 * net.InputSize], new float[3 * net.OutputSize], 3);

        for (int l = 0; l < c.Layers.Count; l++)
        {
            Assert.Equal(3 * c.Layers[l].OutFeatures, c.Output(net, l).Length);
        }
        Assert.Equal(3 * net.OutputSize, net.LastOutput.Length);
    }

    private static float[] Range(int start, int count, int sign)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = sign * (start + i);
        }
        return values;
    }
}
