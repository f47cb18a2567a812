using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests.Incremental;

/// <summary>
/// The pipeline must cache: an edit that does not touch a network leaves the parse step's outputs
/// Cached/Unchanged (so nothing is re-emitted), and the model holds no Roslyn object.
/// </summary>
public class IncrementalCachingTests
{
    private const string Network = """
        using NetGen;
        namespace Demo;
        [Network(Inputs = 4)]
        public partial class Net
        {
            [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
            [Dense(2)] public readonly DenseLayer Output;
        }
        """;

    private const string Unrelated = """
        namespace Demo;
        public static class Helpers { public static int Twice(int x) => 2 * x; }
        """;

    [Fact]
    public void UnrelatedEditLeavesEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "Network1.cs");
        SyntaxTree edited = unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// an edit elsewhere\n"));
        CSharpCompilation next = compilation.ReplaceSyntaxTree(unrelated, edited);
        driver = driver.RunGenerators(next);

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        var steps = result.TrackedSteps[NetGen.Generator.NetworkGenerator.ParseStep];
        Assert.NotEmpty(steps);
        foreach (IncrementalGeneratorRunStep step in steps)
            foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"parse step output was {reason}");
        foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[NetGen.Generator.NetworkGenerator.ModelStep])
            foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"model step output was {reason}");
        // Two outputs: the source (must be cached) and the diagnostics report, which is combined with the
        // compilation to build #pragma-aware locations and therefore re-runs (it only maps diagnostics).
        var outputReasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, outputReasons.Count);
        Assert.Contains(IncrementalStepRunReason.Cached, outputReasons);
    }

    [Fact]
    public void EditingTheNetworkRegeneratesIt()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Network.cs");
        SyntaxTree edited = CSharpSyntaxTree.ParseText(Network.Replace("Dense(8,", "Dense(9,"), GeneratorHarness.ParseOptions, "Network.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited));
        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[NetGen.Generator.NetworkGenerator.ParseStep]
            .SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
    }

    [Fact]
    public void ModelHoldsNoRoslynObjects()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network, """
            using NetGen;
            [Network(Inputs = 0)] public class Broken { [Dense(0)] public readonly DenseLayer A; }
            """);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var outputs = driver.GetRunResult().Results.Single().TrackedSteps[NetGen.Generator.NetworkGenerator.ParseStep]
            .SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Equal(2, outputs.Count);
        foreach (object value in outputs) Walk(value, "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(Location), typeof(Diagnostic), typeof(SyntaxTree),
    };

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Type type = value.GetType();
        foreach (Type forbidden in Forbidden)
            Assert.False(forbidden.IsAssignableFrom(type), $"{path} is a {type.Name}, which defeats incremental caching");
        if (!type.IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) Walk(item, $"{path}[{i++}]", seen);
        }
        if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true) return; // TextSpan, LinePositionSpan: plain structs
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Walk(field.GetValue(value), path + "." + field.Name, seen);
    }
}
