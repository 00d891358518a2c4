using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Layers;

/// <summary>
/// Everything generated for a fully connected layer: its offsets and views, its initialisation, and its
/// forward and backward calls into <c>DenseKernels</c> with the shapes as constants.
/// </summary>
internal static class DenseEmitter
{
    public static void EmitOffsets(IndentedWriter w, PlannedLayer layer)
    {
        string n = layer.MemberName;
        w.Line($"private const int {n}WeightOffset = {Literals.Int(layer.WeightOffset)}; // {layer.Name}.weight ({layer.OutSize}, {layer.InSize})");
        if (layer.Bias)
        {
            w.Line($"private const int {n}BiasOffset = {Literals.Int(layer.BiasOffset)}; // {layer.Name}.bias ({layer.OutSize})");
        }
    }

    public static void EmitViews(IndentedWriter w, PlannedLayer layer)
    {
        string n = layer.MemberName;
        string shape = $"({layer.OutSize}, {layer.InSize})";
        string weight = Literals.Int(layer.WeightSize);
        w.Line($"/// <summary><c>{layer.Name}.weight</c>, shape {shape} (out, in) as in PyTorch.</summary>");
        w.Line($"public {Span} {n}Weight => new {Span}(_parameters, {n}WeightOffset, {weight});");
        w.Line();
        w.Line($"/// <summary>The gradient of <c>{layer.Name}.weight</c>, shape {shape}.</summary>");
        w.Line($"public {Span} {n}WeightGrad => new {Span}(_gradients, {n}WeightOffset, {weight});");
        w.Line();
        if (layer.Bias)
        {
            w.Line($"/// <summary><c>{layer.Name}.bias</c>, shape ({layer.OutSize}).</summary>");
            w.Line($"public {Span} {n}Bias => new {Span}(_parameters, {n}BiasOffset, {layer.OutSize});");
            w.Line();
            w.Line($"/// <summary>The gradient of <c>{layer.Name}.bias</c>, shape ({layer.OutSize}).</summary>");
            w.Line($"public {Span} {n}BiasGrad => new {Span}(_gradients, {n}BiasOffset, {layer.OutSize});");
            w.Line();
        }
        w.Line($"/// <summary>The output of <c>{layer.Name}</c> in the last forward pass, shape (batch, {layer.OutSize}){(layer.KernelActivation != layer.DeclaredActivation ? ", before the activation fused into the loss" : "")}.</summary>");
        w.Line($"public {ReadOnlySpan} {n}Output => new {ReadOnlySpan}(_activations, {OutOffset(layer)}, _forwardBatch * {layer.OutSize});");
        w.Line();
    }

    public static void EmitTensors(IndentedWriter w, PlannedLayer layer)
    {
        string n = layer.MemberName;
        w.Line($"new global::NetGen.TensorInfo(\"{layer.Name}.weight\", {n}WeightOffset, {layer.OutSize}, {layer.InSize}),");
        if (layer.Bias)
        {
            w.Line($"new global::NetGen.TensorInfo(\"{layer.Name}.bias\", {n}BiasOffset, {layer.OutSize}),");
        }
    }

    public static void EmitInitialize(IndentedWriter w, PlannedLayer layer, int stream)
    {
        string n = layer.MemberName;
        w.Line($"rng = new global::NetGen.Random.Rng(seed, {stream});");
        switch (layer.DeclaredActivation)
        {
            case Activation.ReLU:
            case Activation.LeakyReLU:
                string slope = layer.DeclaredActivation == Activation.ReLU ? "0f" : Literals.Float(layer.LeakySlope);
                w.Line($"{Ops}.Init.HeUniform({n}Weight, {layer.InSize}, {slope}, ref rng); // He uniform: {layer.DeclaredActivation} follows");
                break;
            default:
                // The gain of torch.nn.init.calculate_gain: 5/3 for tanh, 1 otherwise.
                string gain = layer.DeclaredActivation == Activation.Tanh ? Literals.Float(5.0 / 3.0) : "1f";
                w.Line($"{Ops}.Init.XavierUniform({n}Weight, {layer.InSize}, {layer.OutSize}, {gain}, ref rng); // Xavier uniform: {layer.DeclaredActivation} follows");
                break;
        }
        if (layer.Bias)
        {
            w.Line($"{n}Bias.Clear();");
        }
    }

    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        string n = layer.MemberName;
        string bias = layer.Bias ? n + "Bias" : ReadOnlySpan + ".Empty";
        string fused = layer.KernelActivation != layer.DeclaredActivation ? $" ({layer.DeclaredActivation} fused into the loss)" : "";
        w.Line($"// {layer.Name}: Dense, inp (B, {layer.InSize}) -> out (B, {layer.OutSize}), {layer.KernelActivation}{fused}");
        w.Line($"{Kernels}.DenseKernels.Forward(");
        w.Line($"    Act({InputOffsetName(layer)}, batch * {layer.InSize}), {n}Weight, {bias}, Act({OutOffset(layer)}, batch * {layer.OutSize}),");
        w.Line($"    batch, {layer.InSize}, {layer.OutSize}, {ActivationStruct(layer.KernelActivation, layer.LeakySlope)});");
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        string n = layer.MemberName;
        string dinp = layer.IsFirstTrainable ? Span + ".Empty" : $"Dact({InputDoutName(layer)}, batch * {layer.InSize})";
        string dbias = layer.Bias ? n + "BiasGrad" : Span + ".Empty";
        string note = layer.IsFirstTrainable ? ", no input gradient (first layer)" : $" -> dinp (B, {layer.InSize})";
        w.Line($"// {layer.Name}: Dense backward, dout (B, {layer.OutSize}){note}");
        w.Line($"{Kernels}.DenseKernels.Backward(");
        w.Line($"    Act({InputOffsetName(layer)}, batch * {layer.InSize}), {n}Weight, Act({OutOffset(layer)}, batch * {layer.OutSize}), Dact({DoutOffset(layer)}, batch * {layer.OutSize}),");
        w.Line($"    {dinp}, {n}WeightGrad, {dbias},");
        w.Line($"    batch, {layer.InSize}, {layer.OutSize}, {ActivationStruct(layer.KernelActivation, layer.LeakySlope)});");
    }

    // The producing layer's offset constants are named after it; the planner resolved the reference.
    private static string InputOffsetName(PlannedLayer layer) => Planner.MemberName(layer.InputName!) + "OutOffset";

    private static string InputDoutName(PlannedLayer layer) => Planner.MemberName(layer.InputName!) + "DoutOffset";
}
