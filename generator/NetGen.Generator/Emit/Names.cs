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

    public static string ActivationStruct(Activation activation, double leakySlope) => activation switch
    {
        Activation.Sigmoid => "default(" + Ops + ".SigmoidActivation)",
        Activation.Tanh => "default(" + Ops + ".TanhActivation)",
        Activation.ReLU => "default(" + Ops + ".ReluActivation)",
        Activation.LeakyReLU => "new " + Ops + ".LeakyReluActivation(" + Literals.Float(leakySlope) + ")",
        _ => "default(" + Ops + ".IdentityActivation)",
    };

    public static string LossStruct(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => "default(" + Ops + ".SoftmaxCrossEntropyLoss)",
        Loss.BinaryCrossEntropy => "default(" + Ops + ".BinaryCrossEntropyLoss)",
        _ => "default(" + Ops + ".MeanSquaredErrorLoss)",
    };

    public static string OutOffset(PlannedLayer layer) => layer.MemberName + "OutOffset";

    public static string DoutOffset(PlannedLayer layer) => layer.MemberName + "DoutOffset";
}
