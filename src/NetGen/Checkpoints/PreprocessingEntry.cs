using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetGen.Checkpoints;

/// <summary>
/// How a per-column (or per-channel) affine preprocessing, <c>(x - mean) / std</c>, is kept in a checkpoint under a
/// name such as <c>input</c>: the tensors <c>preprocessing.input.mean</c> and <c>preprocessing.input.std</c>, and the
/// metadata <c>preprocessing.input</c>, a JSON object naming the class (<c>{"type":"Standardizer"}</c>) and, for
/// images, their shape. Shared by <see cref="Data.Standardizer"/>, <see cref="Data.ImageNormalizer"/> and
/// <see cref="Data.TargetScaler"/>; see docs/checkpoints.md.
/// </summary>
internal static class PreprocessingEntry
{
    /// <summary>The prefix of every preprocessing tensor and metadata key.</summary>
    public const string Prefix = "preprocessing.";

    /// <summary>Adds the tensors and the metadata of one preprocessing to <paramref name="extras"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a dot, or the extras already hold an entry of that name.</exception>
    public static void Save(CheckpointExtras extras, string name, string type, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, int[]? shape = null)
    {
        ArgumentNullException.ThrowIfNull(extras);
        CheckName(name);
        string key = Prefix + name;
        if (extras.Metadata.ContainsKey(key))
        {
            throw new ArgumentException($"The extras already hold a preprocessing named '{name}'; give each one its own name.", nameof(name));
        }
        string json = shape is null
            ? $"{{\"type\":\"{type}\"}}"
            : $"{{\"type\":\"{type}\",\"shape\":[{string.Join(",", shape)}]}}";
        extras.AddTensor(key + ".mean", mean);
        extras.AddTensor(key + ".std", std);
        extras.SetMetadata(key, json);
    }

    /// <summary>
    /// Reads the entry <paramref name="name"/>, which must have been saved by a <paramref name="type"/>: its mean and
    /// standard deviation (one value per column, finite, std &gt;= 0) and its shape when it has one.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry is missing, of another type, or malformed; the message names the key.</exception>
    public static (float[] Mean, float[] Std, int[]? Shape) Load(CheckpointContents contents, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(contents);
        CheckName(name);
        string key = Prefix + name;
        string source = contents.Source.Length > 0 ? contents.Source : "the checkpoint";
        if (!contents.Metadata.TryGetValue(key, out string? json))
        {
            string held = string.Join(", ", contents.Metadata.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Select(k => "'" + k.Substring(Prefix.Length) + "'"));
            throw new InvalidDataException(
                $"{source} holds no preprocessing named '{name}' (metadata '{key}'); it holds {(held.Length == 0 ? "none" : held)}. " +
                $"Save it with {type}.SaveTo(extras, \"{name}\") beside the weights.");
        }
        (string savedType, int[]? shape) = ParseMetadata(source, key, json);
        if (savedType != type)
        {
            throw new InvalidDataException($"{source}: the preprocessing '{name}' was saved by a {savedType}, not a {type}; load it with {savedType}.LoadFrom.");
        }
        float[] mean = Vector(contents, source, key + ".mean");
        float[] std = Vector(contents, source, key + ".std");
        if (mean.Length != std.Length || mean.Length == 0)
        {
            throw new InvalidDataException($"{source}: '{key}.mean' has {mean.Length} values and '{key}.std' has {std.Length}; both need one per column, at least one.");
        }
        int bad = Array.FindIndex(std, v => v < 0);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{source}: '{key}.std' holds {std[bad]} at index {bad}; a standard deviation is >= 0.");
        }
        return (mean, std, shape);
    }

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.'))
        {
            throw new ArgumentException($"The preprocessing name '{name}' holds a dot; use a plain word such as 'input' or 'target'.", nameof(name));
        }
    }

    private static (string Type, int[]? Shape) ParseMetadata(string source, string key, string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{source}: metadata '{key}' is {json}, not an object with a \"type\" string.");
            }
            if (JsonChecks.FirstDuplicate(root) is { } twice)
            {
                throw new InvalidDataException($"{source}: metadata '{key}' names '{twice}' twice.");
            }
            if (!root.TryGetProperty("shape", out JsonElement shapeArray))
            {
                return (type.GetString()!, null);
            }
            if (shapeArray.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: metadata '{key}' has shape {shapeArray.GetRawText()}, not an array of dimensions.");
            }
            var shape = new List<int>();
            foreach (JsonElement d in shapeArray.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int n) || n < 1)
                {
                    throw new InvalidDataException($"{source}: metadata '{key}' has shape {shapeArray.GetRawText()}; dimensions are whole numbers of at least 1.");
                }
                shape.Add(n);
            }
            return (type.GetString()!, shape.ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: metadata '{key}' is not valid JSON ({e.Message}).", e);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"{source}: metadata '{key}' is malformed ({e.Message}).", e);
        }
    }

    private static float[] Vector(CheckpointContents contents, string source, string name)
    {
        if (!contents.ExtraTensors.TryGetValue(name, out CheckpointTensor? tensor))
        {
            throw new InvalidDataException($"{source} has the metadata of this preprocessing but no tensor '{name}'; the file was edited or written incompletely.");
        }
        if (tensor.Shape.Length != 1)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' has shape {TensorShape.Format(tensor.Shape)}; it must be 1-D, one value per column.");
        }
        int bad = Checkpoint.IndexOfNonFinite(tensor.Data);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' holds {tensor.Data[bad]} at index {bad}; preprocessing statistics are finite.");
        }
        return tensor.Data;
    }
}
