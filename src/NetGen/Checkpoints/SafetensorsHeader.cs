using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NetGen.Checkpoints;

/// <summary>
/// The parsed and validated JSON header of a safetensors file: one entry per tensor, sorted by data offset and
/// checked to tile the data section from byte 0 with no gap or overlap, and the metadata strings.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>The key of the optional metadata object, which is not a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    private SafetensorsHeader(List<SafetensorsEntry> entries, Dictionary<string, string> metadata, long dataLength)
    {
        Entries = entries;
        Metadata = metadata;
        DataLength = dataLength;
    }

    /// <summary>The tensors, sorted by their first byte.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The bytes of data the tensors claim: the end of the last one.</summary>
    public long DataLength { get; }

    /// <summary>Parses <paramref name="json"/>, the header of <paramref name="source"/>.</summary>
    /// <exception cref="InvalidDataException">The header is not valid JSON or breaks the format; the message says how.</exception>
    public static SafetensorsHeader Parse(ReadOnlyMemory<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw SafetensorsErrors.Invalid(source, $"the header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            try
            {
                return Parse(document.RootElement, source);
            }
            catch (InvalidOperationException e)
            {
                // JsonElement throws this for strings that are not valid UTF-8.
                throw SafetensorsErrors.Invalid(source, $"the header holds an unreadable string ({e.Message})");
            }
        }
    }

    private static SafetensorsHeader Parse(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw SafetensorsErrors.Invalid(source, $"the header is a JSON {root.ValueKind}, not an object mapping tensor names to their dtype, shape and data_offsets");
        }
        var entries = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonChecks.FirstDuplicate(root) is { } twice)
        {
            throw SafetensorsErrors.Invalid(source, $"the header names '{twice}' twice");
        }
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, metadata, source);
            }
            else
            {
                entries.Add(SafetensorsEntry.Parse(property.Name, property.Value, source));
            }
        }
        // The reference implementation sorts by offsets too, so the header's key order does not matter.
        entries.Sort(static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        SafetensorsEntry? previous = null;
        foreach (SafetensorsEntry entry in entries)
        {
            if (entry.Begin < expected)
            {
                throw SafetensorsErrors.Invalid(source, $"the data of tensors '{previous!.Name}' {previous.Range} and '{entry.Name}' {entry.Range} overlap");
            }
            if (entry.Begin > expected)
            {
                throw SafetensorsErrors.Invalid(source, $"there is a gap of {entry.Begin - expected} bytes before tensor '{entry.Name}' {entry.Range}; tensors must be packed with no gaps from byte 0");
            }
            expected = entry.End;
            previous = entry;
        }
        return new SafetensorsHeader(entries, metadata, expected);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw SafetensorsErrors.Invalid(source, $"{MetadataKey} is a JSON {value.ValueKind}, not an object of strings");
        }
        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw SafetensorsErrors.Invalid(source, $"{MetadataKey}['{item.Name}'] is a JSON {item.Value.ValueKind}; metadata values must be strings");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw SafetensorsErrors.Invalid(source, $"{MetadataKey} names '{item.Name}' twice");
            }
        }
    }
}
