using System;
using System.IO;

namespace NetGen.Data;

/// <summary>Opens the data loaders' files: existence checked with a helpful message, gzip content decompressed and verified.</summary>
internal static class DataFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading. A file that starts with the gzip magic <c>1F 8B</c> is decompressed
    /// whatever its name, through a <see cref="CheckedGzipStream"/>, so that a cut or damaged file throws instead of
    /// reading short. <paramref name="kind"/> names the file in messages ("data", "IDX").
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">What kind of file it is, for messages.</param>
    /// <param name="gzipByName">
    /// Whether a name ending in <c>.gz</c> promises gzip content, so that a file that lacks the magic is an error
    /// rather than being read as it is.
    /// </param>
    public static Stream Open(string path, string kind, bool gzipByName)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The {kind} file '{Path.GetFullPath(path)}' does not exist; check the path (a relative path is resolved against the current directory, '{Environment.CurrentDirectory}').",
                path);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        bool gzip = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        if (gzip)
        {
            return new CheckedGzipStream(file, path);
        }
        if (gzipByName && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            string message = file.Length == 0
                ? $"'{path}' is empty although its name ends in .gz; re-download or recompress it."
                : $"'{path}' ends in .gz but is not gzip-compressed (it does not start with the gzip magic 1F 8B); if it was decompressed already (browsers do this), rename it without .gz, else re-download it.";
            file.Dispose();
            throw new InvalidDataException(message);
        }
        return file;
    }
}
