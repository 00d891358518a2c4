extern alias runtime;

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Runs the netstandard2.1 build of the runtime, the one Unity loads, rather than only compiling against it: each
/// baseline network, compiled at C# 9 against that build, takes three SGD steps and one inference in an
/// <see cref="AssemblyLoadContext"/> of its own, and must agree with the same network compiled normally against the
/// net8.0 build (hardware-intrinsic kernels). The two builds share the initialisation and dropout streams, so the
/// results differ only by the rounding of different kernels (fused multiply-adds, summation order).
/// </summary>
public class NetStandardRuntimeTests
{
    public static TheoryData<string> Networks() => CSharp9Tests.Networks();

    [Theory]
    [MemberData(nameof(Networks))]
    public void NetStandard21Runtime_TrainsAndInfersLikeNet8Runtime(string network)
    {
        (Compilation unity, _) = CSharp9Tests.CompileForUnity(network);
        string probe = Probe(NetworkType(unity));

        (Compilation unityWithProbe, _) = CSharp9Tests.CompileForUnity(network, probe);
        float[] portable = Run(CSharp9Tests.Emit(unityWithProbe, "netstandard2.1 build"), CSharp9Tests.NetStandard21Runtime, ".NETStandard,Version=v2.1");

        (_, Compilation net8) = GeneratorHarness.Run(CSharp9Tests.Sources()[network].Append(probe).ToArray());
        float[] intrinsics = Run(CSharp9Tests.Emit(net8, "net8.0 build"), typeof(runtime::NetGen.NetworkAttribute).Assembly.Location, ".NETCoreApp,Version=v8.0");

        Assert.Equal(intrinsics.Length, portable.Length);
        Assert.All(portable, v => Assert.True(float.IsFinite(v)));
        for (int i = 0; i < portable.Length; i++)
        {
            double tolerance = 1e-4 + 2e-3 * Math.Abs(intrinsics[i]);
            Assert.True(Math.Abs(portable[i] - intrinsics[i]) <= tolerance,
                $"{network}: value {i} (3 losses, then the outputs) is {portable[i]} on netstandard2.1 and {intrinsics[i]} on net8.0.");
        }
    }

    // The probe is C# 9 and uses only INetwork, so one text serves every network and both builds.
    private static string Probe(string networkType) => $$"""
        public static class NetGenProbe
        {
            public static float[] Run()
            {
                global::NetGen.INetwork net = new {{networkType}}(42L);
                int batch = System.Math.Min(4, net.MaxBatch);
                var input = new float[batch * net.InputSize];
                for (int i = 0; i < input.Length; i++)
                {
                    input[i] = (float)System.Math.Sin(0.37 * i + 0.1);
                }
                var target = new float[batch * net.TargetSize];
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = net.Loss switch
                    {
                        global::NetGen.Loss.SoftmaxCrossEntropy => i % net.OutputSize,
                        global::NetGen.Loss.BinaryCrossEntropy => i % 2,
                        _ => 0.5f * (float)System.Math.Cos(i),
                    };
                }
                var optimizer = new global::NetGen.Optimizers.Sgd(0.05f, momentum: 0.9f);
                var results = new System.Collections.Generic.List<float>();
                for (int step = 0; step < 3; step++)
                {
                    results.Add(net.TrainStep(input, target, batch, optimizer));
                }
                net.Training = false;
                var output = new float[batch * net.OutputSize];
                net.Forward(input, output, batch);
                results.AddRange(output);
                return results.ToArray();
            }
        }
        """;

    private static string NetworkType(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (ClassDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Network"))
                {
                    return model.GetDeclaredSymbol(declaration)!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                }
            }
        }
        throw new InvalidOperationException("No [Network] class in the compilation.");
    }

    /// <summary>
    /// Loads the user assembly and the given runtime build into a fresh context, runs the probe, and checks that the
    /// runtime it ran on is the build for <paramref name="framework"/>.
    /// </summary>
    private static float[] Run(byte[] userAssembly, string runtimePath, string framework)
    {
        var context = new RuntimeContext(runtimePath);
        try
        {
            Assembly user = context.LoadFromStream(new MemoryStream(userAssembly));
            MethodInfo run = user.GetType("NetGenProbe", throwOnError: true)!.GetMethod("Run")!;
            var result = (float[])run.Invoke(null, null)!;
            Assembly netgen = Assert.Single(context.Assemblies, a => a.GetName().Name == "NetGen");
            Assert.Equal(framework, netgen.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName);
            return result;
        }
        finally
        {
            context.Unload();
        }
    }

    // Resolves NetGen to the chosen build; everything else comes from the test's own (default) context.
    private sealed class RuntimeContext(string runtimePath) : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == "NetGen" ? LoadFromAssemblyPath(runtimePath) : null;
    }
}
