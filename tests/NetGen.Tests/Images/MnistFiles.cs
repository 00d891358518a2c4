using System.IO;
using NetGen.Data;
using NetGen.Tests.Data;

namespace NetGen.Tests.Images;

/// <summary>The 10,000 MNIST digits shipped in samples/data/mnist10k, copied beside the test assembly.</summary>
internal static class MnistFiles
{
    public static string Images => TestData.PathOf(Path.Combine("mnist10k", "images-idx3-ubyte.gz"));

    public static string Labels => TestData.PathOf(Path.Combine("mnist10k", "labels-idx1-ubyte.gz"));

    public static ImageDataSet Load(int? limit = null) => IdxLoader.Load(Images, Labels, limit);
}
