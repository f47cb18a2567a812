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

    /// <summary>
    /// Edits inside the network's own file that do not change the network: a comment line above it (every location
    /// below moves) and a method inside the class. The parse step re-runs (its diagnostics hold locations), but the
    /// plan it yields is equal, so the source output is Cached and nothing is re-emitted.
    /// </summary>
    [Theory]
    [InlineData("comment above", "[Network(Inputs = 4)]", "// a comment line above the network\n[Network(Inputs = 4)]")]
    [InlineData("method inside", "public partial class Net\n{", "public partial class Net\n{\n    public int Twice(int x) => 2 * x;")]
    public void EditThatMovesTextDoesNotReEmit(string edit, string find, string replacement)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Network, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Network.cs");
        string text = Network.Replace("\r\n", "\n");
        Assert.Contains(find, text);
        SyntaxTree edited = CSharpSyntaxTree.ParseText(text.Replace(find, replacement), GeneratorHarness.ParseOptions, "Network.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited));

        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        var parse = result.TrackedSteps[NetGen.Generator.NetworkGenerator.ParseStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        // The parse step ran again on the edited file (not Cached): the edit reached the generator, so the test is not vacuous.
        Assert.DoesNotContain(IncrementalStepRunReason.Cached, parse);
        foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[NetGen.Generator.NetworkGenerator.ModelStep])
            foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{edit}: model step output was {reason}");
        IncrementalStepRunReason source = result.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs)
            .Select(o => o.Reason).First();
        Assert.Equal(IncrementalStepRunReason.Cached, source);
    }

    /// <summary>The plan that reaches emission holds no source location (those belong to the diagnostics' output).</summary>
    [Fact]
    public void EmittedPlanHoldsNoLocations()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Network));
        var plans = driver.GetRunResult().Results.Single().TrackedSteps[NetGen.Generator.NetworkGenerator.ModelStep]
            .SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Single(plans);
        Type locationInfo = typeof(NetGen.Generator.NetworkGenerator).Assembly.GetType("NetGen.Generator.Model.LocationInfo", throwOnError: true)!;
        WalkFor(plans[0], locationInfo, "plan", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void WalkFor(object? value, Type forbidden, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Type type = value.GetType();
        Assert.False(forbidden.IsAssignableFrom(type), $"{path} is a {type.Name}: a moved line would re-emit the network");
        if (!type.IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) WalkFor(item, forbidden, $"{path}[{i++}]", seen);
        }
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            WalkFor(field.GetValue(value), forbidden, path + "." + field.Name, seen);
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
