using System.Linq;
using NetGen.Generator.Emit.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>
/// Writes the generated half of a network class from its plan: header table, constants, arenas and views,
/// initialisation, forward, backward and the fused training step. Layer code comes from one emitter per kind.
/// </summary>
internal static class NetworkEmitter
{
    public const string Version = "0.1.0";

    public static string Emit(NetworkPlan plan)
    {
        var w = new IndentedWriter();
        HeaderEmitter.Emit(w, plan);
        w.Line("#nullable enable");
        w.Line();
        NetworkSpec spec = plan.Spec;
        if (spec.Namespace is not null)
        {
            using (w.Block("namespace " + spec.Namespace))
            {
                EmitClass(w, plan);
            }
        }
        else
        {
            EmitClass(w, plan);
        }
        return w.ToString();
    }

    private static void EmitClass(IndentedWriter w, NetworkPlan plan)
    {
        NetworkSpec spec = plan.Spec;
        w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"NetGen.Generator\", \"{Version}\")]");
        using (w.Block($"{spec.Accessibility} partial class {spec.ClassName} : global::NetGen.INetwork"))
        {
            EmitConstants(w, plan);
            EmitFields(w, plan);
            EmitConstructors(w, plan);
            EmitViews(w, plan);
            EmitInitialize(w, plan);
            ForwardEmitter.Emit(w, plan);
            BackwardEmitter.Emit(w, plan);
            TrainStepEmitter.Emit(w, plan);
            EmitInterface(w, plan);
        }
    }

    private static PlannedLayer[] Trainable(NetworkPlan plan) => plan.Layers.Where(l => l.Kind != LayerKind.Input).ToArray();

    private static void EmitConstants(IndentedWriter w, NetworkPlan plan)
    {
        PlannedLayer input = plan.Layers[0];
        w.Line($"/// <summary>Floats in one input sample, shape ({Planner.ShapeText(input.OutShape, ", ")}).</summary>");
        w.Line($"public const int InputSize = {Literals.Int(plan.InputSize)};");
        w.Line();
        w.Line($"/// <summary>Floats in one output sample, shape ({plan.OutputSize}).</summary>");
        w.Line($"public const int OutputSize = {Literals.Int(plan.OutputSize)};");
        w.Line();
        string target = plan.Spec.Loss == Loss.SoftmaxCrossEntropy ? "one class index" : "one value per output";
        w.Line($"/// <summary>Floats in one target sample: {target}.</summary>");
        w.Line($"public const int TargetSize = {Literals.Int(plan.TargetSize)};");
        w.Line();
        w.Line("/// <summary>The largest batch accepted; the activation buffers are sized for it.</summary>");
        w.Line($"public const int MaxBatch = {Literals.Int(plan.Spec.MaxBatch)};");
        w.Line();
        w.Line("/// <summary>The seed the parameterless constructor initialises with.</summary>");
        w.Line($"public const long DefaultSeed = {Literals.Int(plan.Spec.Seed)};");
        w.Line();
        w.Line("/// <summary>Trainable parameters, the length of <see cref=\"Parameters\"/>.</summary>");
        w.Line($"public const int ParameterCount = {Literals.Int(plan.ParameterCount)};");
        w.Line();
        w.Line("/// <summary>FLOPs of one sample's forward pass (a multiply-add counts 2).</summary>");
        w.Line($"public const long FlopsPerSample = {Literals.Int(plan.ForwardFlopsPerSample)};");
        w.Line();
        w.Line("/// <summary>FLOPs of one sample's training step: forward, weight and input gradients.</summary>");
        w.Line($"public const long TrainingFlopsPerSample = {Literals.Int(plan.TrainingFlopsPerSample)};");
        w.Line();
        w.Line("/// <summary>Bytes of every arena together (parameters, gradients, activations and their gradients at MaxBatch).</summary>");
        w.Line($"public const long ArenaBytes = {Literals.Int(plan.ArenaBytes)};");
        w.Line();
        w.Line($"private const string NetworkName = \"{plan.Spec.ClassName}\";");
        w.Line($"private const int ActivationFloats = {Literals.Int(plan.ActivationFloats)};");
        w.Line($"private const int ActivationGradientFloats = {Literals.Int(plan.ActivationGradientFloats)};");
        w.Line();
        w.Line("// Parameter arena: each layer's weight (out, in) then bias (out).");
        foreach (PlannedLayer layer in Trainable(plan))
        {
            DenseEmitter.EmitOffsets(w, layer);
        }
        w.Line();
        w.Line("// Activation arena: the input, then each layer's output, MaxBatch rows each.");
        foreach (PlannedLayer layer in plan.Layers)
        {
            w.Line($"private const int {OutOffset(layer)} = {Literals.Int(layer.ActivationOffset)}; // (MaxBatch, {layer.OutSize})");
        }
        w.Line();
        w.Line("// Activation-gradient arena: the gradient of each layer's output, MaxBatch rows each.");
        foreach (PlannedLayer layer in Trainable(plan))
        {
            w.Line($"private const int {DoutOffset(layer)} = {Literals.Int(layer.GradientOffset)}; // (MaxBatch, {layer.OutSize})");
        }
        w.Line();
    }

    private static void EmitFields(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("private readonly float[] _parameters = new float[ParameterCount];");
        w.Line("private readonly float[] _gradients = new float[ParameterCount];");
        w.Line("private readonly float[] _activations = new float[ActivationFloats];");
        w.Line("private readonly float[] _dactivations = new float[ActivationGradientFloats];");
        if (plan.Spec.Loss == Loss.SoftmaxCrossEntropy)
        {
            w.Line("private readonly float[] _labels = new float[MaxBatch]; // integer labels converted for the loss");
        }
        w.Line("private int _forwardBatch; // samples in the last forward pass; 0 before the first");
        w.Line();
    }

    private static void EmitConstructors(IndentedWriter w, NetworkPlan plan)
    {
        string name = plan.Spec.ClassName;
        w.Line($"/// <summary>Creates the network with its parameters initialised from <see cref=\"DefaultSeed\"/>.</summary>");
        w.Line($"public {name}() : this(DefaultSeed)");
        using (w.Block()) { }
        w.Line();
        w.Line("/// <summary>Creates the network with its parameters initialised deterministically from <paramref name=\"seed\"/>.</summary>");
        using (w.Block($"public {name}(long seed)"))
        {
            w.Line("Initialize(seed);");
        }
        w.Line();
    }

    private static void EmitViews(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>The parameter arena: every weight and bias at a fixed offset, in PyTorch layouts.</summary>");
        w.Line($"public {Span} Parameters => _parameters;");
        w.Line();
        w.Line("/// <summary>The gradient arena, laid out like <see cref=\"Parameters\"/>.</summary>");
        w.Line($"public {Span} Gradients => _gradients;");
        w.Line();
        PlannedLayer output = plan.Layers[plan.Layers.Length - 1];
        w.Line("/// <summary>The output layer's stored values for the last forward pass, (batch, OutputSize).</summary>");
        w.Line($"public {ReadOnlySpan} LastOutput => {output.MemberName}Output;");
        w.Line();
        foreach (PlannedLayer layer in Trainable(plan))
        {
            DenseEmitter.EmitViews(w, layer);
        }
        w.Line("/// <summary>The named tensors of the parameter arena, in arena order.</summary>");
        w.Line("public global::System.Collections.Generic.IReadOnlyList<global::NetGen.TensorInfo> ParameterTensors => s_tensors;");
        w.Line();
        using (w.Block("private static readonly global::NetGen.TensorInfo[] s_tensors =", "};"))
        {
            foreach (PlannedLayer layer in Trainable(plan))
            {
                DenseEmitter.EmitTensors(w, layer);
            }
        }
        w.Line();
        w.Line($"private {Span} Act(int offset, int length) => new {Span}(_activations, offset, length);");
        w.Line();
        w.Line($"private {Span} Dact(int offset, int length) => new {Span}(_dactivations, offset, length);");
        w.Line();
    }

    private static void EmitInitialize(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>");
        w.Line("/// Re-initialises every parameter from <paramref name=\"seed\"/>: He uniform before (leaky) ReLU, Xavier uniform");
        w.Line("/// otherwise, zero biases. Each layer draws from its own stream, so the same seed gives the same weights.");
        w.Line("/// </summary>");
        using (w.Block("public void Initialize(long seed)"))
        {
            w.Line("global::NetGen.Random.Rng rng;");
            int stream = 0;
            foreach (PlannedLayer layer in Trainable(plan))
            {
                DenseEmitter.EmitInitialize(w, layer, ++stream);
            }
            w.Line($"new {Span}(_gradients).Clear();");
            w.Line("_forwardBatch = 0;");
        }
        w.Line();
    }

    private static void EmitInterface(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("int global::NetGen.INetwork.InputSize => InputSize;");
        w.Line("int global::NetGen.INetwork.OutputSize => OutputSize;");
        w.Line("int global::NetGen.INetwork.TargetSize => TargetSize;");
        w.Line("int global::NetGen.INetwork.MaxBatch => MaxBatch;");
        w.Line("int global::NetGen.INetwork.ParameterCount => ParameterCount;");
        w.Line($"global::NetGen.Loss global::NetGen.INetwork.Loss => global::NetGen.Loss.{plan.Spec.Loss};");
    }
}
