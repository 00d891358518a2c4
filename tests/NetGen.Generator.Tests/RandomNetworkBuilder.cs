using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen.Generator.Tests;

/// <summary>
/// Builds random valid networks from a seeded <see cref="Random"/>: flat or image inputs (sometimes a second one),
/// stacks of every layer kind with random legal arguments, residual sums and products, concatenations, and an output
/// that fits a random loss. Shapes are tracked with PyTorch's formulas so that every declaration is valid.
/// </summary>
internal sealed class RandomNetworkBuilder
{
    private static readonly string[] Activations = { "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU" };
    private static readonly string[] Schemes = { "Auto", "XavierUniform", "XavierNormal", "HeUniform", "HeNormal", "LeCunUniform", "LeCunNormal", "Zeros", "Constant" };

    private readonly Random _random;
    private readonly List<FuzzLayer> _built = new();

    public RandomNetworkBuilder(Random random) => _random = random;

    public FuzzNetwork Build(int index)
    {
        _built.Clear();
        var network = new FuzzNetwork
        {
            Namespace = "Fuzz.D" + index.ToString(CultureInfo.InvariantCulture),
            ClassName = Pick(FuzzNetwork.ClassNames),
        };
        string loss = Pick(new[] { "MeanSquaredError", "SoftmaxCrossEntropy", "BinaryCrossEntropy" });
        if (loss != "MeanSquaredError" || Chance(0.5))
        {
            network.Options.Add(new("Loss", "Loss." + loss));
        }
        if (Chance(0.5))
        {
            network.Options.Add(new("MaxBatch", Pick(new[] { "1", "2", "7", "32", "64", "500" })));
        }
        if (Chance(0.3))
        {
            network.Options.Add(new("Seed", Pick(new[] { "0", "-5", "long.MinValue", "long.MaxValue", "123456789012" })));
        }

        bool image = Chance(0.5);
        FuzzLayer input = image
            ? Add(new FuzzLayer("Input", new[] { Next(1, 3), Next(3, 10), Next(3, 10) }))
            : Add(new FuzzLayer("Input", new[] { Next(1, 12) }));
        input.Arguments.AddRange(input.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        FuzzLayer? second = null;
        if (Chance(0.2))
        {
            second = Add(new FuzzLayer("Input", new[] { Next(1, 6) }));
            second.Arguments.Add(second.Shape[0].ToString(CultureInfo.InvariantCulture));
        }

        FuzzLayer current = input;
        for (int steps = Next(0, 5); steps > 0; steps--)
        {
            current = current.Shape.Length == 3 ? ImageStep(current) : FlatStep(current);
        }
        if (current.Shape.Length == 3)
        {
            current = Chance(0.5)
                ? Add(new FuzzLayer("Flatten", new[] { current.Shape.Aggregate(1, (a, b) => a * b) }, current))
                : Add(new FuzzLayer("GlobalAvgPool2D", new[] { current.Shape[0] }, current));
        }
        if (second is not null)
        {
            current = Add(new FuzzLayer("Concat", new[] { current.Shape[0] + second.Shape[0] }, current, second));
        }
        Output(current, loss);
        Arrange(network);
        return network;
    }

    private FuzzLayer FlatStep(FuzzLayer from)
    {
        int n = from.Shape[0];
        switch (Next(0, 6))
        {
            case 0:
            case 1:
                return Dense(from, Next(1, 12));
            case 2:
                return BatchNorm(from);
            case 3:
                return Dropout(from);
            case 4:
            {
                FuzzLayer side = Chance(0.7) ? Dense(from, n) : Dropout(from);
                FuzzLayer join = Add(new FuzzLayer(Chance(0.6) ? "Add" : "Multiply", new[] { n }, from, side));
                JoinActivation(join);
                return join;
            }
            default:
            {
                FuzzLayer side = Dense(from, Next(1, 6));
                return Add(new FuzzLayer("Concat", new[] { n + side.Shape[0] }, from, side));
            }
        }
    }

    private FuzzLayer ImageStep(FuzzLayer from)
    {
        int c = from.Shape[0], h = from.Shape[1], w = from.Shape[2];
        switch (Next(0, 7))
        {
            case 0:
            case 1:
                return Conv(from);
            case 2:
                return Pool(from);
            case 3:
                return BatchNorm(from);
            case 4:
                return Dropout(from);
            case 5:
            {
                // A residual block: a 3x3 convolution with padding 1 keeps the shape.
                FuzzLayer side = Add(new FuzzLayer("Conv2D", new[] { c, h, w }, from));
                side.Arguments.Add(c.ToString(CultureInfo.InvariantCulture));
                side.Set("Padding", "1");
                Activate(side);
                FuzzLayer join = Add(new FuzzLayer(Chance(0.7) ? "Add" : "Multiply", new[] { c, h, w }, from, side));
                JoinActivation(join);
                return join;
            }
            default:
            {
                int f = Next(1, 3);
                FuzzLayer side = Add(new FuzzLayer("Conv2D", new[] { f, h, w }, from));
                side.Arguments.Add(f.ToString(CultureInfo.InvariantCulture));
                side.Set("Kernel", "1");
                return Add(new FuzzLayer("Concat", new[] { c + f, h, w }, from, side));
            }
        }
    }

    private FuzzLayer Dense(FuzzLayer from, int units)
    {
        FuzzLayer dense = Add(new FuzzLayer("Dense", new[] { units }, from));
        dense.Arguments.Add(units.ToString(CultureInfo.InvariantCulture));
        Activate(dense);
        Initialise(dense);
        if (Chance(0.2))
        {
            dense.Set("Bias", "false");
        }
        return dense;
    }

    // A convolution with random kernel, stride, padding and dilation whose output is whole and at least 1x1.
    private FuzzLayer Conv(FuzzLayer from)
    {
        int c = from.Shape[0], h = from.Shape[1], w = from.Shape[2];
        for (int attempt = 0; ; attempt++)
        {
            int kh = Next(1, 3), kw = Chance(0.7) ? kh : Next(1, 3), stride = Next(1, 2), dilation = Chance(0.8) ? 1 : 2;
            int ph = Next(0, 2), pw = Chance(0.7) ? ph : Next(0, 2);
            if (attempt > 20)
            {
                (kh, kw, stride, dilation, ph, pw) = (1, 1, 1, 1, 0, 0);
            }
            int? oh = Side(h, kh, stride, ph, dilation, exact: true), ow = Side(w, kw, stride, pw, dilation, exact: true);
            if (oh is null || ow is null)
            {
                continue;
            }
            int filters = Next(1, 4);
            FuzzLayer conv = Add(new FuzzLayer("Conv2D", new[] { filters, oh.Value, ow.Value }, from));
            conv.Arguments.Add(filters.ToString(CultureInfo.InvariantCulture));
            if (kh == kw) { conv.Set("Kernel", Text(kh)); } else { conv.Set("KernelHeight", Text(kh)); conv.Set("KernelWidth", Text(kw)); }
            if (ph == pw) { if (ph != 0 || Chance(0.3)) { conv.Set("Padding", Text(ph)); } } else { conv.Set("PaddingHeight", Text(ph)); conv.Set("PaddingWidth", Text(pw)); }
            if (stride != 1) { conv.Set("Stride", Text(stride)); }
            if (dilation != 1) { conv.Set("Dilation", Text(dilation)); }
            if (Chance(0.2)) { conv.Set("InChannels", Text(c)); }
            if (Chance(0.2)) { conv.Set("Bias", "false"); }
            Activate(conv);
            Initialise(conv);
            return conv;
        }
    }

    private FuzzLayer Pool(FuzzLayer from)
    {
        int c = from.Shape[0], h = from.Shape[1], w = from.Shape[2];
        int kernel = Math.Min(Next(2, 3), Math.Min(h, w)), stride = Chance(0.7) ? kernel : 1, padding = Next(0, kernel / 2);
        int oh = Side(h, kernel, stride, padding, 1, exact: false)!.Value, ow = Side(w, kernel, stride, padding, 1, exact: false)!.Value;
        FuzzLayer pool = Add(new FuzzLayer(Chance(0.5) ? "MaxPool2D" : "AvgPool2D", new[] { c, oh, ow }, from));
        pool.Arguments.Add(Text(kernel));
        if (stride != kernel) { pool.Set("Stride", Text(stride)); }
        if (padding != 0) { pool.Set("Padding", Text(padding)); }
        return pool;
    }

    // torch.nn.Conv2d / MaxPool2d: floor((in + 2 pad - dilation (k - 1) - 1) / stride) + 1; convolutions must divide exactly.
    private static int? Side(int size, int kernel, int stride, int padding, int dilation, bool exact)
    {
        int reach = size + 2 * padding - dilation * (kernel - 1) - 1;
        return reach < 0 || (exact && reach % stride != 0) ? null : reach / stride + 1;
    }

    private FuzzLayer BatchNorm(FuzzLayer from)
    {
        FuzzLayer norm = Add(new FuzzLayer("BatchNorm", from.Shape, from));
        if (Chance(0.4)) { norm.Set("Momentum", FuzzNetwork.Real(Pick(new[] { 0.0, 0.1, 0.5, 1.0, _random.NextDouble() }))); }
        if (Chance(0.4)) { norm.Set("Epsilon", FuzzNetwork.Real(Pick(new[] { 1e-5, 1e-3, 0.1, 1e-45 }))); }
        Activate(norm);
        return norm;
    }

    private FuzzLayer Dropout(FuzzLayer from)
    {
        FuzzLayer dropout = Add(new FuzzLayer("Dropout", from.Shape, from));
        dropout.Arguments.Add(FuzzNetwork.Real(Pick(new[] { 0.0, 0.25, 0.5, 0.9, 0.99999994, Math.Round(_random.NextDouble() * 0.9, 3) })));
        return dropout;
    }

    private void Output(FuzzLayer from, string loss)
    {
        int units = loss switch { "BinaryCrossEntropy" => 1, "SoftmaxCrossEntropy" => Next(2, 5), _ => Next(1, 5) };
        FuzzLayer output = Add(new FuzzLayer("Dense", new[] { units }, from));
        output.Arguments.Add(Text(units));
        string activation = loss switch
        {
            "BinaryCrossEntropy" => Pick(new[] { "Identity", "Sigmoid" }),
            "SoftmaxCrossEntropy" => Pick(new[] { "Identity", "Softmax" }),
            _ => Pick(Activations),
        };
        SetActivation(output, activation);
        Initialise(output);
    }

    private void Activate(FuzzLayer layer) => SetActivation(layer, Pick(Activations));

    private void JoinActivation(FuzzLayer join)
    {
        if (Chance(0.5))
        {
            Activate(join);
        }
    }

    private void SetActivation(FuzzLayer layer, string activation)
    {
        if (activation != "Identity" || Chance(0.2))
        {
            layer.Set("Activation", "Activation." + activation);
        }
        if (activation == "LeakyReLU" && Chance(0.5))
        {
            layer.Set("LeakySlope", FuzzNetwork.Real(Pick(new[] { 0.01, 0.2, 1e-45, 999999.0 })));
        }
    }

    private void Initialise(FuzzLayer layer)
    {
        if (Chance(0.4))
        {
            string scheme = Pick(Schemes);
            layer.Set("WeightInit", "InitScheme." + scheme);
            if (scheme == "Constant" && Chance(0.7))
            {
                layer.Set("InitValue", FuzzNetwork.Real(Pick(new[] { 0.5, -2.0, 1e-45, 3.4028234663852886e38, -1e-46 })));
            }
        }
    }

    private FuzzLayer Add(FuzzLayer layer)
    {
        _built.Add(layer);
        return layer;
    }

    /// <summary>Declaration order and names: a chain in build order, a graph shuffled (output last), or layers on methods.</summary>
    private void Arrange(FuzzNetwork network)
    {
        int mode = Next(0, 2);
        network.GraphOrder = mode == 1;
        var readers = new HashSet<FuzzLayer>(_built.SelectMany(l => l.Reads));
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        string Fresh()
        {
            string name = Pick(FuzzNetwork.LayerNames);
            uses.TryGetValue(name, out int n);
            uses[name] = n + 1;
            return n == 0 ? name : name + (n + 1).ToString(CultureInfo.InvariantCulture);
        }
        List<FuzzLayer> order = _built.ToList();
        if (mode == 1)
        {
            FuzzLayer output = order[order.Count - 1];
            order.RemoveAt(order.Count - 1);
            order = order.OrderBy(_ => _random.Next()).Append(output).ToList();
        }
        else
        {
            // Every input first, so that no chained layer comes before one.
            order = order.Where(l => l.Kind == "Input").Concat(order.Where(l => l.Kind != "Input")).ToList();
        }
        foreach (FuzzLayer layer in order)
        {
            layer.OnMethod = mode == 2 && layer.Kind != "Input";
            // A graph names every layer it references; a chain only what a join or a From reads, and a few others.
            bool referenced = readers.Contains(layer);
            if (layer.OnMethod || (referenced && (mode == 1 || Chance(0.5))) || Chance(0.3))
            {
                layer.Name = Fresh();
            }
        }
        network.Layers.AddRange(order);
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private int Next(int min, int max) => _random.Next(min, max + 1);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
