using System;
using System.IO;

namespace NetGen.Tests.Checkpoints;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), $"netgen-checkpoints-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>The path of <paramref name="file"/> in the folder.</summary>
    public string PathOf(string file) => Path.Combine(Root, file);

    /// <summary>The names of the leftover temporary files of atomic writes.</summary>
    public string[] TemporaryFiles() => Directory.GetFiles(Root, "*.tmp-*");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
