using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace NetGen.Checkpoints;

/// <summary>
/// The SHA-256 of a checkpoint's data section (every tensor's bytes, in file order), which <see cref="Checkpoint.Save"/>
/// records under <see cref="CheckpointMetadataKeys.DataSha256"/> and every read verifies, so that a flipped bit is an
/// error rather than silently different weights. SHA-256 because .NET (every target) and Python's <c>hashlib</c> have
/// it built in: no package, no hand-written hash to get wrong.
/// </summary>
internal static class DataChecksum
{
    /// <summary>The number of hexadecimal digits of a SHA-256.</summary>
    public const int HexLength = 64;

    /// <summary>A fresh SHA-256 to feed the data section to.</summary>
    public static IncrementalHash Create() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The checksum of <paramref name="tensors"/>' data, as written in that order: 64 lower-case hex digits.</summary>
    public static string Of(IReadOnlyList<CheckpointTensor> tensors)
    {
        using IncrementalHash hash = Create();
        foreach (CheckpointTensor tensor in tensors)
        {
            TensorBytes.Hash(hash, tensor.Data);
        }
        return Finish(hash);
    }

    /// <summary>The lower-case hex digits of the hash of everything appended so far.</summary>
    public static string Finish(IncrementalHash hash) => Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();

    /// <summary>Whether <paramref name="text"/> has the form of a recorded checksum: 64 lower-case hex digits.</summary>
    public static bool IsWellFormed(string text)
    {
        if (text.Length != HexLength)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }
}
