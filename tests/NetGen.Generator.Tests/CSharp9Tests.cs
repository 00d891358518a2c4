using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Unity compiles C# 9 against .NET Standard 2.1. For every network of <see cref="BaselineTests"/> (read from that
/// file, so a new baseline is covered without editing this one) the generator runs inside a C# 9 compilation that
/// references only the .NET Standard 2.1 reference assemblies and the netstandard2.1 build of the runtime, its
/// output is parsed at C# 9, and the whole compilation must emit without an error.
/// </summary>
public class CSharp9Tests
{
    private static readonly CSharpParseOptions CSharp9 =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.CSharp9).WithDocumentationMode(DocumentationMode.Diagnose);

    public static TheoryData<string> Networks()
    {
        var data = new TheoryData<string>();
        foreach (string name in BaselineSources().Keys)
        {
            data.Add(name);
        }
        return data;
    }

    [Fact]
    public void EveryBaselineFolder_HasASourceInBaselineTests()
    {
        // GPU files (*.Gpu.g.cs) are baselined by GpuEmissionTests: ILGPU is not for Unity, so C# 9 does not apply to them.
        string[] folders = Directory.GetDirectories(Path.Combine(TestDirectory(), "Baselines"))
            .Where(d => Directory.GetFiles(d, "*.Gpu.g.cs").Length == 0)
            .Select(Path.GetFileName).ToArray()!;
        Assert.NotEmpty(folders);
        Assert.Equal(folders.OrderBy(f => f, StringComparer.Ordinal), BaselineSources().Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void GeneratedCode_CompilesAtCSharp9_AgainstNetStandard21Runtime(string network)
    {
        (Compilation output, GeneratedSourceResult[] generated) = CompileForUnity(network);
        Assert.All(generated, g => Assert.Equal(LanguageVersion.CSharp9, ((CSharpParseOptions)g.SyntaxTree.Options).LanguageVersion));

        Emit(output, "The generated code does not compile at C# 9 against netstandard2.1");
        HashSet<SyntaxTree> generatedTrees = generated.Select(g => g.SyntaxTree).ToHashSet();
        Diagnostic[] warnings = output.GetDiagnostics().Where(d => d.Location.SourceTree is { } t && generatedTrees.Contains(t)).ToArray();
        Assert.True(warnings.Length == 0, "The generated code has warnings at C# 9:\n" + GeneratorHarness.Describe(warnings));
    }

    /// <summary>
    /// The generator's output for one baseline network, in a C# 9 compilation against .NET Standard 2.1 and the
    /// netstandard2.1 runtime, with <paramref name="extraSources"/> (C# 9) beside the declaration.
    /// </summary>
    internal static (Compilation Output, GeneratedSourceResult[] Generated) CompileForUnity(string network, params string[] extraSources)
    {
        SyntaxTree[] trees = BaselineSources()[network].Select((s, i) => ToCSharp9(s, $"{network}{i}.cs"))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, CSharp9, $"Extra{i}.cs")))
            .ToArray();
        foreach (SyntaxTree tree in trees)
        {
            Assert.Empty(tree.GetDiagnostics()); // the declaration itself parses as C# 9
        }
        CSharpCompilation input = CSharpCompilation.Create(
            "UnityAssembly", trees, NetStandard21References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: CSharp9)
            .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);

        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.Empty(result.Diagnostics);
        GeneratedSourceResult[] generated = result.Results.Single().GeneratedSources.ToArray();
        Assert.NotEmpty(generated);
        return (output, generated);
    }

    /// <summary>Emits <paramref name="compilation"/>, failing with its errors.</summary>
    internal static byte[] Emit(Compilation compilation, string what)
    {
        using var stream = new MemoryStream();
        EmitResult emitted = compilation.Emit(stream);
        Diagnostic[] errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(emitted.Success && errors.Length == 0, what + ":\n" + GeneratorHarness.Describe(errors));
        return stream.ToArray();
    }

    /// <summary>The sources of every baseline network, by folder name.</summary>
    internal static IReadOnlyDictionary<string, string[]> Sources() => BaselineSources();

    [Theory]
    [InlineData("namespace A;\npublic class B { }")] // file-scoped namespace, C# 10
    [InlineData("public record struct P(int X);")] // record struct, C# 10
    [InlineData("public class S { public required int X; }")] // required member, C# 11
    [InlineData("public class T { public string U => \"\"\"raw\"\"\"; }")] // raw string literal, C# 11
    [InlineData("public interface I { static abstract int N { get; } }")] // static abstract member, C# 11
    public void CSharp9Compilation_RejectsNewerCode(string code)
    {
        // The check above has teeth: the same compilation set-up fails on code newer than C# 9.
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Newer", new[] { CSharpSyntaxTree.ParseText(code, CSharp9) }, NetStandard21References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        Assert.False(compilation.Emit(stream).Success);
    }

    /// <summary>
    /// The network declarations of <see cref="BaselineTests"/>, by baseline folder: the string literals passed to
    /// its <c>Check(name, source...)</c> calls, read from the test's source file.
    /// </summary>
    private static Dictionary<string, string[]> BaselineSources()
    {
        string path = Path.Combine(TestDirectory(), "BaselineTests.cs");
        SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(path), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)).GetRoot();
        var sources = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (InvocationExpressionSyntax call in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (call.Expression is not IdentifierNameSyntax { Identifier.ValueText: "Check" } || call.ArgumentList.Arguments.Count < 2)
            {
                continue;
            }
            string?[] literals = call.ArgumentList.Arguments
                .Select(a => a.Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } l ? l.Token.ValueText : null)
                .ToArray();
            if (literals.All(l => l is not null))
            {
                sources.Add(literals[0]!, literals.Skip(1).Select(l => l!).ToArray());
            }
        }
        return sources;
    }

    /// <summary>
    /// The declaration as a Unity user would write it at C# 9: a file-scoped namespace (C# 10) becomes a block
    /// namespace; nothing else is changed. Parsed at C# 9.
    /// </summary>
    private static SyntaxTree ToCSharp9(string source, string path)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)).GetRoot();
        if (root.Members.OfType<FileScopedNamespaceDeclarationSyntax>().SingleOrDefault() is { } fileScoped)
        {
            NamespaceDeclarationSyntax block = SyntaxFactory.NamespaceDeclaration(fileScoped.Name, fileScoped.Externs, fileScoped.Usings, fileScoped.Members);
            root = root.ReplaceNode(fileScoped, block).NormalizeWhitespace();
        }
        return CSharpSyntaxTree.ParseText(root.ToFullString(), CSharp9, path);
    }

    internal static MetadataReference[] NetStandard21References()
    {
        string referenceDirectory = typeof(CSharp9Tests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NetStandard21ReferenceDirectory").Value!;
        string runtime = NetStandard21Runtime;
        Assert.True(File.Exists(Path.Combine(referenceDirectory, "netstandard.dll")), $"No .NET Standard 2.1 reference assemblies in {referenceDirectory}: restore the test project.");
        Assert.True(File.Exists(runtime), $"No netstandard2.1 build of the runtime at {runtime}: build the test project.");
        return Directory.GetFiles(referenceDirectory, "*.dll")
            .Append(runtime)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }

    /// <summary>The netstandard2.1 build of the runtime, copied beside the tests by the project file.</summary>
    internal static string NetStandard21Runtime => Path.Combine(AppContext.BaseDirectory, "netstandard2.1", "NetGen.dll");

    private static string TestDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
