using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Which type declarations can hold a generated network (NG0001, NG0008), and which can at least hold the bodies of
/// their layer methods when the network itself cannot be generated.
/// </summary>
internal static class DeclarationRules
{
    /// <summary>Reports NG0008 or NG0001 and returns false when the generated half of the class could not compile.</summary>
    public static bool Check(INamedTypeSymbol type, TypeDeclarationSyntax node, List<DiagnosticInfo> diagnostics)
    {
        Location at = node.Identifier.GetLocation();
        string plain = "declare it as 'public partial class " + type.Name + "' directly in a namespace";
        (string Problem, string Fix)? unsupported =
            node is RecordDeclarationSyntax ? ("a record", plain) :
            type.TypeKind == TypeKind.Struct ? ("a struct", plain) :
            type.TypeKind == TypeKind.Interface ? ("an interface", plain) :
            type.IsStatic ? ("static", plain) :
            type.IsGenericType ? ("generic", plain) :
            type.ContainingType is { } outer ? ("nested in '" + outer.ToDisplayString() + "'", plain) :
            IsFileLocal(type) ? ("file-local, and a file-local class cannot be extended from the generated file", "remove the 'file' modifier (make it internal to hide it)") :
            HasPrimaryConstructor(type) ? ("declared with a primary constructor, which the generated constructors would have to call",
                "remove the parameter list; a constructor of your own can take the values and call this(seed)") :
            BaseWithoutDefaultConstructor(type) is { } baseType ? ("derived from '" + baseType.ToDisplayString() + "', which has no accessible parameterless constructor for the generated constructors to call",
                "give the base class a parameterless (or protected parameterless) constructor") :
            null;
        if (unsupported is { } u)
        {
            diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.UnsupportedDeclaration, at, type.Name, u.Problem, u.Fix));
            return false;
        }
        if (!node.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.NotPartial, at, type.Name));
            return false;
        }
        return true;
    }

    /// <summary>
    /// The declarations a part of <paramref name="type"/> must repeat, outermost first (<c>partial class Outer</c>,
    /// <c>partial class Net&lt;T&gt;</c>), or null when no other file can add to it: a type or an enclosing type that
    /// is not partial, file-local, static, or an interface.
    /// </summary>
    public static EquatableArray<string>? PartialDeclarations(INamedTypeSymbol type)
    {
        var declarations = new List<string>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not TypeDeclarationSyntax syntax
                || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || IsFileLocal(t) || t.IsStatic || t.TypeKind == TypeKind.Interface)
            {
                return null;
            }
            string keyword = syntax is RecordDeclarationSyntax record && record.ClassOrStructKeyword.ValueText.Length > 0
                ? "record " + record.ClassOrStructKeyword.ValueText
                : syntax.Keyword.ValueText;
            string typeParameters = t.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", t.TypeParameters.Select(p => Identifiers.Escape(p.Name))) + ">";
            declarations.Insert(0, "partial " + keyword + " " + Identifiers.Escape(t.Name) + typeParameters);
        }
        return declarations.ToEquatableArray();
    }

    // Roslyn 4.3.1, which the generator builds against, predates 'file' types and primary constructors of classes, so
    // both are recognised from what every later Roslyn also shows: the modifier's text, and a constructor declared by
    // the type declaration itself.
    private static bool IsFileLocal(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax d && d.Modifiers.Any(m => m.ValueText == "file"));

    private static bool HasPrimaryConstructor(INamedTypeSymbol type) =>
        type.InstanceConstructors.Any(c => !c.IsImplicitlyDeclared && c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax));

    private static INamedTypeSymbol? BaseWithoutDefaultConstructor(INamedTypeSymbol type)
    {
        INamedTypeSymbol? baseType = type.BaseType;
        if (baseType is null or IErrorTypeSymbol || baseType.SpecialType == SpecialType.System_Object)
        {
            return null;
        }
        bool callable = baseType.InstanceConstructors.Any(c =>
            c.DeclaredAccessibility != Accessibility.Private
            && (c.DeclaredAccessibility is not (Accessibility.Internal or Accessibility.ProtectedAndInternal) || SymbolEqualityComparer.Default.Equals(c.ContainingAssembly, type.ContainingAssembly))
            && c.Parameters.All(p => p.IsOptional || p.IsParams));
        return callable ? null : baseType;
    }
}
