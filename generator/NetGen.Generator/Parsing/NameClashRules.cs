using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The names the generated code declares (<see cref="GeneratedMembers"/>) against the names around them: a layer whose
/// name makes a member that another already has (NG0028, at the layer), the class's own name (NG0029, at the class),
/// and the members the user declares or inherits (NG0027, at the member). Each would otherwise be a C# error or
/// warning inside the generated file. Parameters and locals of generated methods need no check: the emitters name
/// them so that no user name can reach them (InputsEmitter).
/// </summary>
internal static class NameClashRules
{
    public static void Check(INamedTypeSymbol type, TypeDeclarationSyntax node, NetworkPlan plan, Func<int, Location> layerLocation,
        List<DiagnosticInfo> diagnostics)
    {
        List<GeneratedMember> generated = GeneratedMembers.Of(plan);
        string network = type.Name;

        // Layers, in order, against every member before them; the network's own members come first in the table.
        var reported = new HashSet<int>();
        var before = new Dictionary<string, List<GeneratedMember>>(StringComparer.Ordinal);
        foreach (GeneratedMember member in generated)
        {
            if (!before.TryGetValue(member.Name, out List<GeneratedMember>? named))
            {
                before[member.Name] = named = new List<GeneratedMember>();
            }
            GeneratedMember? other = member.Layer < 0 || reported.Contains(member.Layer) ? null
                : named.FirstOrDefault(o => o.Layer != member.Layer && GeneratedMember.Clash(member.Name, member.Parameters, o));
            named.Add(member);
            if (other is not null)
            {
                reported.Add(member.Layer);
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.LayerNameClash, layerLocation(member.Layer),
                    plan.Layers[member.Layer].Spec.Describe(), member.Kind, member.Name, Describe(other, network), Origin(plan, other)));
            }
        }

        // The class's name: a member cannot have its class's name (CS0542).
        if (generated.FirstOrDefault(g => g.Name == network) is { } sameAsClass)
        {
            diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.ClassNameClash, node.Identifier.GetLocation(), network, Describe(sameAsClass, network), Origin(plan, sameAsClass)));
        }

        // The user's members, then the ones the class inherits (which generated members would hide: CS0108, CS0114).
        foreach (ISymbol symbol in type.GetMembers())
        {
            if (UserMember(symbol) is { } user && FindClash(generated, user) is { } clash)
            {
                Location at = symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? node.Identifier.GetLocation();
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.MemberNameClash, at, user.Kind, user.Display, "", Describe(clash, network), Origin(plan, clash)));
            }
        }
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
        {
            foreach (ISymbol symbol in baseType.GetMembers())
            {
                if (symbol.DeclaredAccessibility != Accessibility.Private && symbol is not IMethodSymbol { MethodKind: MethodKind.Constructor }
                    && UserMember(symbol) is { } user && FindClash(generated, user) is { } clash)
                {
                    Location at = node.BaseList?.Types.FirstOrDefault()?.GetLocation() ?? node.Identifier.GetLocation();
                    diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.MemberNameClash, at, user.Kind, user.Display,
                        ", inherited from '" + baseType.ToDisplayString() + "',", Describe(clash, network), Origin(plan, clash)));
                }
            }
        }
    }

    private sealed record User(string Name, string Kind, string? Parameters, string Display);

    // A member as the clash rules see it; null for members that cannot clash (accessors, operators, implicit ones).
    private static User? UserMember(ISymbol symbol)
    {
        if (symbol.IsImplicitlyDeclared)
        {
            return null;
        }
        switch (symbol)
        {
            case IMethodSymbol method when method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.ExplicitInterfaceImplementation:
                // A generic method or one with ref parameters is an overload of any generated method of its name.
                string parameters = method.IsGenericMethod ? "<generic>" : string.Join(", ", method.Parameters.Select(p =>
                    (p.RefKind == RefKind.None ? "" : p.RefKind.ToString().ToLowerInvariant() + " ") + p.Type.ToDisplayString()));
                bool constructor = method.MethodKind == MethodKind.Constructor;
                string display = (constructor ? method.ContainingType.Name : method.Name) + "(" + parameters + ")";
                return new User(method.Name, constructor ? "constructor" : "method", parameters, display);
            case IPropertySymbol property:
                // An explicit implementation's name is as written (INetwork.InputSize, global::NetGen.INetwork...): compare
                // what it implements instead.
                string name = property.ExplicitInterfaceImplementations.FirstOrDefault() is { } implemented
                    ? implemented.ContainingType.ToDisplayString() + "." + implemented.Name
                    : property.Name;
                return new User(name, property.IsIndexer ? "indexer" : "property", null, name);
            case IFieldSymbol field:
                return new User(field.Name, field.IsConst ? "constant" : "field", null, field.Name);
            case IEventSymbol e:
                return new User(e.Name, "event", null, e.Name);
            case INamedTypeSymbol nested:
                return new User(nested.Name, "type", null, nested.Name);
            default:
                return null;
        }
    }

    private static GeneratedMember? FindClash(List<GeneratedMember> generated, User user) =>
        generated.FirstOrDefault(g => GeneratedMember.Clash(user.Name, user.Parameters, g));

    private static string Describe(GeneratedMember member, string network) =>
        member.Kind == "constructor" ? "constructor '" + network + "(" + member.Parameters + ")'" :
        member.IsMethod ? "method '" + member.Name + "(" + member.Parameters + ")'" :
        member.Kind + " '" + member.Name + "'";

    private static string Origin(NetworkPlan plan, GeneratedMember member) =>
        member.Layer < 0 ? "for every network" : "for layer '" + plan.Layers[member.Layer].Name + "'";
}
