using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// A compiler loads a generator only if it is at least as new as the Microsoft.CodeAnalysis the generator was built
/// against. The generator is built against Roslyn 4.3 (the first with <c>ForAttributeWithMetadataName</c>) so that
/// the compilers of Unity 6 (whose manual asks generators for Microsoft.CodeAnalysis.CSharp 4.3), of the .NET 6.0.400
/// SDK and of Visual Studio 17.3 and later load it (docs/unity.md); this test stops a silent raise.
/// </summary>
public class GeneratorRoslynVersionTests
{
    [Theory]
    [InlineData("Microsoft.CodeAnalysis")]
    [InlineData("Microsoft.CodeAnalysis.CSharp")]
    public void Generator_IsBuiltAgainstRoslyn43(string assembly)
    {
        AssemblyName reference = typeof(NetworkGenerator).Assembly.GetReferencedAssemblies().Single(a => a.Name == assembly);

        Assert.Equal(new Version(4, 3, 0, 0), reference.Version);
    }
}
