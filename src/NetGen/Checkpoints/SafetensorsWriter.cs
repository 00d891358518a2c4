using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetGen.Checkpoints;

/// <summary>Writes float32 tensors and metadata strings in the safetensors format, packed in the order given.</summary>
public static class SafetensorsWriter
{
    /// <summary>
    /// Writes the 8-byte header length, the JSON header padded with spaces to a multiple of 8 bytes (so the data
    /// section starts 8-byte aligned), and every tensor's values, little-endian, in the order of <paramref name="tensors"/>.
    /// </summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="tensors">The tensors; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">The <c>__metadata__</c> strings, written in the order given; none when null or empty.</param>
    /// <exception cref="ArgumentException">Two tensors share a name, or a tensor is named <c>__metadata__</c>.</exception>
    public static void Write(Stream stream, IReadOnlyList<CheckpointTensor> tensors, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        byte[] header = Header(tensors, metadata);
        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (CheckpointTensor tensor in tensors)
        {
            TensorBytes.Write(stream, tensor.Data);
        }
    }

    private static byte[] Header(IReadOnlyList<CheckpointTensor> tensors, IEnumerable<KeyValuePair<string, string>>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps '+' and non-ASCII readable in the header; it is a file, never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            WriteMetadata(json, metadata);
            var names = new HashSet<string>(StringComparer.Ordinal);
            long offset = 0;
            foreach (CheckpointTensor tensor in tensors)
            {
                ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
                if (tensor.Name == SafetensorsHeader.MetadataKey || !names.Add(tensor.Name))
                {
                    throw new ArgumentException($"Tensor name '{tensor.Name}' is used twice or is reserved; every tensor needs its own name.", nameof(tensors));
                }
                long end = offset + (long)tensor.Data.Length * sizeof(float);
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteMetadata(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, string>>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        bool started = false;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> item in metadata)
        {
            if (!keys.Add(item.Key))
            {
                throw new ArgumentException($"Metadata key '{item.Key}' is given twice.", nameof(metadata));
            }
            if (item.Value is null)
            {
                throw new ArgumentException($"Metadata '{item.Key}' is null; safetensors metadata values are strings.", nameof(metadata));
            }
            if (!started)
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                started = true;
            }
            json.WriteString(item.Key, item.Value);
        }
        if (started)
        {
            json.WriteEndObject();
        }
    }
}
