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
    EquatableArray<LayerSpec> Layers,
    EquatableArray<LayerMember> Members = default)
{
    /// <summary>The hint name of the generated file, unique per network.</summary>
    public string HintName => (Namespace is null ? ClassName : Namespace + "." + ClassName) + ".g.cs";

    /// <summary>The fully qualified name, for messages.</summary>
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;
}

/// <summary>
/// A layer declared on a partial method (<c>[Conv2D(16)] public partial ReadOnlySpan&lt;float&gt; C1();</c>): the
/// generator implements the method, which returns the layer's output of the last forward pass. The modifiers are
/// the declaration's own, so that the implementation matches it.
/// </summary>
internal sealed record LayerMember(string LayerName, string MethodName, string Modifiers);
