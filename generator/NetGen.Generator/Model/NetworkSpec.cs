namespace NetGen.Generator.Model;

// The parse stage's output and the only thing the later stages see. Caching contract: these records hold
// strings, numbers, enums and EquatableArrays only (never ISymbol, SyntaxNode, Location or Compilation), so
// two parses of the same declaration compare equal and an edit elsewhere (or to a comment) regenerates nothing.

/// <summary>
/// A declared network: where the class lives, its options and its layers in source order. <see cref="Namespace"/> is
/// written as in source (keywords escaped with @); <see cref="ClassName"/> is the plain name, for messages and strings,
/// and <see cref="Identifier"/> the name as code writes it. <see cref="MetadataName"/> tells apart classes whose
/// names differ only in case, and names the generated files (<see cref="HintNames"/>).
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    string ClassName,
    string Accessibility,
    Loss Loss,
    int MaxBatch,
    long Seed,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<LayerMember> Members = default,
    string MetadataName = "",
    bool IsAbstract = false)
{
    /// <summary>The hint name of the generated file, unique per network, ignoring case too.</summary>
    public string HintName => HintNames.Of(FullName, Key, "");

    /// <summary>The hint name of the GPU file (Emit/Gpu).</summary>
    public string GpuHintName => HintNames.Of(FullName, Key, ".Gpu");

    // Specs built by tests have no metadata name; their full name is as unique.
    private string Key => MetadataName.Length > 0 ? MetadataName : FullName;

    /// <summary>The fully qualified name, for messages.</summary>
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;

    /// <summary>The class name as an identifier in generated code: <c>@class</c> for a class named <c>class</c>.</summary>
    public string Identifier => Identifiers.Escape(ClassName);
}

/// <summary>
/// A layer declared on a partial method (<c>[Conv2D(16)] public partial ReadOnlySpan&lt;float&gt; C1();</c>): the
/// generator implements the method, which returns the layer's output of the last forward pass. The modifiers are
/// the declaration's own, so that the implementation matches it.
/// </summary>
internal sealed record LayerMember(string LayerName, string MethodName, string Modifiers)
{
    /// <summary>The method name as an identifier in generated code: <c>@event</c> for a method named <c>event</c>.</summary>
    public string Identifier => Identifiers.Escape(MethodName);
}

/// <summary>
/// The layer methods of a declaration NetGen cannot generate (it has NG errors, or an attribute has a C# error): they
/// still get bodies, so that the user sees NetGen's errors rather than one CS8795 per method. <see cref="Declarations"/>
/// are the type declarations that enclose the methods, outermost first (<c>partial class Net</c>).
/// </summary>
internal sealed record LayerMethodStubs(
    string? Namespace, string FullName, string MetadataName, EquatableArray<string> Declarations, EquatableArray<LayerMember> Members)
{
    public string HintName => HintNames.Of(FullName, MetadataName, "");
}
