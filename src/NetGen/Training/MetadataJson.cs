using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using NetGen.Checkpoints;
using NetGen.Random;

namespace NetGen.Training;

/// <summary>
/// Strict reading of one JSON metadata string of a training checkpoint: every field is looked up, type-checked and
/// range-checked here, and every failure, an absent field, a wrong type, a number out of range or too large for its
/// type, is an <see cref="InvalidDataException"/> naming the file, the metadata key and the field. Nothing escapes as
/// an <see cref="OverflowException"/> or <see cref="KeyNotFoundException"/>.
/// </summary>
internal readonly struct MetadataJson
{
    private readonly string _path;
    private readonly string _key;

    public MetadataJson(string path, string key)
    {
        _path = path;
        _key = key;
    }

    /// <summary>Parses <paramref name="json"/>; its root must be an object with no field named twice.</summary>
    public JsonDocument Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Error($"is not valid JSON ({e.Message})");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Error($"is a JSON {document.RootElement.ValueKind}, not an object");
        }
        CheckUnique(document.RootElement, "");
        return document;
    }

    /// <summary>The field <paramref name="name"/> of <paramref name="obj"/>.</summary>
    public JsonElement Field(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out JsonElement value))
        {
            throw Error($"has no '{name}'");
        }
        return value;
    }

    public bool Bool(JsonElement obj, string name)
    {
        JsonElement value = Field(obj, name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"'{name}' is {Raw(value)}, not true or false"),
        };
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long Long(JsonElement obj, string name, long min, long max) => Whole(Field(obj, name), name, min, max);

    /// <summary>The JSON number <paramref name="value"/> (called <paramref name="name"/> in messages), whole, from min to max.</summary>
    public long Whole(JsonElement value, string name, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long n) || n < min || n > max)
        {
            throw Error($"'{name}' is {Raw(value)}, not a whole number from {min} to {max}");
        }
        return n;
    }

    public int Int(JsonElement obj, string name, int min, int max) => (int)Long(obj, name, min, max);

    /// <summary>A double written as a JSON number, or as a string when it is not finite (see TrainerStateJson).</summary>
    public double Real(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && !double.IsFinite(parsed))
        {
            return parsed;
        }
        throw Error($"'{name}' is {Raw(value)}, not a number");
    }

    public double Real(JsonElement obj, string name, bool finite) 
    {
        double value = Real(Field(obj, name), name);
        if (finite && !double.IsFinite(value))
        {
            throw Error($"'{name}' is {value}, not a finite number");
        }
        return value;
    }

    /// <summary>A string holding a whole number that fits <see cref="long"/> (64-bit values are strings, for exactness).</summary>
    public long LongString(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.String
            || !long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
        {
            throw Error($"'{name}' is {Raw(value)}, not a string holding a whole number from {long.MinValue} to {long.MaxValue}");
        }
        return n;
    }

    /// <summary>A generator state: two strings of unsigned 64-bit words, not both zero (no generator reaches that state).</summary>
    public RngState Rng(JsonElement obj, string name)
    {
        JsonElement value = Field(obj, name);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2
            || !TryWord(value[0], out ulong low) || !TryWord(value[1], out ulong high))
        {
            throw Error($"'{name}' is {Raw(value)}, not a generator state: two strings of unsigned 64-bit whole numbers");
        }
        if (low == 0 && high == 0)
        {
            throw Error($"'{name}' is an all-zero generator state, which no generator reaches (an edited or corrupt file)");
        }
        return new RngState(low, high);
    }

    /// <summary>An <see cref="InvalidDataException"/> naming the file, the key, <paramref name="problem"/> and the fix.</summary>
    /// <param name="problem">What is wrong, continuing "the metadata 'key' ...".</param>
    /// <param name="fix">How to fix it; by default, that the file is not the trainer's or was damaged.</param>
    public InvalidDataException Error(string problem, string? fix = null) =>
        new($"{_path}: the metadata '{_key}' {problem}; " +
            (fix ?? "the file was not written by Trainer.SaveCheckpoint, or it was edited or damaged: resume from another checkpoint."));

    private static bool TryWord(JsonElement e, out ulong word)
    {
        word = 0;
        return e.ValueKind == JsonValueKind.String && ulong.TryParse(e.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out word);
    }

    // JsonElement.TryGetProperty would take one of two fields of the same name without a word.
    private void CheckUnique(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                CheckUnique(item, where);
            }
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (JsonChecks.FirstDuplicate(element) is { } twice)
        {
            throw Error($"names '{where}{twice}' twice");
        }
        foreach (JsonProperty property in element.EnumerateObject())
        {
            CheckUnique(property.Value, where + property.Name + ".");
        }
    }

    private static string Raw(JsonElement value)
    {
        string raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw.Substring(0, 60) + "...";
    }
}
