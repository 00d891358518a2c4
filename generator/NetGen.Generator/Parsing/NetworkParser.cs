using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The only stage that sees Roslyn symbols: turns a [Network] class and its attributes into a
/// <see cref="NetworkSpec"/> plus diagnostics at the attributes that caused them. Never throws.
/// </summary>
internal static class NetworkParser
{
    public const string NetworkAttribute = "NetGen.NetworkAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        NetworkSpec? spec = null;
        LayerMethodStubs? stubs = null;
        string name = context.TargetSymbol.Name;
        try
        {
            spec = ParseCore(context, diagnostics, ref stubs, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InternalError,
                LocationInfo.From(context.TargetSymbol.Locations.FirstOrDefault()),
                new[] { name, e.GetType().Name + ": " + e.Message }.ToEquatableArray()));
            spec = null;
        }
        bool valid = diagnostics.Count == 0 && spec is not null;
        return new ParseResult(valid ? spec : null, diagnostics.ToEquatableArray(), valid ? null : stubs);
    }

    private static NetworkSpec? ParseCore(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, ref LayerMethodStubs? stubs, CancellationToken ct)
    {
        // A class without a name yet (while typing 'public partial class'): the compiler reports it; nothing to add.
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax node
            || node.Identifier.IsMissing || type.Name.Length == 0)
        {
            return null;
        }

        // Layer methods first: whatever else is wrong with the network, the valid ones get bodies (see LayerMethodStubs).
        var methods = new List<(IMethodSymbol Method, LayerMember Member)>();
        bool methodsValid = ReadLayerMethods(type, node, methods, diagnostics, ct);
        string metadataName = MetadataName(type);
        if (methods.Count > 0 && DeclarationRules.PartialDeclarations(type) is { } declarations)
        {
            stubs = new LayerMethodStubs(NamespaceOf(type), FullName(type), metadataName, declarations, methods.Select(m => m.Member).ToEquatableArray());
        }

        if (!DeclarationRules.Check(type, node, diagnostics) || !methodsValid)
        {
            return null;
        }
        AttributeData network = context.Attributes[0];
        if (HasErrors(network))
        {
            return null; // the compiler already reports the malformed attribute
        }
        var (loss, maxBatch, seed) = ReadNetworkOptions(network, out string? foreign);
        Location networkLocation = network.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? node.Identifier.GetLocation();
        if (foreign is not null)
        {
            diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.ForeignAttribute, networkLocation, "[Network]", foreign));
            return null;
        }

        // Layers are attributes on the class (a chain, or a graph by Name and From) or on partial methods, whose
        // names are then the layers' names, so that references by nameof are checked by the compiler.
        var layerAttributes = new List<(AttributeData Data, SyntaxNode Syntax, IMethodSymbol? Method)>();
        if (!CollectLayers(type, type.GetAttributes(), null, node, layerAttributes, diagnostics, ct))
        {
            return null;
        }
        foreach ((IMethodSymbol method, _) in methods)
        {
            if (!CollectLayers(type, method.GetAttributes(), method, node, layerAttributes, diagnostics, ct))
            {
                return null;
            }
        }
        layerAttributes.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));

        var reader = new LayerReader();
        var layers = new List<LayerSpec>(layerAttributes.Count);
        bool readable = true;
        foreach (var attribute in layerAttributes)
        {
            layers.Add(reader.Read(attribute.Data, attribute.Method?.Name));
            foreach (ReadProblem problem in reader.Problems)
            {
                diagnostics.Add(DiagnosticInfo.At(problem.Descriptor, attribute.Syntax.GetLocation(), problem.Arguments));
                readable = false;
            }
        }

        var spec = new NetworkSpec(
            NamespaceOf(type),
            type.Name,
            SyntaxFacts.GetText(type.DeclaredAccessibility),
            loss, maxBatch, seed, layers.ToEquatableArray(), methods.Select(m => m.Member).ToEquatableArray(),
            metadataName, type.IsAbstract);

        if (!readable)
        {
            return spec; // planning what could not be read would only add errors that follow from those above
        }

        // Shape and loss rules are pure functions of the spec; report their errors at the attribute at fault.
        PlanResult planned = Planner.Plan(spec);
        foreach (PlanError error in planned.Errors)
        {
            Location location = error.LayerIndex >= 0 ? layerAttributes[error.LayerIndex].Syntax.GetLocation() : networkLocation;
            diagnostics.Add(new DiagnosticInfo(error.Descriptor, LocationInfo.From(location), error.Arguments));
        }
        if (planned.Plan is { } plan)
        {
            NameClashRules.Check(type, node, plan, i => layerAttributes[i].Syntax.GetLocation(), diagnostics);
        }
        return spec;
    }

    // Every method that carries layer attributes: the valid ones into 'methods', NG0026 for the others. False when a
    // method is invalid, or when an attribute of a layer method has a C# error (the compiler reports it).
    private static bool ReadLayerMethods(INamedTypeSymbol type, TypeDeclarationSyntax node, List<(IMethodSymbol, LayerMember)> methods,
        List<DiagnosticInfo> diagnostics, CancellationToken ct)
    {
        bool valid = true;
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            AttributeData[] layers = method.GetAttributes().Where(IsLayerAttribute).ToArray();
            if (layers.Length == 0)
            {
                continue;
            }
            if (LayerMethodProblem(method, layers.Length) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.InvalidLayerMethod, method.Locations.FirstOrDefault() ?? node.Identifier.GetLocation(),
                    method.Name, problem, "public partial global::System.ReadOnlySpan<float> " + Identifiers.Escape(method.Name) + "();"));
                valid = false;
                continue;
            }
            valid &= !layers.Any(HasErrors);
            var declaration = (MethodDeclarationSyntax?)method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct);
            methods.Add((method, new LayerMember(method.Name, method.Name, declaration?.Modifiers.ToString() ?? "public partial")));
        }
        return valid;
    }

    private static bool IsLayerAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.ToDisplayString() is { } kind && Array.IndexOf(LayerReader.AttributeNames, kind) >= 0;

    // The namespace as source writes it, each part escaped ('Models.@event'); null for the global namespace.
    private static string? NamespaceOf(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, Identifiers.Escape(ns.Name));
        }
        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    private static string FullName(INamedTypeSymbol type) =>
        (NamespaceOf(type) is { } ns ? ns + "." : "") + string.Join(".", Enclosing(type).Select(t => t.Name));

    // The exact metadata name (N.Outer+Net`1, or a file-local type's mangled name): distinct for distinct types, even
    // when their names differ only in case.
    private static string MetadataName(INamedTypeSymbol type)
    {
        var text = new StringBuilder();
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            text.Insert(0, ns.MetadataName + ".");
        }
        return text.Append(string.Join("+", Enclosing(type).Select(t => t.MetadataName))).ToString();
    }

    private static IEnumerable<INamedTypeSymbol> Enclosing(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            chain.Insert(0, t);
        }
        return chain;
    }

    private static bool CollectLayers(INamedTypeSymbol type, IEnumerable<AttributeData> attributes, IMethodSymbol? method, TypeDeclarationSyntax node,
        List<(AttributeData Data, SyntaxNode Syntax, IMethodSymbol? Method)> layers, List<DiagnosticInfo> diagnostics, CancellationToken ct)
    {
        foreach (AttributeData attribute in attributes)
        {
            if (!IsLayerAttribute(attribute))
            {
                continue;
            }
            if (HasErrors(attribute) || attribute.ApplicationSyntaxReference?.GetSyntax(ct) is not { } syntax)
            {
                return false;
            }
            if (syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() != node)
            {
                diagnostics.Add(DiagnosticInfo.At(DiagnosticDescriptors.LayersSplitAcrossParts, syntax.GetLocation(), type.Name));
                return false;
            }
            layers.Add((attribute, syntax, method));
        }
        return true;
    }

    // A layer method is a partial definition the generator can implement: ReadOnlySpan<float> Name(), one layer each.
    private static string? LayerMethodProblem(IMethodSymbol method, int layerCount) =>
        layerCount > 1 ? "carries " + layerCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + " layer attributes; declare one layer per method" :
        method.MethodKind != MethodKind.Ordinary ? "is not an ordinary method" :
        !method.IsPartialDefinition ? "is not a partial method without a body" :
        method.PartialImplementationPart is not null ? "has a body; the generator writes it" :
        method.IsStatic ? "is static; a layer's output belongs to one network" :
        method.IsGenericMethod ? "is generic" :
        method.Parameters.Length > 0 ? "has parameters" :
        method.ReturnType.ToDisplayString() != "System.ReadOnlySpan<float>" ? "returns " + method.ReturnType.ToDisplayString() + ", not ReadOnlySpan<float>" :
        null;

    // Only a look-alike [Network] (a type of that name that is not NetGen's) has options of other types: 'foreign' says which.
    private static (Loss Loss, int MaxBatch, long Seed) ReadNetworkOptions(AttributeData network, out string? foreign)
    {
        Loss loss = Loss.MeanSquaredError;
        int maxBatch = 32;
        long seed = 42;
        foreign = null;
        foreach (KeyValuePair<string, TypedConstant> argument in network.NamedArguments)
        {
            object? value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
            switch (argument.Key)
            {
                case "Loss" when value is int l: loss = (Loss)l; break; // a value outside the enum is reported by the planner
                case "MaxBatch" when value is int m: maxBatch = m; break;
                case "Seed" when value is long or int: seed = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "Loss" or "MaxBatch" or "Seed":
                    foreign = "its argument '" + argument.Key + "' is " + (value is null ? "null" : "of type " + value.GetType().Name)
                        + " where NetGen's takes " + (argument.Key == "Seed" ? "a long" : argument.Key == "Loss" ? "a Loss" : "an int");
                    break;
            }
        }
        return (loss, maxBatch, seed);
    }

    private static bool HasErrors(AttributeData attribute) =>
        attribute.AttributeConstructor is null
        || attribute.AttributeClass is null or IErrorTypeSymbol
        || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
        || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);
}
