using System;
using System.Collections.Generic;
using System.Text.Json;

namespace NetGen.Checkpoints;

/// <summary>One tensor of a safetensors header: its name, shape and byte range in the data section, checked to agree.</summary>
internal sealed class SafetensorsEntry
{
    private SafetensorsEntry(string name, int[] shape, long begin, long end)
    {
        Name = name;
        Shape = shape;
        Begin = begin;
        End = end;
    }

    /// <summary>The tensor's name.</summary>
    public string Name { get; }

    /// <summary>The shape, outermost dimension first.</summary>
    public int[] Shape { get; }

    /// <summary>The first byte of its data, relative to the start of the data section.</summary>
    public long Begin { get; }

    /// <summary>One past the last byte of its data.</summary>
    public long End { get; }

    /// <summary>The number of float32 values: (End - Begin) / 4.</summary>
    public int Count => (int)((End - Begin) / sizeof(float));

    /// <summary>The byte range as the header writes it.</summary>
    public string Range => $"[{Begin}, {End}]";

    /// <summary>Parses and checks the header entry <paramref name="value"/> of tensor <paramref name="name"/>.</summary>
    public static SafetensorsEntry Parse(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SafetensorsErrors.Invalid(source, $"the entry of tensor '{name}' is a JSON {value.ValueKind}, not an object with dtype, shape and data_offsets");
        }
        CheckNoDuplicateFields(name, value, source);
        string dtype = Field(name, value, "dtype", JsonValueKind.String, source).GetString()!;
        if (dtype != "F32")
        {
            throw SafetensorsErrors.Invalid(source,
                $"tensor '{name}' has dtype '{dtype}' but NetGen reads only F32; convert it to float32 before saving " +
                "(in PyTorch: {k: v.float() for k, v in state_dict.items() if v.is_floating_point()}, which also drops integer tensors such as BatchNorm's num_batches_tracked)");
        }
        int[] shape = ParseShape(name, Field(name, value, "shape", JsonValueKind.Array, source), source);
        JsonElement offsets = Field(name, value, "data_offsets", JsonValueKind.Array, source);
        if (offsets.GetArrayLength() != 2)
        {
            throw SafetensorsErrors.Invalid(source, $"data_offsets of tensor '{name}' has {offsets.GetArrayLength()} numbers, not 2 (begin and end)");
        }
        long begin = Offset(name, offsets[0], source);
        long end = Offset(name, offsets[1], source);
        if (end < begin)
        {
            throw SafetensorsErrors.Invalid(source, $"data_offsets of tensor '{name}' are unordered: it ends at byte {end}, before it begins at byte {begin}");
        }
        long bytes = TensorShape.MultiplySaturated(TensorShape.Count(shape), sizeof(float));
        if (bytes != end - begin)
        {
            throw SafetensorsErrors.Invalid(source,
                $"tensor '{name}' has shape {TensorShape.Format(shape)}, which needs {bytes} bytes of F32, but its data_offsets {begin}..{end} span {end - begin} bytes");
        }
        if (bytes / sizeof(float) > Array.MaxLength)
        {
            throw SafetensorsErrors.Invalid(source, $"tensor '{name}' holds {bytes / sizeof(float)} values, more than one .NET array can hold");
        }
        return new SafetensorsEntry(name, shape, begin, end);
    }

    // JsonElement.TryGetProperty would silently take one of two "dtype"s; the reference reader (serde) rejects them.
    private static void CheckNoDuplicateFields(string name, JsonElement entry, string source)
    {
        if (JsonChecks.FirstDuplicate(entry) is { } twice)
        {
            throw SafetensorsErrors.Invalid(source, $"the entry of tensor '{name}' names '{twice}' twice");
        }
    }

    private static JsonElement Field(string name, JsonElement entry, string field, JsonValueKind kind, string source)
    {
        if (!entry.TryGetProperty(field, out JsonElement value))
        {
            throw SafetensorsErrors.Invalid(source, $"the entry of tensor '{name}' has no '{field}'");
        }
        if (value.ValueKind != kind)
        {
            throw SafetensorsErrors.Invalid(source, $"'{field}' of tensor '{name}' is a JSON {value.ValueKind}, not a {kind}");
        }
        return value;
    }

    private static int[] ParseShape(string name, JsonElement array, string source)
    {
        var shape = new int[array.GetArrayLength()];
        int axis = 0;
        foreach (JsonElement d in array.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[axis]) || shape[axis] < 0)
            {
                throw SafetensorsErrors.Invalid(source, $"dimension {axis} of tensor '{name}' is {d.GetRawText()}, not a whole number in [0, {int.MaxValue}]");
            }
            axis++;
        }
        return shape;
    }

    private static long Offset(string name, JsonElement number, string source)
    {
        if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt64(out long offset) || offset < 0)
        {
            throw SafetensorsErrors.Invalid(source, $"data_offsets of tensor '{name}' holds {number.GetRawText()}, not a whole number of bytes");
        }
        return offset;
    }
}
