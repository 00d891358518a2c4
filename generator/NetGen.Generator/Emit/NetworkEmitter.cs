using NetGen.Generator.Emit.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit;

/// <summary>
/// Writes the generated half of a network class from its plan: header table, constants, arenas and views,
/// initialisation, forward, backward and the fused training step. Layer code comes from one emitter per kind.
/// </summary>
internal static class NetworkEmitter
{
    public const string Version = "0.2.0";

    public static string Emit(NetworkPlan plan)
    {
        var w = new IndentedWriter();
        HeaderEmitter.Emit(w, plan);
        w.Line("#nullable enable");
        w.Line();
        w.InNamespace(plan.Spec.Namespace, () => EmitClass(w, plan));
        return w.ToString();
    }

    private static void EmitClass(IndentedWriter w, NetworkPlan plan)
    {
        NetworkSpec spec = plan.Spec;
        w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"NetGen.Generator\", \"{Version}\")]");
        using (w.Block($"{spec.Accessibility} partial class {spec.Identifier} : global::NetGen.INetwork"))
        {
            ArenaEmitter.EmitConstants(w, plan);
            foreach (PlannedLayer layer in plan.Layers)
            {
                LayerEmitters.EmitStatics(w, layer);
            }
            ArenaEmitter.EmitFields(w, plan);
            EmitConstructors(w, plan);
            ArenaEmitter.EmitViews(w, plan);
            InitializeEmitter.Emit(w, plan);
            ForwardEmitter.Emit(w, plan);
            BackwardEmitter.Emit(w, plan);
            TrainStepEmitter.Emit(w, plan);
            EmitInterface(w, plan);
        }
    }

    private static void EmitConstructors(IndentedWriter w, NetworkPlan plan)
    {
        string name = plan.Spec.Identifier;
        w.Line("/// <summary>Creates the network with its parameters initialised from <see cref=\"DefaultSeed\"/>.</summary>");
        w.Line($"public {name}() : this(DefaultSeed)");
        using (w.Block())
        {
        }
        w.Line();
        w.Line("/// <summary>Creates the network with its parameters initialised deterministically from <paramref name=\"seed\"/>.</summary>");
        using (w.Block($"public {name}(long seed)"))
        {
            w.Line("Initialize(seed);");
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
        w.Line("string global::NetGen.INetwork.ArchitectureHash => ArchitectureHash;");
    }
}
