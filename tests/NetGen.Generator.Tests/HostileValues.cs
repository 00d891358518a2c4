using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Tests;

/// <summary>A fault put into a valid declaration on purpose: the NetGen ID expected and where (null: [Network]).</summary>
internal sealed record Injected(string Kind, string Id, FuzzLayer? At);

/// <summary>
/// Puts one hostile value into a valid random network: zero, negative and int.MaxValue sizes, nulls, NaN and floats
/// out of float's range, enum values outside their enums, unknown or blank names, self-cycles, invalid or duplicate
/// names and chained layers before the input. Each fault names the diagnostic it must get and the attribute it must get it at.
/// </summary>
internal static class HostileValues
{
    private delegate Injected? Fault(FuzzNetwork network, Random random);

    private static readonly Fault[] Faults =
    {
        (n, r) => On(n, r, "Dense", l => { l.Arguments[0] = Pick(r, "0", "-1", "int.MinValue"); return "Dense units <= 0"; }, "NG0003"),
        (n, r) => On(n, r, "Dense", l => { l.Arguments[0] = "int.MaxValue"; return "Dense units int.MaxValue"; }, "NG0035"),
        (n, r) => On(n, r, "Conv2D", l => { l.Arguments[0] = Pick(r, "0", "-3"); return "Conv2D filters <= 0"; }, "NG0003"),
        (n, r) => On(n, r, "Conv2D", l => { l.Set("KernelHeight", null); l.Set("KernelWidth", null); l.Set("Kernel", Pick(r, "0", "-1", "int.MinValue")); return "Conv2D kernel <= 0"; }, "NG0003"),
        (n, r) => On(n, r, "Conv2D", l => { l.Set(Pick(r, "Stride", "Dilation"), Pick(r, "0", "-2")); return "Conv2D stride or dilation <= 0"; }, "NG0003"),
        (n, r) => On(n, r, "Conv2D", l => { Pad(l, Pick(r, "-1", "int.MinValue")); return "Conv2D padding < 0"; }, "NG0013"),
        (n, r) => On(n, r, "Conv2D", l => l.Get("Stride") is null ? Pad(l, Pick(r, "int.MaxValue", "1_073_741_824", "100_000")) : null, "NG0035"),
        (n, r) => On(n, r, "MaxPool2D|AvgPool2D", l => { l.Arguments[0] = Pick(r, "0", "-1"); return "pool kernel <= 0"; }, "NG0003"),
        (n, r) => On(n, r, "MaxPool2D|AvgPool2D", l => { l.Set("Padding", Pick(r, "int.MaxValue", "1_073_741_824", "-1", "100")); return "pool padding"; }, "NG0013"),
        (n, r) => On(n, r, "Dense|Conv2D|BatchNorm|Add|Multiply", l => { l.Set("Activation", Pick(r, "(Activation)99", "(Activation)(-1)", "(Activation)6", "(Activation)int.MaxValue")); return "activation out of range"; }, "NG0013"),
        (n, r) => On(n, r, "Dense|Conv2D", l => { l.Set("WeightInit", Pick(r, "(InitScheme)(-1)", "(InitScheme)9", "(InitScheme)int.MaxValue")); return "init scheme out of range"; }, "NG0013"),
        (n, r) => On(n, r, "Dense|Conv2D", l => { l.Set("WeightInit", "InitScheme.Constant"); l.Set("InitValue", Pick(r, "double.NaN", "1e39", "-1e39", "double.PositiveInfinity", "double.MaxValue")); return "InitValue not a finite float"; }, "NG0013"),
        (n, r) => On(n, r, "Dense|Conv2D|BatchNorm|Add|Multiply", l => { l.Set("Activation", "Activation.LeakyReLU"); l.Set("LeakySlope", Pick(r, "double.NaN", "0", "-1", "1e300", "1e-50", "double.NegativeInfinity")); return "LeakySlope"; }, "NG0013"),
        (n, r) => On(n, r, "Dropout", l => { l.Arguments[0] = Pick(r, "double.NaN", "1", "1.5", "-0.5", "0.9999999999", "double.NegativeInfinity"); return "dropout probability"; }, "NG0013"),
        (n, r) => On(n, r, "BatchNorm", l => { l.Set("Momentum", Pick(r, "double.NaN", "-0.1", "1.5")); return "momentum"; }, "NG0013"),
        (n, r) => On(n, r, "BatchNorm", l => { l.Set("Epsilon", Pick(r, "0", "-1e-5", "double.NaN", "1e-50", "1", "double.PositiveInfinity")); return "epsilon"; }, "NG0013"),
        (n, r) => Network(n, "Loss", Pick(r, "(Loss)42", "(Loss)(-1)", "(Loss)3"), "NG0013"),
        (n, r) => Network(n, "MaxBatch", Pick(r, "0", "-1", "65537", "int.MaxValue", "int.MinValue"), "NG0007"),
        (n, r) => On(n, r, "Input", l => { l.Arguments.Clear(); l.Arguments.Add(Pick(r, "null", "default(int[])")); return "null input shape"; }, "NG0013"),
        (n, r) => On(n, r, "Input", l => { l.Arguments[r.Next(l.Arguments.Count)] = Pick(r, "0", "-4", "int.MinValue"); return "input dimension <= 0"; }, "NG0003"),
        (n, r) => On(n, r, "Input", l => { l.Arguments.Clear(); l.Arguments.Add(Pick(r, "new int[0]", "1, 2, 3, 4")); return "input rank"; }, "NG0016"),
        (n, r) => On(n, r, "Input", l => { l.Arguments.Clear(); l.Arguments.Add(Pick(r, "int.MaxValue", "1_073_741_824, 2", "65536, 65536")); return "input too large"; }, "NG0035"),
        (n, r) => On(n, r, "Dense|Conv2D|MaxPool2D|AvgPool2D|GlobalAvgPool2D|Flatten|BatchNorm|Dropout", l => { l.Set("From", Quote(Pick(r, "nowhere", "hiddn", "Input"))); return "unknown From"; }, "NG0021"),
        (n, r) => On(n, r, "Dense|Conv2D|MaxPool2D|AvgPool2D|GlobalAvgPool2D|Flatten|BatchNorm|Dropout", l => { l.Set("From", Quote(Pick(r, "", " ", "a,,b"))); return "blank From"; }, "NG0013"),
        (n, r) => On(n, r, "Dense|Conv2D|MaxPool2D|AvgPool2D|GlobalAvgPool2D|Flatten|BatchNorm|Dropout", l => { l.Set("From", Quote(n.NameOf(l))); return "reads itself"; }, "NG0022"),
        (n, r) => On(n, r, "Add|Concat|Multiply", l => { l.Arguments.Clear(); l.Arguments.AddRange(l.Reads.Select(x => Quote(n.NameOf(x)))); l.Arguments[r.Next(l.Arguments.Count)] = Pick(r, "null", "\"\"", "default(string)"); return "null join input"; }, "NG0013"),
        (n, r) => On(n, r, "Add|Concat|Multiply", l => { l.Arguments.Clear(); l.Arguments.Add(Pick(r, "null", "default(string[])")); return "null join inputs"; }, "NG0013"),
        (n, r) => On(n, r, "Add|Concat|Multiply", l => { l.Arguments.Clear(); l.Arguments.AddRange(l.Reads.Select(x => Quote(n.NameOf(x)))); l.Arguments[r.Next(l.Arguments.Count)] = "\"nowhere\""; return "unknown join input"; }, "NG0021"),
        (n, r) => On(n, r, "*", l => l.OnMethod ? null : Rename(l, Pick(r, "9lives", "has space", "", "a-b", "_x", "caf\u00e9")), "NG0014"),
        (n, r) => LastOutputClash(n, r),
        (n, r) => Duplicate(n, r),
        (n, r) => ChainBeforeInput(n),
    };

    public static int Count => Faults.Length;

    /// <summary>Applies fault number <paramref name="fault"/> if the network has a place for it; null otherwise.</summary>
    public static Injected? Inject(FuzzNetwork network, Random random, int fault) => Faults[fault](network, random);

    private static Injected? On(FuzzNetwork network, Random random, string kinds, Func<FuzzLayer, string?> apply, string id)
    {
        string[] wanted = kinds.Split('|');
        FuzzLayer[] candidates = network.Layers.Where(l => kinds == "*" || wanted.Contains(l.Kind)).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }
        FuzzLayer layer = candidates[random.Next(candidates.Length)];
        return apply(layer) is { } kind ? new Injected(kind, id, layer) : null;
    }

    private static Injected Network(FuzzNetwork network, string key, string value, string id)
    {
        network.Options.RemoveAll(o => o.Key == key);
        network.Options.Add(new(key, value));
        return new Injected("[Network] " + key, id, null);
    }

    private static string Pad(FuzzLayer conv, string padding)
    {
        conv.Set("PaddingHeight", null);
        conv.Set("PaddingWidth", null);
        conv.Set("Padding", padding);
        return "Conv2D padding " + padding;
    }

    private static string Rename(FuzzLayer layer, string name)
    {
        layer.Set("Name", Quote(name));
        return "invalid name";
    }

    // The output layer (no layer reads it, so renaming it breaks no reference) named 'last': its output view would be
    // LastOutput, the network's output property (NG0028). An input has no output view, so 'last' is a fine input name.
    private static Injected? LastOutputClash(FuzzNetwork network, Random random)
    {
        FuzzLayer output = network.Layers[network.Layers.Count - 1];
        if (output.OnMethod || output.Kind == "Input")
        {
            return null;
        }
        Rename(output, Pick(random, "last", "Last"));
        return new Injected("output layer named last", "NG0028", output);
    }

    // Two class-level layers with the same explicit name: the later one gets NG0014.
    private static Injected? Duplicate(FuzzNetwork network, Random random)
    {
        FuzzLayer[] named = network.Layers.Where(l => !l.OnMethod && l.Name is not null).ToArray();
        FuzzLayer[] others = network.Layers.Where(l => !l.OnMethod).ToArray();
        if (named.Length == 0 || others.Length < 2)
        {
            return null;
        }
        FuzzLayer first = named[random.Next(named.Length)];
        FuzzLayer second = others.Where(l => l != first).ElementAt(random.Next(others.Length - 1));
        second.Set("Name", Quote(first.Name!));
        FuzzLayer later = network.Layers.IndexOf(first) > network.Layers.IndexOf(second) ? first : second;
        return new Injected("duplicate name", "NG0014", later);
    }

    // A chain whose first layer moves above the input: it then reads nothing (NG0010 at it).
    private static Injected? ChainBeforeInput(FuzzNetwork network)
    {
        if (network.GraphOrder || network.Layers.Any(l => l.OnMethod) || network.Layers.Count(l => l.Kind == "Input") != 1)
        {
            return null;
        }
        FuzzLayer input = network.Layers[0], first = network.Layers[1];
        if (first.Reads.Count != 1 || first.Reads[0] != input)
        {
            return null;
        }
        network.Layers.Reverse(0, 2);
        first.Set("From", null);
        first.Reads.Clear();
        return new Injected("chained layer before the input", "NG0010", first);
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    private static string Quote(string text) => FuzzNetwork.Quote(text);
}
