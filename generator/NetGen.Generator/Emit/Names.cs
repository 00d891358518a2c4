using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit;

/// <summary>Fully qualified names of runtime types, and the names of generated members.</summary>
internal static class Names
{
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string Ops = "global::NetGen.Ops";
    public const string Kernels = "global::NetGen.Kernels";
    public const string Guard = "global::NetGen.NetworkGuard";

    /// <summary>
    /// The first statement of a public entry point: enters the network's one-thread-at-a-time guard until the call
    /// returns (<c>_entered</c> has an underscore, which no generated parameter name has).
    /// </summary>
    public static string Enter(string call) => $"using var _entered = _use.Enter(NetworkName, \"{call}\");";

    public static string ActivationStruct(Activation activation, double leakySlope) => activation switch
    {
        Activation.Sigmoid => "default(" + Ops + ".SigmoidActivation)",
        Activation.Tanh => "default(" + Ops + ".TanhActivation)",
        Activation.ReLU => "default(" + Ops + ".ReluActivation)",
        Activation.LeakyReLU => "new " + Ops + ".LeakyReluActivation(" + Literals.Float(leakySlope) + ")",
        _ => "default(" + Ops + ".IdentityActivation)",
    };

    public static string ActivationStruct(PlannedLayer layer) => ActivationStruct(layer.KernelActivation, layer.LeakySlope);

    public static string LossStruct(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => "default(" + Ops + ".SoftmaxCrossEntropyLoss)",
        Loss.BinaryCrossEntropy => "default(" + Ops + ".BinaryCrossEntropyLoss)",
        _ => "default(" + Ops + ".MeanSquaredErrorLoss)",
    };

    /// <summary>The view of a layer's tensor, for example <c>Conv1Weight</c> or <c>Bn1RunningMean</c>.</summary>
    public static string Tensor(PlannedLayer layer, PlannedTensor tensor) => layer.MemberName + Planner.MemberName(tensor.Suffix);

    public static string Tensor(PlannedLayer layer, string suffix) => layer.MemberName + Planner.MemberName(suffix);

    /// <summary>The view of a layer's tensor, or an empty span when the layer does not have it (a layer without bias).</summary>
    public static string TensorOrEmpty(PlannedLayer layer, string suffix, string grad = "")
    {
        foreach (PlannedTensor tensor in layer.Parameters)
        {
            if (tensor.Suffix == suffix)
            {
                return Tensor(layer, tensor) + grad;
            }
        }
        return (grad.Length > 0 ? Span : ReadOnlySpan) + ".Empty";
    }

    // Which activation offsets forward code reads and writes: the training layout's, or Predict's packed one inside
    // an Inference() scope. Emission is synchronous, so a thread-static flag scoped by a using block is enough.
    [System.ThreadStatic]
    private static bool t_inference;

    /// <summary>Within the returned scope, forward code uses <c>Predict</c>'s packed offsets (<c>Conv1InfOffset</c>).</summary>
    public static InferenceScope Inference()
    {
        t_inference = true;
        return default;
    }

    public static string OutOffset(PlannedLayer layer) => layer.MemberName + (t_inference ? "InfOffset" : "OutOffset");

    /// <summary>The constant of a layer's slot in <c>Predict</c>'s packed layout.</summary>
    public static string InfOffset(PlannedLayer layer) => layer.MemberName + "InfOffset";

    public static string DoutOffset(PlannedLayer layer) => layer.MemberName + "DoutOffset";

    /// <summary><c>Act(Conv1OutOffset, batch * 12544)</c>: the layer's output for the batch.</summary>
    public static string Output(PlannedLayer layer) => $"Act({OutOffset(layer)}, batch * {Literals.Int(layer.OutSize)})";

    /// <summary>The layer's input for the batch: the output of the layer it reads.</summary>
    public static string Input(PlannedLayer layer) =>
        $"Act({Planner.MemberName(layer.InputName!)}{(t_inference ? "InfOffset" : "OutOffset")}, batch * {Literals.Int(layer.InSize)})";

    /// <summary>The gradient of the layer's output for the batch.</summary>
    public static string Dout(PlannedLayer layer) => $"Dact({DoutOffset(layer)}, batch * {Literals.Int(layer.OutSize)})";

    /// <summary>The gradient of the layer's input, or an empty span when the input needs none.</summary>
    public static string Dinp(PlannedLayer layer) => layer.NeedsInputGradient
        ? $"Dact({Planner.MemberName(layer.InputName!)}DoutOffset, batch * {Literals.Int(layer.InSize)})"
        : Span + ".Empty";

    /// <summary>Input <paramref name="k"/> of a join, for the batch.</summary>
    public static string Source(PlannedLayer layer, int k) =>
        $"Act({layer.Sources[k].MemberName}{(t_inference ? "InfOffset" : "OutOffset")}, batch * {Literals.Int(layer.Sources[k].Size)})";

    /// <summary>The gradient of input <paramref name="k"/> of a join, or null when it needs none.</summary>
    public static string? DSource(PlannedLayer layer, int k) => layer.Sources[k].NeedsGradient
        ? $"Dact({layer.Sources[k].MemberName}DoutOffset, batch * {Literals.Int(layer.Sources[k].Size)})"
        : null;

    public static string ShapeComment(EquatableArray<int> shape) => "(B, " + Shapes.Text(shape, ", ") + ")";

    /// <summary>Ends an <see cref="Inference"/> scope.</summary>
    public readonly struct InferenceScope : System.IDisposable
    {
        public void Dispose() => t_inference = false;
    }
}
