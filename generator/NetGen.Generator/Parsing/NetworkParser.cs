using System;
using System.Collections.Generic;
using System.Linq;
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
    private const string InputAttribute = "NetGen.InputAttribute";
    private const string DenseAttribute = "NetGen.DenseAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        NetworkSpec? spec = null;
        string name = context.TargetSymbol.Name;
        try
        {
            spec = ParseCore(context, diagnostics, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InternalError,
                LocationInfo.From(context.TargetSymbol.Locations.FirstOrDefault()),
                new[] { name, e.GetType().Name + ": " + e.Message }.ToEquatableArray()));
            spec = null;
        }
        return new ParseResult(diagnostics.Count == 0 ? spec : null, diagnostics.ToEquatableArray());
    }

    private static NetworkSpec? ParseCore(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken ct)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax node)
        {
            return null;
        }
        if (!CheckDeclaration(type, node, diagnostics))
        {
            return null;
        }

        AttributeData network = context.Attributes[0];
        if (HasErrors(network))
        {
            return null; // the compiler already reports the malformed attribute
        }
        var (loss, maxBatch, seed) = ReadNetworkOptions(network);

        var layerAttributes = new List<(AttributeData Data, SyntaxNode Syntax)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            string? kind = attribute.AttributeClass?.ToDisplayString();
            if (kind is not (InputAttribute or DenseAttribute))
            {
                continue;
            }
            if (HasErrors(attribute) || attribute.ApplicationSyntaxReference?.GetSyntax(ct) is not { } syntax)
            {
                return null;
            }
            if (syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() != node)
            {
                diagnostics.Add(Diagnostic(DiagnosticDescriptors.LayersSplitAcrossParts, syntax.GetLocation(), type.Name));
                return null;
            }
            layerAttributes.Add((attribute, syntax));
        }
        layerAttributes.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));

        var layers = new List<LayerSpec>();
        int denseCount = 0;
        foreach (var (data, _) in layerAttributes)
        {
            layers.Add(data.AttributeClass!.ToDisplayString() == InputAttribute
                ? ReadInput(data)
                : ReadDense(data, ++denseCount, layers));
        }

        var spec = new NetworkSpec(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            SyntaxFacts.GetText(type.DeclaredAccessibility),
            loss, maxBatch, seed, layers.ToEquatableArray());

        // Shape and loss rules are pure functions of the spec; report their errors at the attribute at fault.
        Location networkLocation = network.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? node.Identifier.GetLocation();
        foreach (PlanError error in Planner.Plan(spec).Errors)
        {
            Location location = error.LayerIndex >= 0 ? layerAttributes[error.LayerIndex].Syntax.GetLocation() : networkLocation;
            diagnostics.Add(new DiagnosticInfo(error.Descriptor, LocationInfo.From(location), error.Arguments));
        }
        return spec;
    }

    private static bool CheckDeclaration(INamedTypeSymbol type, TypeDeclarationSyntax node, List<DiagnosticInfo> diagnostics)
    {
        Location at = node.Identifier.GetLocation();
        string? problem =
            node is RecordDeclarationSyntax ? "a record" :
            type.IsStatic ? "static" :
            type.IsGenericType ? "generic" :
            type.ContainingType is { } outer ? "nested in '" + outer.ToDisplayString() + "'" :
            null;
        if (problem is not null)
        {
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.UnsupportedDeclaration, at, type.Name, problem,
                "declare it as 'public partial class " + type.Name + "' directly in a namespace"));
            return false;
        }
        if (!node.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(Diagnostic(DiagnosticDescriptors.NotPartial, at, type.Name));
            return false;
        }
        return true;
    }

    private static (Loss Loss, int MaxBatch, long Seed) ReadNetworkOptions(AttributeData network)
    {
        Loss loss = Loss.MeanSquaredError;
        int maxBatch = 32;
        long seed = 42;
        foreach (KeyValuePair<string, TypedConstant> argument in network.NamedArguments)
        {
            object? value = argument.Value.Value;
            switch (argument.Key)
            {
                case "Loss" when value is int l: loss = (Loss)l; break;
                case "MaxBatch" when value is int m: maxBatch = m; break;
                case "Seed": seed = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        return (loss, maxBatch, seed);
    }

    private static LayerSpec ReadInput(AttributeData data)
    {
        TypedConstant argument = data.ConstructorArguments[0];
        int[] shape = argument.Kind == TypedConstantKind.Array
            ? argument.Values.Select(v => v.Value is int d ? d : 0).ToArray()
            : new[] { argument.Value is int d ? d : 0 };
        return new LayerSpec(LayerKind.Input, "input", EquatableArray<string>.Empty, shape.ToEquatableArray(),
            0, Activation.Identity, false, 0);
    }

    private static LayerSpec ReadDense(AttributeData data, int ordinal, List<LayerSpec> previous)
    {
        int units = data.ConstructorArguments[0].Value is int u ? u : 0;
        var activation = Activation.Identity;
        bool bias = true;
        double slope = 0.01;
        string name = "fc" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (KeyValuePair<string, TypedConstant> argument in data.NamedArguments)
        {
            object? value = argument.Value.Value;
            switch (argument.Key)
            {
                case "Activation" when value is int a: activation = (Activation)a; break;
                case "Bias" when value is bool b: bias = b; break;
                case "LeakySlope" when value is double s: slope = s; break;
                case "Name" when value is string n: name = n; break;
            }
        }
        // A chain: each layer reads the one declared before it. The graph form names inputs explicitly.
        string[] inputs = previous.Count == 0 ? Array.Empty<string>() : new[] { previous[previous.Count - 1].Name };
        return new LayerSpec(LayerKind.Dense, name, inputs.ToEquatableArray(), EquatableArray<int>.Empty,
            units, activation, bias, slope);
    }

    private static bool HasErrors(AttributeData attribute) =>
        attribute.AttributeConstructor is null
        || attribute.AttributeClass is null or IErrorTypeSymbol
        || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
        || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

    private static DiagnosticInfo Diagnostic(DiagnosticDescriptor descriptor, Location location, params string[] args) =>
        new(descriptor, LocationInfo.From(location), args.ToEquatableArray());
}
