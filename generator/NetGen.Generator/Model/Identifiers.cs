using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Model;

/// <summary>Names from the user's source as generated code must write them.</summary>
internal static class Identifiers
{
    /// <summary>
    /// A name as an identifier: reserved keywords get the verbatim prefix (<c>@class</c>, <c>@event</c>), since Roslyn's
    /// symbols hold names without it. Contextual keywords (<c>var</c>, <c>async</c>) are identifiers already.
    /// </summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
