using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over inline source, as the compiler would, with the runtime referenced.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> LazyReferences = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(NetGen.INetwork).Assembly.Location);
        paths.Add(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);
        paths.Add(typeof(NetGen.Onnx.OnnxExporter).Assembly.Location); // the README's ONNX block
        paths.Add(typeof(Google.Protobuf.IMessage).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    /// <summary>The framework assemblies of the test host, the runtime (NetGen.dll), System.Numerics.Tensors and NetGen.Onnx.</summary>
    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public static CSharpCompilation Compile(params string[] sources) => Compile(ParseOptions, sources);

    public static CSharpCompilation Compile(CSharpParseOptions options, params string[] sources) =>
        CSharpCompilation.Create("UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: i == 0 ? "Network.cs" : $"Network{i}.cs")),
            LazyReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() => CreateDriver(ParseOptions);

    public static GeneratorDriver CreateDriver(CSharpParseOptions options) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public sealed record Result(
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableArray<Diagnostic> CompilationDiagnostics,
        IReadOnlyList<(string HintName, string Source)> Sources,
        Compilation Output);

    public static Result Run(params string[] sources) => Run(ParseOptions, sources);

    public static Result Run(CSharpParseOptions options, params string[] sources) => Run(Compile(options, sources), options);

    /// <summary>Runs the generator over a compilation built by the caller (its own trees, options and references).</summary>
    public static Result Run(CSharpCompilation compilation, CSharpParseOptions options)
    {
        GeneratorDriver driver = CreateDriver(options).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult run = driver.GetRunResult();
        var generated = run.Results.SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => (s.HintName, s.SourceText.ToString())).ToList();
        if (run.Results.Any(r => r.Exception is not null))
            throw new InvalidOperationException("The generator threw: " + run.Results.First(r => r.Exception is not null).Exception);
        return new Result(diagnostics, output.GetDiagnostics(), generated, output);
    }
}
