using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit.Gpu;

/// <summary>The GPU branch of the pipeline: whether ILGPU is referenced, and what to add for one plan when it is.</summary>
internal static class GpuOutput
{
    /// <summary>
    /// Whether the compilation references ILGPU, through NetGen's GPU package (a cheap, equatable bool, so plans are not
    /// re-emitted on edits). A project that uses ILGPU for something else, without NetGen.Gpu, gets no GPU file: the
    /// file would not compile without the package.
    /// </summary>
    public static bool ReferencesIlgpu(Compilation compilation)
    {
        bool ilgpu = false, package = false;
        foreach (AssemblyIdentity assembly in compilation.ReferencedAssemblyNames)
        {
            ilgpu |= assembly.Name == "ILGPU";
            package |= assembly.Name == "NetGen.Gpu";
        }
        return ilgpu && package;
    }

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
