using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace NetGen.Checkpoints;

/// <summary>
/// Reads safetensors files (<see href="https://huggingface.co/docs/safetensors"/>) of float32 tensors, checking the
/// whole structure: every problem is an <see cref="InvalidDataException"/> that names the file and what is wrong.
/// </summary>
public static class SafetensorsReader
{
    /// <summary>The largest JSON header accepted, 100 MB, as the reference implementation limits it.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Reads every tensor and the metadata of the file at <paramref name="path"/>, verifying the data against its
    /// <see cref="CheckpointMetadataKeys.DataSha256"/> when the metadata records one.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file of F32 tensors, or its data is corrupt.</exception>
    public static SafetensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream, path);
    }

    /// <summary>Reads a safetensors file from the current position of a seekable stream to its end.</summary>
    /// <param name="stream">A seekable stream: its length tells whether the data section is whole.</param>
    /// <param name="source">The name to put in error messages, usually the file's path.</param>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed safetensors file of F32 tensors, or the data is corrupt.</exception>
    public static SafetensorsFile Read(Stream stream, string source)
    {
        SafetensorsHeader header = ReadHeader(stream, source);
        return new SafetensorsFile(ReadTensors(stream, header, source), header.Metadata);
    }

    /// <summary>
    /// Reads the tensors of <paramref name="header"/> from <paramref name="stream"/>, which stands at the start of the
    /// data section, and verifies the data's <see cref="CheckpointMetadataKeys.DataSha256"/> when the header records one.
    /// </summary>
    /// <exception cref="InvalidDataException">The recorded checksum is malformed or differs from the data's.</exception>
    internal static List<CheckpointTensor> ReadTensors(Stream stream, SafetensorsHeader header, string source)
    {
        string? recorded = RecordedChecksum(header, source);
        using IncrementalHash? hash = recorded is null ? null : DataChecksum.Create();
        var tensors = new List<CheckpointTensor>(header.Entries.Count);
        foreach (SafetensorsEntry entry in header.Entries)
        {
            // Entries tile the data section in order, so the stream is always at entry.Begin here.
            var data = new float[entry.Count];
            TensorBytes.Read(stream, data, hash);
            tensors.Add(new CheckpointTensor(entry.Name, data, entry.Shape));
        }
        if (hash is not null)
        {
            string actual = DataChecksum.Finish(hash);
            if (actual != recorded)
            {
                throw new InvalidDataException(
                    $"{source}: the checkpoint's data is corrupt: its SHA-256 is {actual} but the metadata '{CheckpointMetadataKeys.DataSha256}' records {recorded}, " +
                    "so some bytes changed after it was written (a bad disk, copy or download, or an edit); restore the file from a good copy or save it again.");
            }
        }
        return tensors;
    }

    private static string? RecordedChecksum(SafetensorsHeader header, string source)
    {
        if (!header.Metadata.TryGetValue(CheckpointMetadataKeys.DataSha256, out string? recorded))
        {
            return null;
        }
        if (!DataChecksum.IsWellFormed(recorded))
        {
            throw SafetensorsErrors.Invalid(source,
                $"metadata '{CheckpointMetadataKeys.DataSha256}' is '{Truncate(recorded)}', not {DataChecksum.HexLength} lower-case hex digits (a SHA-256 of the data section)");
        }
        return recorded;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "...";

    /// <summary>
    /// Reads only the <c>__metadata__</c> of the file at <paramref name="path"/>, after checking the header and that the
    /// file is as long as the header says; the tensors' values are not read.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file of F32 tensors.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadHeader(stream, path).Metadata;
    }

    /// <summary>Reads and checks the header, leaving <paramref name="stream"/> at the start of the data section.</summary>
    /// <exception cref="InvalidDataException">The header is malformed or disagrees with the stream's length.</exception>
    internal static SafetensorsHeader ReadHeader(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable, so that its length can be checked against the header.", nameof(stream));
        }
        long available = stream.Length - stream.Position;
        if (available < sizeof(ulong))
        {
            throw SafetensorsErrors.Invalid(source, $"the file is {available} bytes long, shorter than the 8-byte header length every safetensors file starts with");
        }
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw SafetensorsErrors.Invalid(source, $"the header length is {headerLength} bytes, more than the {MaxHeaderBytes}-byte limit (a corrupt length, or not a safetensors file)");
        }
        long rest = available - sizeof(ulong);
        if ((long)headerLength > rest)
        {
            throw SafetensorsErrors.Invalid(source, $"the header length is {headerLength} bytes but only {rest} bytes follow it (the file is truncated or the length is corrupt)");
        }
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        SafetensorsHeader header = SafetensorsHeader.Parse(json, source);
        long data = rest - (long)headerLength;
        foreach (SafetensorsEntry entry in header.Entries)
        {
            if (entry.End > data)
            {
                throw SafetensorsErrors.Invalid(source, $"tensor '{entry.Name}' has data_offsets {entry.Range} beyond the end of the {data}-byte data section (the file is truncated or the offsets are out of range)");
            }
        }
        if (data != header.DataLength)
        {
            throw SafetensorsErrors.Invalid(source, $"the data section is {data} bytes long but the tensors account for {header.DataLength} bytes; {data - header.DataLength} bytes at its end belong to no tensor");
        }
        return header;
    }
}
