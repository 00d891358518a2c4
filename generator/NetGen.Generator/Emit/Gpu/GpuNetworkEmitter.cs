using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Gpu;

/// <summary>
/// Writes <c>MyNet.Gpu.g.cs</c> when the compilation references ILGPU: a nested class <c>MyNet.Gpu</c> that runs the
/// network on an ILGPU accelerator. It holds each layer's loaded kernels (runtime kernels in <c>NetGen.Gpu</c>,
/// generic over the same op structs as the CPU code, specialised here with the layer's shapes) and the forward and
/// backward launch order; the arenas mirror the CPU network's layout, offset for offset.
/// </summary>
internal static class GpuNetworkEmitter
{
    private const string Gpu = "global::NetGen.Gpu";

    public static string HintName(NetworkPlan plan) => plan.Spec.GpuHintName;

    public static string Emit(NetworkPlan plan)
    {
        var w = new IndentedWriter();
        HeaderEmitter.Emit(w, plan);
        w.Line("// This file: the ILGPU kernels' wiring for the network (NetGen.Gpu), generated because the project references ILGPU.");
        w.Line();
        w.Line("#nullable enable");
        w.Line();
        w.InNamespace(plan.Spec.Namespace, () => EmitOuter(w, plan));
        return w.ToString();
    }

    private static void EmitOuter(IndentedWriter w, NetworkPlan plan)
    {
        using (w.Block($"partial class {plan.Spec.Identifier}"))
        {
            w.Line("/// <summary>");
            w.Line($"/// <see cref=\"{plan.Spec.Identifier}\"/> on an ILGPU accelerator (CUDA, or ILGPU's CPU accelerator): the same");
            w.Line("/// initialisation, checks, losses and optimizers, with every layer's forward and backward pass, the loss and the");
            w.Line("/// optimizer update in device kernels, and the arenas in device memory between steps.");
            w.Line("/// Not usable under NativeAOT (ILGPU compiles kernels with Reflection.Emit); see docs/gpu.md.");
            w.Line("/// </summary>");
            w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"NetGen.Generator\", \"{NetworkEmitter.Version}\")]");
            using (w.Block($"public sealed class Gpu : {Gpu}.GpuNetwork<{LossType(plan.Spec.Loss)}>"))
            {
                EmitConstants(w, plan);
                EmitFields(w, plan);
                EmitConstructors(w, plan);
                EmitForward(w, plan);
                EmitBackward(w, plan);
            }
        }
    }

    private static void EmitConstants(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("// Parameter and buffer arenas: the CPU network's offsets, so uploads and downloads are single copies.");
        foreach (PlannedLayer layer in plan.Layers)
        {
            foreach (PlannedTensor t in layer.Parameters)
            {
                w.Line($"private const int {Tensor(layer, t)}Offset = {Literals.Int(t.Offset)}; // {layer.Name}.{t.Suffix} ({Shapes.Text(t.Shape, ", ")})");
            }
            foreach (PlannedTensor t in layer.Buffers)
            {
                w.Line($"private const int {Tensor(layer, t)}Offset = {Literals.Int(t.Offset)}; // {layer.Name}.{t.Suffix} ({Shapes.Text(t.Shape, ", ")}), buffer");
            }
        }
        w.Line();
        w.Line("// Activation arena, MaxBatch rows per layer.");
        foreach (PlannedLayer layer in plan.Layers)
        {
            string note = layer.IsAlias ? $", a view of {layer.InputName}'s" : "";
            w.Line($"private const int {OutOffset(layer)} = {Literals.Int(layer.ActivationOffset)}; // (MaxBatch, {Shapes.Text(layer.OutShape, ", ")}){note}");
        }
        w.Line();
        w.Line("// Activation-gradient arena, for the layers that need one.");
        foreach (PlannedLayer layer in plan.Layers.Where(l => l.GradientOffset >= 0))
        {
            w.Line($"private const int {DoutOffset(layer)} = {Literals.Int(layer.GradientOffset)}; // (MaxBatch, {Shapes.Text(layer.OutShape, ", ")})");
        }
        foreach (PlannedLayer layer in plan.Layers)
        {
            if (layer.SavedSize > 0)
            {
                w.Line($"private const int {layer.MemberName}SavedOffset = {Literals.Int(layer.SavedOffset)}; // {Literals.Int(layer.SavedSize)} floats saved for backward");
            }
            if (layer.IndexSize > 0)
            {
                w.Line($"private const int {layer.MemberName}IndexOffset = {Literals.Int(layer.IndexOffset)}; // {Literals.Int(layer.IndexSize)} ints saved for backward");
            }
        }
        w.Line();
        w.Line($"private static readonly {Gpu}.GpuNetworkLayout s_layout = new {Gpu}.GpuNetworkLayout(");
        w.Line($"    \"{plan.Spec.ClassName}\", {Literals.Int(plan.ActivationFloats)}, {Literals.Int(plan.ActivationGradientFloats)}, {Literals.Int(plan.SavedFloats)}, {Literals.Int(plan.IndexInts)},");
        w.Line($"    {OutOffset(plan.Layers[0])}, {OutOffset(plan.Output)}, {DoutOffset(plan.Output)}, global::NetGen.Activation.{plan.OutputTransform},");
        string norm = plan.SingleValueBatchNorm is { } n ? "\"" + n.Name + "\"" : "null";
        w.Line($"    {norm}, {(plan.HasModeDependentLayers ? "true" : "false")});");
        w.Line();
    }

    private static void EmitFields(IndentedWriter w, NetworkPlan plan)
    {
        foreach (PlannedLayer layer in plan.Layers)
        {
            if (GpuLayerEmitter.FieldType(layer) is { } type)
            {
                w.Line($"private readonly {type} {GpuLayerEmitter.Field(layer)};");
            }
        }
        w.Line();
    }

    private static void EmitConstructors(IndentedWriter w, NetworkPlan plan)
    {
        string name = plan.Spec.Identifier;
        // An abstract network cannot be created here: its GPU class takes an instance of a derived class as its host.
        if (!plan.Spec.IsAbstract)
        {
            EmitCreatingConstructors(w, name);
        }
        w.Line("/// <summary>");
        w.Line($"/// Creates the network on <paramref name=\"device\"/> with <paramref name=\"host\"/> as its host copy: its parameters,");
        w.Line("/// gradients and buffers are the ones this network uploads and downloads (checkpoints and the trainer see them).");
        w.Line("/// Loads every layer's kernels (once per device).");
        w.Line("/// </summary>");
        using (w.Block($"public Gpu({Gpu}.GpuDevice device, {name} host) : base(device, host, s_layout)"))
        {
            foreach (PlannedLayer layer in plan.Layers)
            {
                if (GpuLayerEmitter.FieldType(layer) is not null)
                {
                    w.Line($"{GpuLayerEmitter.Field(layer)} = {GpuLayerEmitter.Construct(layer)};");
                }
            }
        }
        w.Line();
    }

    private static void EmitCreatingConstructors(IndentedWriter w, string name)
    {
        w.Line("/// <summary>Creates the network on <paramref name=\"device\"/>, initialised from <see cref=\"DefaultSeed\"/>.</summary>");
        w.Line($"public Gpu({Gpu}.GpuDevice device) : this(device, new {name}())");
        using (w.Block())
        {
        }
        w.Line();
        w.Line("/// <summary>Creates the network on <paramref name=\"device\"/>, initialised from <paramref name=\"seed\"/> exactly as the CPU network.</summary>");
        w.Line($"public Gpu({Gpu}.GpuDevice device, long seed) : this(device, new {name}(seed))");
        using (w.Block())
        {
        }
        w.Line();
    }

    private static void EmitForward(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <inheritdoc/>");
        using (w.Block("protected override void ForwardCore(int batch, bool training)"))
        {
            w.Line($"// input: {ShapeComment(plan.Layers[0].OutShape)}, uploaded by the base class");
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.Kind != LayerKind.Input))
            {
                w.Line();
                GpuLayerEmitter.EmitForward(w, layer);
            }
        }
        w.Line();
    }

    private static void EmitBackward(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <inheritdoc/>");
        using (w.Block("protected override void BackwardCore(int batch)"))
        {
            w.Line($"// loss: {plan.Spec.Loss} on the host (fused with the output's softmax or sigmoid); dout (B, {plan.OutputSize}) uploaded by the base class");
            foreach (PlannedLayer layer in plan.Layers.Where(l => l.GradientOffset >= 0).Reverse())
            {
                w.Line();
                GpuLayerEmitter.EmitBackward(w, layer);
            }
        }
    }

    private static string LossType(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => Ops + ".SoftmaxCrossEntropyLoss",
        Loss.BinaryCrossEntropy => Ops + ".BinaryCrossEntropyLoss",
        _ => Ops + ".MeanSquaredErrorLoss",
    };
}
