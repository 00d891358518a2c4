using System.Linq;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>An abstract network: its generated GPU class compiles against ILGPU and takes a derived host.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 4)]
[Input(5)]
[Dense(3)]
public abstract partial class AbstractGpuNet
{
}

/// <summary>The concrete network a user derives from an abstract one.</summary>
public sealed class ConcreteGpuNet : AbstractGpuNet
{
}

public class AbstractNetworkTests
{
    [Fact]
    public void AbstractNetwork_GpuClass_HasOnlyTheConstructorThatTakesAHost()
    {
        // The generated GPU class cannot create an abstract network, so it only wraps one the caller made.
        var constructor = Assert.Single(typeof(AbstractGpuNet.Gpu).GetConstructors());
        Assert.Equal(new[] { typeof(GpuDevice), typeof(AbstractGpuNet) }, constructor.GetParameters().Select(p => p.ParameterType));
        Assert.NotNull(new ConcreteGpuNet());
    }
}
