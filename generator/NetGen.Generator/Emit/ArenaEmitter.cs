using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit;

/// <summary>Writes the memory plan: size constants, arena offsets, the arena fields, and the named views into them.</summary>
internal static class ArenaEmitter
{
    public static void EmitConstants(IndentedWriter w, NetworkPlan plan)
    {
        PlannedLayer input = plan.Layers[0];
        Constant(w, "int", "InputSize", plan.InputSize, plan.HasSeveralInputs
            ? "Floats in one row of every input side by side: " + string.Join(", then ", plan.Inputs.Select(i => $"{i.Name} ({Shapes.Text(i.OutShape, ", ")})")) + "."
            : $"Floats in one input sample, shape ({Shapes.Text(input.OutShape, ", ")}).");
        if (plan.HasSeveralInputs)
        {
            InputsEmitter.EmitConstants(w, plan);
        }
        Constant(w, "int", "OutputSize", plan.OutputSize, $"Floats in one output sample, shape ({Shapes.Text(plan.Output.OutShape, ", ")}).");
        Constant(w, "int", "TargetSize", plan.TargetSize,
            "Floats in one target sample: " + (plan.Spec.Loss == Loss.SoftmaxCrossEntropy ? "one class index." : "one value per output."));
        Constant(w, "int", "MaxBatch", plan.Spec.MaxBatch, "The largest batch accepted; the activation buffers are sized for it.");
        Constant(w, "long", "DefaultSeed", plan.Spec.Seed, "The seed the parameterless constructor initialises with.");
        Constant(w, "int", "ParameterCount", plan.ParameterCount, "Trainable parameters, the length of <see cref=\"Parameters\"/>.");
        Constant(w, "int", "BufferCount", plan.BufferCount, "Non-trainable state (running statistics), the length of <see cref=\"Buffers\"/>.");
        Constant(w, "long", "FlopsPerSample", plan.ForwardFlopsPerSample, "FLOPs of one sample's forward pass (a multiply-add counts 2).");
        Constant(w, "long", "TrainingFlopsPerSample", plan.TrainingFlopsPerSample, "FLOPs of one sample's training step: forward, weight and input gradients.");
        Constant(w, "long", "ArenaBytes", plan.ArenaBytes, "Bytes of every arena together, allocated once when the network is created.");

        w.Line("/// <summary>The architecture's fingerprint (FNV-1a of its layers, shapes and tensors), written into checkpoints.</summary>");
        w.Line($"public const string ArchitectureHash = \"{plan.ArchitectureHash}\";");
        w.Line();
        w.Line($"private const string NetworkName = \"{plan.Spec.ClassName}\";");
        w.Line();
        w.Line("// Parameter arena: each layer's tensors in PyTorch layouts; the gradient arena has the same layout.");
        Offsets(w, plan, l => l.Parameters);
        if (plan.BufferCount > 0)
        {
            w.Line();
            w.Line("// Buffer arena: state that is not trained (PyTorch's buffers).");
            Offsets(w, plan, l => l.Buffers);
        }
        w.Line();
        w.Line("// Activation arena: the input, then each layer's output, MaxBatch rows each.");
        foreach (PlannedLayer layer in plan.Layers)
        {
            string note = layer.IsAlias ? $", a view of {layer.InputName}'s" : "";
            w.Line($"private const int {OutOffset(layer)} = {Literals.Int(layer.ActivationOffset)}; // (MaxBatch, {Shapes.Text(layer.OutShape, ", ")}){note}");
        }
        w.Line();
        w.Line($"// Predict's layout of the same arena: a slot is reused once no later layer reads it ({Literals.Grouped(plan.InferenceFloats)} of {Literals.Grouped(plan.ActivationFloats)} floats).");
        for (int i = 0; i < plan.Layers.Length; i++)
        {
            PlannedLayer layer = plan.Layers[i];
            string note = layer.IsAlias ? $", a view of {layer.InputName}'s" : "";
            w.Line($"private const int {InfOffset(layer)} = {Literals.Int(plan.InferenceOffsets[i])}; // (MaxBatch, {Shapes.Text(layer.OutShape, ", ")}){note}");
        }
        w.Line();
        w.Line("// Activation-gradient arena: the gradient of each layer's output, MaxBatch rows each, for layers that need one.");
        foreach (PlannedLayer layer in plan.Layers.Where(l => l.GradientOffset >= 0))
        {
            w.Line($"private const int {DoutOffset(layer)} = {Literals.Int(layer.GradientOffset)}; // (MaxBatch, {Shapes.Text(layer.OutShape, ", ")})");
        }
        if (plan.SavedFloats > 0 || plan.IndexInts > 0)
        {
            w.Line();
            w.Line("// What backward needs besides activations: batch statistics, dropout masks, max-pool indices.");
            foreach (PlannedLayer layer in plan.Layers)
            {
                if (layer.SavedSize > 0)
                {
                    w.Line($"private const int {layer.MemberName}SavedOffset = {Literals.Int(layer.SavedOffset)}; // {Literals.Int(layer.SavedSize)} floats");
                }
                if (layer.IndexSize > 0)
                {
                    w.Line($"private const int {layer.MemberName}IndexOffset = {Literals.Int(layer.IndexOffset)}; // {Literals.Int(layer.IndexSize)} ints");
                }
            }
        }
        w.Line();
    }

    public static void EmitFields(IndentedWriter w, NetworkPlan plan)
    {
        w.Line($"private readonly float[] _parameters = new float[{Literals.Int(plan.ParameterCount)}];");
        w.Line($"private readonly float[] _gradients = new float[{Literals.Int(plan.ParameterCount)}];");
        w.Line($"private readonly float[] _buffers = new float[{Literals.Int(plan.BufferCount)}];");
        w.Line($"private readonly float[] _activations = new float[{Literals.Int(plan.ActivationFloats)}];");
        w.Line($"private readonly float[] _dactivations = new float[{Literals.Int(plan.ActivationGradientFloats)}];");
        if (plan.SavedFloats > 0)
        {
            w.Line($"private readonly float[] _saved = new float[{Literals.Int(plan.SavedFloats)}];");
        }
        if (plan.IndexInts > 0)
        {
            w.Line($"private readonly int[] _indices = new int[{Literals.Int(plan.IndexInts)}];");
        }
        if (plan.ScratchFloats > 0)
        {
            w.Line($"private readonly float[] _scratch = new float[{Literals.Int(plan.ScratchFloats)}]; // shared by the layers, which run one at a time");
        }
        if (plan.Spec.Loss == Loss.SoftmaxCrossEntropy)
        {
            w.Line("private readonly float[] _labels = new float[MaxBatch]; // integer labels converted for the loss");
        }
        w.Line("private int _forwardBatch; // samples in the last forward pass; 0 before the first");
        w.Line("private bool _forwardTraining; // whether the last forward pass ran in training mode");
        w.Line("private bool _forwardCurrent; // false once TrainStep or MarkParametersChanged says the parameters changed since the last forward pass");
        w.Line("private long _seed; // the seed of Initialize, which also seeds the dropout masks");
        w.Line("private long _trainingStep; // training forward passes so far: the counter of the dropout masks");
        w.Line("private readonly global::NetGen.ExclusiveUse _use = new global::NetGen.ExclusiveUse(); // one thread at a time: every entry point enters it");
        if (plan.BufferCount > 0)
        {
            w.Line("private readonly float[] _buffersBefore = new float[BufferCount]; // restored when a step goes non-finite");
        }
        w.Line();
    }

    public static void EmitViews(IndentedWriter w, NetworkPlan plan)
    {
        w.Line("/// <summary>The parameter arena: every weight and bias at a fixed offset, in PyTorch layouts.</summary>");
        w.Line($"public {Span} Parameters => _parameters;");
        w.Line();
        w.Line("/// <summary>The gradient arena, laid out like <see cref=\"Parameters\"/>.</summary>");
        w.Line($"public {Span} Gradients => _gradients;");
        w.Line();
        w.Line("/// <summary>The buffer arena: state that is not trained, such as batch norm's running statistics.</summary>");
        w.Line($"public {Span} Buffers => _buffers;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Whether <see cref=\"Forward(global::System.ReadOnlySpan{float}, global::System.Span{float}, int)\"/> runs in training mode");
        w.Line("/// (batch statistics, dropout) or inference mode (running statistics, no dropout, no change of state). False by default;");
        w.Line("/// <c>TrainStep</c> always trains.");
        w.Line("/// </summary>");
        w.Line("public bool Training { get; set; }");
        w.Line();
        w.Line("/// <summary>The seed and training-pass count of the dropout masks, saved in training checkpoints.</summary>");
        w.Line("public global::NetGen.NetworkRandomState RandomState");
        using (w.Block())
        {
            w.Line("get => new global::NetGen.NetworkRandomState(_seed, _trainingStep);");
            using (w.Block("set"))
            {
                w.Line("_seed = value.Seed;");
                w.Line("_trainingStep = value.Step;");
            }
        }
        w.Line();
        w.Line("/// <summary>The output layer's stored values for the last forward pass, (batch, OutputSize).</summary>");
        w.Line($"public {ReadOnlySpan} LastOutput => {plan.Output.MemberName}Output;");
        w.Line();
        foreach (PlannedLayer layer in plan.Layers.Where(l => l.Kind != LayerKind.Input))
        {
            foreach (PlannedTensor tensor in layer.Parameters)
            {
                string shape = "(" + Shapes.Text(tensor.Shape, ", ") + ")";
                w.Line($"/// <summary><c>{layer.Name}.{tensor.Suffix}</c>, shape {shape}.</summary>");
                w.Line($"public {Span} {Tensor(layer, tensor)} => new {Span}(_parameters, {Tensor(layer, tensor)}Offset, {Literals.Int(tensor.Length)});");
                w.Line();
                w.Line($"/// <summary>The gradient of <c>{layer.Name}.{tensor.Suffix}</c>, shape {shape}.</summary>");
                w.Line($"public {Span} {Tensor(layer, tensor)}Grad => new {Span}(_gradients, {Tensor(layer, tensor)}Offset, {Literals.Int(tensor.Length)});");
                w.Line();
            }
            foreach (PlannedTensor tensor in layer.Buffers)
            {
                w.Line($"/// <summary><c>{layer.Name}.{tensor.Suffix}</c>, shape ({Shapes.Text(tensor.Shape, ", ")}), not trained.</summary>");
                w.Line($"public {Span} {Tensor(layer, tensor)} => new {Span}(_buffers, {Tensor(layer, tensor)}Offset, {Literals.Int(tensor.Length)});");
                w.Line();
            }
            string fused = layer.KernelActivation != layer.DeclaredActivation ? ", before the activation fused into the loss" : "";
            w.Line($"/// <summary>The output of <c>{layer.Name}</c> in the last forward pass, shape (batch, {Shapes.Text(layer.OutShape, ", ")}){fused}.</summary>");
            w.Line($"public {ReadOnlySpan} {layer.MemberName}Output => new {ReadOnlySpan}(_activations, {OutOffset(layer)}, _forwardBatch * {Literals.Int(layer.OutSize)});");
            w.Line();
        }
        foreach (LayerMember member in plan.Spec.Members)
        {
            PlannedLayer layer = plan.Layers.First(l => l.Name == member.LayerName);
            w.Line($"// [{layer.Kind}] declared on this method: the layer's output in the last forward pass, (batch, {Shapes.Text(layer.OutShape, ", ")}).");
            w.Line($"{member.Modifiers} {ReadOnlySpan} {member.Identifier}() => {(layer.Kind == LayerKind.Input ? $"new {ReadOnlySpan}(_activations, {OutOffset(layer)}, _forwardBatch * {Literals.Int(layer.OutSize)})" : layer.MemberName + "Output")};");
            w.Line();
        }
        TensorList(w, plan, "ParameterTensors", "parameter", l => l.Parameters);
        TensorList(w, plan, "BufferTensors", "buffer", l => l.Buffers);
        w.Line($"private {Span} Act(int offset, int length) => new {Span}(_activations, offset, length);");
        w.Line();
        w.Line($"private {Span} Dact(int offset, int length) => new {Span}(_dactivations, offset, length);");
        w.Line();
        if (plan.SavedFloats > 0)
        {
            w.Line($"private {Span} Saved(int offset, int length) => new {Span}(_saved, offset, length);");
            w.Line();
        }
    }

    private static void Constant(IndentedWriter w, string type, string name, long value, string summary)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public const {type} {name} = {Literals.Int(value)};");
        w.Line();
    }

    private static void Offsets(IndentedWriter w, NetworkPlan plan, System.Func<PlannedLayer, EquatableArray<PlannedTensor>> tensors)
    {
        foreach (PlannedLayer layer in plan.Layers)
        {
            foreach (PlannedTensor tensor in tensors(layer))
            {
                w.Line($"private const int {Tensor(layer, tensor)}Offset = {Literals.Int(tensor.Offset)}; // {layer.Name}.{tensor.Suffix} ({Shapes.Text(tensor.Shape, ", ")})");
            }
        }
    }

    private static void TensorList(IndentedWriter w, NetworkPlan plan, string name, string arena, System.Func<PlannedLayer, EquatableArray<PlannedTensor>> tensors)
    {
        string field = "s_" + char.ToLowerInvariant(name[0]) + name.Substring(1);
        w.Line($"/// <summary>The named tensors of the {arena} arena, in arena order, with their PyTorch names and shapes.</summary>");
        w.Line($"public global::System.Collections.Generic.IReadOnlyList<global::NetGen.TensorInfo> {name} => {field};");
        w.Line();
        using (w.Block($"private static readonly global::NetGen.TensorInfo[] {field} =", "};"))
        {
            foreach (PlannedLayer layer in plan.Layers)
            {
                foreach (PlannedTensor tensor in tensors(layer))
                {
                    w.Line($"new global::NetGen.TensorInfo(\"{layer.Name}.{tensor.Suffix}\", {Tensor(layer, tensor)}Offset, global::NetGen.TensorRole.{tensor.Role}, {Shapes.Text(tensor.Shape, ", ")}),");
                }
            }
        }
        w.Line();
    }
}
