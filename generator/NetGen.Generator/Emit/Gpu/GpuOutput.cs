using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit.Gpu;

/// <summary>The GPU branch of the pipeline: whether ILGPU is referenced, and what to add for one plan when it is.</summary>
internal static class GpuOutput
{
    /// <summary>Whether the compilation references ILGPU (a cheap, equatable bool, so plans are not re-emitted on edits).</summary>
    public static bool ReferencesIlgpu(Compilation compilation) =>
        compilation.ReferencedAssemblyNames.Any(static a => a.Name == "ILGPU");

    /// <summary>Adds <c>MyNet.Gpu.g.cs</c>, or reports NG0040 when a layer has no GPU kernel; nothing without ILGPU.</summary>
    public static void Emit(SourceProductionContext context, NetworkPlan plan, bool referencesIlgpu)
    {
        if (!referencesIlgpu)
        {
            return;
        }
        if (GpuSupport.FirstUnsupported(plan) is { } layer)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GpuLayerUnsupported, Location.None, plan.Spec.ClassName, layer.Name, layer.Kind.ToString()));
            return;
        }
        context.AddSource(GpuNetworkEmitter.HintName(plan), GpuNetworkEmitter.Emit(plan));
    }
}
