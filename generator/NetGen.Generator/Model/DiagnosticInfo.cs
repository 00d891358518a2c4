using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Model;

/// <summary>A location that can be cached: a file path and spans instead of a syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}

/// <summary>A diagnostic to report, in a form the pipeline can cache.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.AsSpan().ToArray());

    /// <summary>A diagnostic at <paramref name="location"/> with the message arguments <paramref name="args"/>.</summary>
    public static DiagnosticInfo At(DiagnosticDescriptor descriptor, Location? location, params string[] args) =>
        new(descriptor, LocationInfo.From(location), args.ToEquatableArray());
}

/// <summary>
/// What the parse stage hands on: the spec (null when the declaration cannot be generated), the diagnostics, and, for a
/// network that cannot be generated but declares layers on partial methods, those methods (null otherwise): they still
/// get bodies, so that the user sees NetGen's errors rather than one CS8795 per method.
/// </summary>
internal sealed record ParseResult(NetworkSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, LayerMethodStubs? Rejected = null);
