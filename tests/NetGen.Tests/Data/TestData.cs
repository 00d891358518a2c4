using System;
using System.IO;
using NetGen.Data;

namespace NetGen.Tests.Data;

/// <summary>Paths of the bundled data files and small synthetic data sets for the data and training tests.</summary>
internal static class TestData
{
    /// <summary>The path of a file from samples/data, copied beside the test assembly.</summary>
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    /// <summary>
    /// <paramref name="count"/> rows whose first feature is the row index (so a test can tell rows apart), the
    /// others a class-dependent offset, and labels cycling through <paramref name="classes"/> (or in blocks).
    /// </summary>
    public static DataSet Labelled(int count, int features, int classes, bool blocks = false)
    {
        var x = new float[count * features];
        var y = new float[count];
        for (int row = 0; row < count; row++)
        {
            int label = blocks ? row * classes / count : row % classes;
            y[row] = label;
            x[row * features] = row;
            for (int j = 1; j < features; j++)
            {
                x[row * features + j] = label * 2f - 1f + 0.1f * ((row * 7 + j) % 5);
            }
        }
        return new DataSet(x, features, y, 1, classes);
    }

    /// <summary>Writes <paramref name="text"/> to a temporary file with the given extension and returns its path.</summary>
    public static string TempFile(string text, string extension = ".csv")
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        return path;
    }
}
