using System.IO;

namespace NetGen.Checkpoints;

/// <summary>The one shape of every file-format error: the file, then the problem.</summary>
internal static class SafetensorsErrors
{
    /// <summary>An <see cref="InvalidDataException"/> naming <paramref name="source"/> and <paramref name="problem"/>.</summary>
    public static InvalidDataException Invalid(string source, string problem) =>
        new($"{source}: not a valid safetensors checkpoint: {problem}.");
}
