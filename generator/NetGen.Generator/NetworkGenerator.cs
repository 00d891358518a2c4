using Microsoft.CodeAnalysis;
using NetGen.Generator.Emit;
using NetGen.Generator.Emit.Gpu;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator;

/// <summary>
/// The NetGen source generator: for each <c>[Network]</c> class, parse the attributes into a spec, report
/// diagnostics on their own branch, plan shapes and memory, and emit the network's code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's steps, for incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>Attributes to spec and diagnostics.</summary>
        public const string Parse = "NetGen.Parse";

        /// <summary>The diagnostics of one network.</summary>
        public const string Diagnostics = "NetGen.Diagnostics";

        /// <summary>The spec of a network that can be generated.</summary>
        public const string Spec = "NetGen.Spec";

        /// <summary>The planned network.</summary>
        public const string Plan = "NetGen.Plan";

        /// <summary>Whether the compilation references ILGPU and NetGen.Gpu (the GPU branch).</summary>
        public const string Ilgpu = "NetGen.Ilgpu";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Discover and parse: the only step that sees symbols; its output is an equatable record.
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttribute,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                transform: NetworkParser.Parse)
            .WithTrackingName(Steps.Parse);

        // 2. Diagnostics on their own branch, so an edit that moves them does not re-emit code.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(Steps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (DiagnosticInfo item in items)
            {
                spc.ReportDiagnostic(item.ToDiagnostic());
            }
        });

        // A network with errors still implements its layer methods, so that NetGen's errors are the only ones.
        IncrementalValuesProvider<LayerMethodStubs> rejected = parsed
            .Select(static (result, _) => result.Rejected)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!);
        context.RegisterSourceOutput(rejected, static (spc, stubs) =>
            spc.AddSource(stubs.HintName, MemberStubEmitter.Emit(stubs)));

        // 3. Plan: shapes, memory offsets, fusion and FLOPs, pure functions of the spec.
        IncrementalValuesProvider<NetworkPlan> plans = parsed
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .WithTrackingName(Steps.Spec)
            .Select(static (spec, _) => Planner.Plan(spec!).Plan)
            .Where(static plan => plan is not null)
            .Select(static (plan, _) => plan!)
            .WithTrackingName(Steps.Plan);

        // 4. Emit one file per network.
        context.RegisterSourceOutput(plans, static (spc, plan) =>
            spc.AddSource(plan.Spec.HintName, NetworkEmitter.Emit(plan)));

        // 5. ILGPU kernels' wiring, only when the compilation references ILGPU (Emit/Gpu).
        IncrementalValueProvider<bool> referencesIlgpu = context.CompilationProvider
            .Select(static (compilation, _) => GpuOutput.ReferencesIlgpu(compilation))
            .WithTrackingName(Steps.Ilgpu);
        context.RegisterSourceOutput(plans.Combine(referencesIlgpu), static (spc, pair) =>
            GpuOutput.Emit(spc, pair.Left, pair.Right));
    }
}
