namespace NetGen.Generator.Model;

// The parse stage's output and the only thing the later stages see. Caching contract: these records hold
// strings, numbers, enums and EquatableArrays only (never ISymbol, SyntaxNode, Location or Compilation), so
// two parses of the same declaration compare equal and an edit elsewhere (or to a comment) regenerates nothing.

/// <summary>A declared network: where the class lives, its options and its layers in source order.</summary>
internal sealed record NetworkSpec(
    string? Namespace,
    string ClassName,
    string Accessibility,
    Loss Loss,
    int MaxBatch,
    long Seed,
    EquatableArray<LayerSpec> Layers)
{
    /// <summary>The hint name of the generated file, unique per network.</summary>
    public string HintName => (Namespace is null ? ClassName : Namespace + "." + ClassName) + ".g.cs";

    /// <summary>The fully qualified name, for messages.</summary>
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;
}
