using System;
using System.IO;
using System.Security.Cryptography;

namespace NetGen.Checkpoints;

/// <summary>
/// Replaces a file all at once or not at all: readers see the old contents or the new, never a half-written file,
/// even if the process dies mid-write. The temporary files of writes that were killed are removed by the next write
/// of the same file.
/// </summary>
public static class AtomicFile
{
    /// <summary>The text between the target's name and the random suffix of the temporary file.</summary>
    public const string TemporarySuffix = ".tmp-";

    /// <summary>
    /// How long a temporary file must have gone unmodified before a later write may remove it: a live writer is
    /// writing it (or renaming it, which takes microseconds), so a file this old and not locked is a dead writer's.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    private const int RandomHexDigits = 12;  // 48 random bits: two writers of one file never pick the same name
    private const int MaxNameBytes = 255;    // NAME_MAX on Linux and macOS (bytes); Windows allows 255 UTF-16 units, never fewer
    private const int NameHashHexDigits = 8;

    /// <summary>
    /// Calls <paramref name="write"/> with a new temporary file beside <paramref name="path"/>, named
    /// <c>name.tmp-&lt;12 random hex digits&gt;</c> (see <see cref="TemporaryPrefix"/>), flushes it to disk, then moves it
    /// over <paramref name="path"/> (a rename, atomic on one volume). If anything throws, the temporary file is deleted,
    /// <paramref name="path"/> is left as it was, and the exception propagates. First removes the temporary files of
    /// earlier writes of <paramref name="path"/> that were killed midway: those with exactly this name pattern, unmodified
    /// for <see cref="StaleAfter"/>, and not held open by a writer.
    /// </summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="write">Writes the new contents; must not dispose the stream. Tests may pass one that throws midway.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? ".";
        string prefix = TemporaryPrefix(Path.GetFileName(target));
        RemoveStaleTemporaries(folder, prefix);
        string temporary = Path.Combine(folder, prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(RandomHexDigits / 2)).ToLowerInvariant());
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The name of a temporary file of <paramref name="fileName"/> up to its random digits: <c>fileName.tmp-</c>, or,
    /// when that and the digits would pass 255 bytes of UTF-8 (the longest file name most file systems take), the
    /// longest prefix of the name that fits, <c>~</c> and 8 hex digits of a hash of the whole name.
    /// </summary>
    public static string TemporaryPrefix(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        int tail = TemporarySuffix.Length + RandomHexDigits;
        if (Utf8Bytes(fileName) + tail <= MaxNameBytes)
        {
            return fileName + TemporarySuffix;
        }
        int budget = MaxNameBytes - tail - 1 - NameHashHexDigits;
        int length = 0, bytes = 0;
        while (length < fileName.Length)
        {
            int width = char.IsHighSurrogate(fileName[length]) && length + 1 < fileName.Length ? 2 : 1; // never split a pair
            int more = Utf8Bytes(fileName.Substring(length, width));
            if (bytes + more > budget)
            {
                break;
            }
            (length, bytes) = (length + width, bytes + more);
        }
        return fileName.Substring(0, length) + "~" + Fnv1a(fileName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + TemporarySuffix;
    }

    private static int Utf8Bytes(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    // FNV-1a over the UTF-8 bytes: the same on every run and platform, unlike string.GetHashCode.
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }

    // Best effort: a file that cannot be listed, opened or deleted is left for a later write.
    private static void RemoveStaleTemporaries(string folder, string prefix)
    {
        var options = new EnumerationOptions { MatchType = MatchType.Simple, IgnoreInaccessible = true, RecurseSubdirectories = false };
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, prefix + "*", options))
            {
                if (IsOurs(Path.GetFileName(file), prefix) && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) >= StaleAfter)
                {
                    TryDeleteUnlocked(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    // Exactly the prefix and 12 lower-case hex digits: nothing a user or another tool would name a file by chance.
    private static bool IsOurs(string name, string prefix)
    {
        if (name.Length != prefix.Length + RandomHexDigits || !name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        for (int i = prefix.Length; i < name.Length; i++)
        {
            if (!(name[i] is >= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    // A live writer holds its temporary file with FileShare.None (a lock on Windows, flock on Unix), so this open
    // fails for it; for a dead writer's file it succeeds, and the file goes when the handle closes.
    private static void TryDeleteUnlocked(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original exception matters more; a stray temporary file is removed by a later write.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
