using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit;

/// <summary>
/// A member the generator declares in a network class: its name, its kind (for messages), its parameter types as
/// Roslyn displays them (for methods and constructors, so that an overload of the user's is not a clash; null for
/// other members), and the layer whose name it derives from (-1 for members every network has).
/// </summary>
internal sealed record GeneratedMember(string Name, string Kind, string? Parameters = null, int Layer = -1)
{
    public bool IsMethod => Parameters is not null;

    /// <summary>Whether two members of these names and signatures cannot live in one class (C#'s rule: only methods
    /// with different parameter types may share a name).</summary>
    public static bool Clash(string name, string? parameters, GeneratedMember other) =>
        name == other.Name && !(parameters is not null && other.IsMethod && parameters != other.Parameters);
}

/// <summary>
/// Every member name the emitters write into a network class (NetworkEmitter and the GPU file's nested class), as one
/// table, so that the parser can report a clash with the user's names (NG0027-NG0029) instead of the compiler
/// reporting errors inside generated code. GeneratedMembersTests compiles networks of every layer kind and checks that
/// this table equals the members the generated code declares: a member added to an emitter and not here fails it.
/// </summary>
internal static class GeneratedMembers
{
    private const string In = "System.ReadOnlySpan<float>";
    private const string Out = "System.Span<float>";
    private const string Labels = "System.ReadOnlySpan<int>";
    private const string Optimizer = "NetGen.Optimizers.Optimizer";

    public static List<GeneratedMember> Of(NetworkPlan plan)
    {
        var members = new List<GeneratedMember>();
        void Add(string name, string kind) => members.Add(new GeneratedMember(name, kind));
        void Method(string name, params string[] parameters) => members.Add(new GeneratedMember(name, "method", string.Join(", ", parameters)));
        bool crossEntropy = plan.Spec.Loss == Loss.SoftmaxCrossEntropy;

        // ArenaEmitter: constants, fields, views.
        foreach (string constant in new[] { "InputSize", "OutputSize", "TargetSize", "MaxBatch", "DefaultSeed", "ParameterCount", "BufferCount",
            "FlopsPerSample", "TrainingFlopsPerSample", "ArenaBytes", "ArchitectureHash", "NetworkName" })
        {
            Add(constant, "constant");
        }
        foreach (string field in new[] { "_parameters", "_gradients", "_buffers", "_activations", "_dactivations", "_forwardBatch",
            "_forwardTraining", "_forwardCurrent", "_use", "_seed", "_trainingStep", "s_parameterTensors", "s_bufferTensors" })
        {
            Add(field, "field");
        }
        AddIf(members, plan.SavedFloats > 0, "_saved", "field");
        AddIf(members, plan.IndexInts > 0, "_indices", "field");
        AddIf(members, plan.ScratchFloats > 0, "_scratch", "field");
        AddIf(members, crossEntropy, "_labels", "field");
        AddIf(members, plan.BufferCount > 0, "_buffersBefore", "field");
        foreach (string property in new[] { "Parameters", "Gradients", "Buffers", "Training", "RandomState", "LastOutput", "ParameterTensors", "BufferTensors" })
        {
            Add(property, "property");
        }
        Method("Act", "int", "int");
        Method("Dact", "int", "int");
        if (plan.SavedFloats > 0)
        {
            Method("Saved", "int", "int");
        }

        // NetworkEmitter: constructors and the INetwork members implemented explicitly; the GPU file's nested class.
        members.Add(new GeneratedMember(".ctor", "constructor", ""));
        members.Add(new GeneratedMember(".ctor", "constructor", "long"));
        foreach (string property in new[] { "InputSize", "OutputSize", "TargetSize", "MaxBatch", "ParameterCount", "Loss", "ArchitectureHash" })
        {
            Add("NetGen.INetwork." + property, "property");
        }
        Add("Gpu", "class"); // reserved whether or not ILGPU is referenced, so that referencing it later breaks nothing

        // InitializeEmitter, ForwardEmitter, BackwardEmitter, TrainStepEmitter.
        Method("Initialize", "long");
        if (plan.Layers.Any(l => l.Kind == LayerKind.Dropout))
        {
            Method("DropoutSeed", "int");
        }
        Method("Forward", In, Out, "int");
        Method("ForwardCore", In, "int", "bool");
        Method("Predict", In, Out, "int");
        Method("ComputeLoss", In, "int");
        Method("Backward", In, "int");
        Method("BackwardCore", In, "int", "bool", "float");
        Method("ValidateTarget", In, "int");
        Method("TrainStep", In, In, "int", Optimizer);
        Method("ComputeGradients", In, In, "int", "bool", "float");
        Method("ZeroGradients");
        Method("MarkParametersChanged");
        Method("ValidateTraining", In, In, "int");
        Method("GradientStep", In, In, "int", "bool", "float");
        Method("FindNonFinite", "float", "int");
        if (crossEntropy)
        {
            Method("TrainStep", In, Labels, "int", Optimizer);
            Method("Labels", Labels, "int");
        }

        // InputsEmitter, for a network with several inputs: one span per input.
        if (plan.HasSeveralInputs)
        {
            string[] inputs = plan.Inputs.Select(_ => In).ToArray();
            Method("StageRows", In, "int");
            Method("ValidateInputs", inputs.Concat(new[] { "int", "bool" }).ToArray());
            Method("StageInputs", inputs.Concat(new[] { "int" }).ToArray());
            Method("Forward", inputs.Concat(new[] { Out, "int" }).ToArray());
            Method("ForwardLayers", "int", "bool");
            Method("TrainStep", inputs.Concat(new[] { In, "int", Optimizer }).ToArray());
            Method("GradientStepStaged", In, "int", "bool", "float");
            if (crossEntropy)
            {
                Method("TrainStep", inputs.Concat(new[] { Labels, "int", Optimizer }).ToArray());
            }
        }

        // Members named after layers.
        for (int i = 0; i < plan.Layers.Length; i++)
        {
            AddLayer(members, plan, plan.Layers[i], i);
        }
        return members;
    }

    private static void AddLayer(List<GeneratedMember> members, NetworkPlan plan, PlannedLayer layer, int index)
    {
        void Add(string name, string kind) => members.Add(new GeneratedMember(name, kind, null, index));
        string m = layer.MemberName;
        Add(m + "OutOffset", "constant");
        Add(m + "InfOffset", "constant");
        if (layer.GradientOffset >= 0)
        {
            Add(m + "DoutOffset", "constant");
        }
        if (layer.SavedSize > 0)
        {
            Add(m + "SavedOffset", "constant");
        }
        if (layer.IndexSize > 0)
        {
            Add(m + "IndexOffset", "constant");
        }
        if (layer.Kind is LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.AvgPool2D)
        {
            Add(m + "Shape", "field");
        }
        if (layer.Kind == LayerKind.Input)
        {
            if (plan.HasSeveralInputs)
            {
                Add(m + "InputSize", "constant");
            }
            return;
        }
        Add(m + "Output", "property");
        foreach (PlannedTensor tensor in layer.Parameters)
        {
            Add(Names.Tensor(layer, tensor), "property");
            Add(Names.Tensor(layer, tensor) + "Grad", "property");
            Add(Names.Tensor(layer, tensor) + "Offset", "constant");
        }
        foreach (PlannedTensor tensor in layer.Buffers)
        {
            Add(Names.Tensor(layer, tensor), "property");
            Add(Names.Tensor(layer, tensor) + "Offset", "constant");
        }
    }

    private static void AddIf(List<GeneratedMember> members, bool condition, string name, string kind)
    {
        if (condition)
        {
            members.Add(new GeneratedMember(name, kind));
        }
    }
}
