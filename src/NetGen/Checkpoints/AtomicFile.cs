using System;
using System.IO;
using System.Security.Cryptography;

namespace NetGen.Checkpoints;

/// <summary>
/// Replaces a file all at once or not at all: readers see the old contents or the new, never a half-written file,
/// even if the process dies mid-write.
/// </summary>
public static class AtomicFile
{
    /// <summary>The text between the target's path and the random suffix of the temporary file.</summary>
    public const string TemporarySuffix = ".tmp-";

    /// <summary>
    /// Calls <paramref name="write"/> with a new temporary file <c>path.tmp-&lt;random&gt;</c> in the same folder, flushes it
    /// to disk, then moves it over <paramref name="path"/> (a rename, atomic on one volume). If anything throws, the
    /// temporary file is deleted, <paramref name="path"/> is left as it was, and the exception propagates.
    /// </summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="write">Writes the new contents; must not dispose the stream. Tests may pass one that throws midway.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string temporary = target + TemporarySuffix + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
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

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original exception matters more; a stray temporary file is named so that it is easy to spot.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
