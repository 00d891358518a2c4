using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>Rules about the graph as a whole: one input, declared first, trainable layers, valid unique names.</summary>
internal static class GraphRules
{
    /// <summary>Reports graph problems; returns the index of the input, or -1.</summary>
    public static int Validate(NetworkSpec spec, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        int inputIndex = -1;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not InputSpec input)
            {
                continue;
            }
            if (inputIndex >= 0)
            {
                error(i, DiagnosticDescriptors.SeveralInputs, new[] { spec.ClassName });
                continue;
            }
            inputIndex = i;
            ValidateInputShape(i, input, error);
        }
        if (inputIndex < 0)
        {
            error(-1, DiagnosticDescriptors.NoInput, new[] { spec.ClassName });
            return -1;
        }
        for (int i = 0; i < inputIndex; i++)
        {
            error(i, DiagnosticDescriptors.LayerBeforeInput, new[] { layers[i].Describe() });
        }
        bool trainable = false;
        foreach (LayerSpec layer in layers)
        {
            trainable |= layer is DenseSpec or Conv2DSpec or BatchNormSpec;
        }
        if (!trainable)
        {
            error(-1, DiagnosticDescriptors.NoLayers, new[] { spec.ClassName });
        }
        ValidateNames(layers, error);
        return inputIndex;
    }

    private static void ValidateInputShape(int index, InputSpec input, Action<int, DiagnosticDescriptor, string[]> error)
    {
        if (input.Shape.Length is < 1 or > 3)
        {
            error(index, DiagnosticDescriptors.InvalidInputShape, new[] { Literals.Int(input.Shape.Length) });
            return;
        }
        foreach (int d in input.Shape)
        {
            if (d <= 0)
            {
                error(index, DiagnosticDescriptors.NonPositiveSize, new[] { input.Describe(), Literals.Int(d) });
            }
        }
    }

    private static void ValidateNames(ReadOnlySpan<LayerSpec> layers, Action<int, DiagnosticDescriptor, string[]> error)
    {
        var memberNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Length; i++)
        {
            string name = layers[i].Name;
            string reason = NameProblem(name);
            if (reason.Length == 0 && !memberNames.Add(Planner.MemberName(name)))
            {
                reason = "is used by another layer (names differing only in the case of their first letter collide too)";
            }
            if (reason.Length > 0)
            {
                error(i, DiagnosticDescriptors.InvalidLayerName, new[] { layers[i].Describe(), name, reason });
            }
        }
    }

    private static string NameProblem(string name)
    {
        if (name.Length == 0 || name[0] > 127 || !char.IsLetter(name[0]))
        {
            return "does not start with an ASCII letter";
        }
        foreach (char c in name)
        {
            if (c > 127 || !(char.IsLetterOrDigit(c) || c == '_'))
            {
                return "contains '" + c + "'";
            }
        }
        return "";
    }
}
