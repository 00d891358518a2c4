using NetGen.Data;

namespace NetGen.Tests.Training;

/// <summary>Small seeded classification data for the trainer tests: noise plus a shift per class, so that training learns.</summary>
internal static class SyntheticClasses
{
    /// <summary><paramref name="count"/> rows of <paramref name="features"/> features, labels cycling through <paramref name="classes"/>.</summary>
    public static DataSet Make(int count, int features, int classes, int seed)
    {
        var random = new System.Random(seed);
        var x = new float[count * features];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            y[i] = i % classes;
            for (int j = 0; j < features; j++)
            {
                x[i * features + j] = (float)(random.NextDouble() - 0.5) + 0.3f * (float)y[i] * ((j % 3) - 1);
            }
        }
        return new DataSet(x, features, y, 1, classes);
    }
}
