using System;
using System.Collections.Generic;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Numerics;

/// <summary>A generated parameter or gradient view, such as <c>net.Fc1Weight</c>.</summary>
public delegate Span<float> ParameterView<in TNet>(TNet net);

/// <summary>A generated layer output view, such as <c>net.Fc1Output</c>.</summary>
public delegate ReadOnlySpan<float> OutputView<in TNet>(TNet net);

/// <summary>
/// One generated network described independently of its generated code: the layers as the attributes declare
/// them (for the float64 reference), and the typed views of each layer, so that tests read weights, gradients and
/// outputs through the generated API and not through offsets of their own.
/// </summary>
public abstract class NumericCase
{
    private protected NumericCase(string name, Loss loss)
    {
        Name = name;
        Loss = loss;
    }

    /// <summary>The network's class name.</summary>
    public string Name { get; }

    /// <summary>The declared loss.</summary>
    public Loss Loss { get; }

    /// <summary>The layers as declared, input side first.</summary>
    public abstract IReadOnlyList<ReferenceLayer> Layers { get; }

    /// <summary>The PyTorch-style layer names the declaration implies (<c>fc1</c>, or the <c>Name</c> given).</summary>
    public abstract IReadOnlyList<string> LayerNames { get; }

    /// <summary>Creates the network with <c>new Net(seed)</c>.</summary>
    public abstract INetwork Create(long seed);

    /// <summary>A copy of layer <paramref name="layer"/>'s weight view.</summary>
    public abstract float[] Weight(INetwork net, int layer);

    /// <summary>A copy of the bias view; empty for a layer declared without bias.</summary>
    public abstract float[] Bias(INetwork net, int layer);

    /// <summary>A copy of the weight-gradient view.</summary>
    public abstract float[] WeightGrad(INetwork net, int layer);

    /// <summary>A copy of the bias-gradient view; empty without bias.</summary>
    public abstract float[] BiasGrad(INetwork net, int layer);

    /// <summary>A copy of the layer's output view for the last forward pass.</summary>
    public abstract float[] Output(INetwork net, int layer);

    /// <summary>The float64 reference holding exactly the network's current parameters, read through its views.</summary>
    public ReferenceMlp ReferenceOf(INetwork net)
    {
        var mlp = new ReferenceMlp(Layers, Loss);
        for (int l = 0; l < Layers.Count; l++)
        {
            ReferenceData.ToDouble(Weight(net, l)).CopyTo(mlp.Weights[l], 0);
            ReferenceData.ToDouble(Bias(net, l)).CopyTo(mlp.Biases[l], 0);
        }
        return mlp;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A <see cref="NumericCase"/> for the generated class <typeparamref name="TNet"/>.</summary>
public sealed class NumericCase<TNet> : NumericCase
    where TNet : INetwork
{
    private readonly Func<long, TNet> _create;
    private readonly List<ReferenceLayer> _layers = new();
    private readonly List<string> _names = new();
    private readonly List<Views> _views = new();

    internal NumericCase(Func<long, TNet> create, Loss loss)
        : base(typeof(TNet).Name, loss) => _create = create;

    /// <inheritdoc/>
    public override IReadOnlyList<ReferenceLayer> Layers => _layers;

    /// <inheritdoc/>
    public override IReadOnlyList<string> LayerNames => _names;

    /// <summary>Adds a layer with bias and its views.</summary>
    public NumericCase<TNet> Layer(
        ReferenceLayer layer, string name, ParameterView<TNet> weight, ParameterView<TNet> bias,
        ParameterView<TNet> weightGrad, ParameterView<TNet> biasGrad, OutputView<TNet> output)
    {
        if (!layer.HasBias)
        {
            throw new ArgumentException("use LayerWithoutBias", nameof(layer));
        }
        return Add(layer, name, new Views(weight, bias, weightGrad, biasGrad, output));
    }

    /// <summary>Adds a layer declared with <c>Bias = false</c>, which has no bias views.</summary>
    public NumericCase<TNet> LayerWithoutBias(
        ReferenceLayer layer, string name, ParameterView<TNet> weight, ParameterView<TNet> weightGrad, OutputView<TNet> output)
    {
        if (layer.HasBias)
        {
            throw new ArgumentException("use Layer", nameof(layer));
        }
        return Add(layer, name, new Views(weight, null, weightGrad, null, output));
    }

    /// <inheritdoc/>
    public override INetwork Create(long seed) => _create(seed);

    /// <inheritdoc/>
    public override float[] Weight(INetwork net, int layer) => _views[layer].Weight((TNet)net).ToArray();

    /// <inheritdoc/>
    public override float[] Bias(INetwork net, int layer) => Copy(_views[layer].Bias, net);

    /// <inheritdoc/>
    public override float[] WeightGrad(INetwork net, int layer) => _views[layer].WeightGrad((TNet)net).ToArray();

    /// <inheritdoc/>
    public override float[] BiasGrad(INetwork net, int layer) => Copy(_views[layer].BiasGrad, net);

    /// <inheritdoc/>
    public override float[] Output(INetwork net, int layer) => _views[layer].Output((TNet)net).ToArray();

    private static float[] Copy(ParameterView<TNet>? view, INetwork net) =>
        view is null ? Array.Empty<float>() : view((TNet)net).ToArray();

    private NumericCase<TNet> Add(ReferenceLayer layer, string name, Views views)
    {
        _layers.Add(layer);
        _names.Add(name);
        _views.Add(views);
        return this;
    }

    private sealed record Views(
        ParameterView<TNet> Weight, ParameterView<TNet>? Bias, ParameterView<TNet> WeightGrad,
        ParameterView<TNet>? BiasGrad, OutputView<TNet> Output);
}
