using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Tests.Diagnostics;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests.Robustness;

/// <summary>
/// Issue 15: seeded mutations of every network source the snapshot and diagnostics tests use (token deletions,
/// duplications and swaps, truncations, attribute values replaced by huge/NaN/negative/keyword values, names
/// replaced by keywords and generated member names). For each case: no exception in the generator, nor in the
/// same pipeline without its catch-all guard (which would otherwise hide a crash as "generated nothing"); and
/// when the input has no syntax error and the generator reported no error, the generated code adds no compile
/// error (none in generated files, none new in the user's files). Deterministic: fixed seed, fixed case count.
/// </summary>
public class GeneratorFuzzTests
{
    private const int Seed = 15;
    private const int Cases = 4000;

    /// <summary>
    /// Failure kinds known to remain, each with the issue that tracks it; a failure whose kind is not listed fails
    /// the test. Keyed by "compile:&lt;error id&gt;" (generated code does not compile) or "exception:&lt;type&gt;".
    /// </summary>
    private static readonly Dictionary<string, string> KnownRemaining = new(StringComparer.Ordinal)
    {
    };

    private readonly ITestOutputHelper _output;

    public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_sources_never_crash_the_generator_nor_generate_code_that_does_not_compile()
    {
        string[] seeds = SeedSources();
        Assert.True(seeds.Length >= 20, $"Only {seeds.Length} seed sources found");
        var random = new Random(Seed);
        CSharpCompilation empty = GeneratorHarness.Compile("");
        var stopwatch = Stopwatch.StartNew();
        int withSyntaxErrors = 0, withNgErrors = 0, generatedAndChecked = 0, nothingGenerated = 0;
        var failures = new List<string>();
        var known = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int failingCases = 0;
        for (int i = 0; i < Cases; i++)
        {
            string source = Mutate(seeds[random.Next(seeds.Length)], random);
            SyntaxTree tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Network.cs");
            CSharpCompilation input = empty.ReplaceSyntaxTree(empty.SyntaxTrees[0], tree);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new NetworkGenerator().AsSourceGenerator(), new UnguardedPipeline().AsSourceGenerator() },
                parseOptions: GeneratorHarness.ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            GeneratorDriverRunResult run = driver.GetRunResult();

            var kinds = new List<string>();
            foreach (GeneratorRunResult result in run.Results)
                if (result.Exception is not null) kinds.Add("exception:" + result.Exception.GetType().Name + " " + FirstLine(result.Exception.Message));
            if (generatorDiagnostics.Any(d => d.Id == "CS8785")) kinds.Add("exception:CS8785");

            bool syntaxErrors = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
            bool ngErrors = generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("NG", StringComparison.Ordinal));
            if (syntaxErrors) withSyntaxErrors++;
            else if (ngErrors) withNgErrors++;
            else if (run.GeneratedTrees.Length == 0) nothingGenerated++;
            else
            {
                generatedAndChecked++;
                // An error in the user's file is the generator's doing only where the input alone had none: a name the
                // user mistyped may just change from "not found" to another error once the generated members exist.
                ImmutableArray<Diagnostic> inputDiagnostics = input.GetDiagnostics();
                var before = inputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Location.SourceSpan).ToList();
                // A warning the input alone has (e.g. CS8618 for the user's own uninitialised field) may move into the
                // generated constructor: same id and message, not the generator's doing.
                var beforeWarnings = new HashSet<string>(inputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning)
                    .Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);
                // Warnings count in generated files too: projects build with TreatWarningsAsErrors (CS0108, CS0114...).
                foreach (Diagnostic d in output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error
                    || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } w && w != tree)))
                {
                    bool inGenerated = d.Location.SourceTree is { } t && t != tree;
                    if (d.Severity == DiagnosticSeverity.Warning && beforeWarnings.Contains(d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))) continue;
                    if (inGenerated || !before.Any(span => span.IntersectsWith(Around(tree, d.Location.SourceSpan))))
                        kinds.Add("compile:" + d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (kinds.Count > 0) failingCases++;
            foreach (string kind in kinds.Distinct())
            {
                string id = kind.Split(' ')[0];
                byKind[id] = byKind.TryGetValue(id, out int seen) ? seen + 1 : 1;
                if (KnownRemaining.ContainsKey(id)) { known[id] = known.TryGetValue(id, out int n) ? n + 1 : 1; continue; }
                if (failures.Count < 40) failures.Add($"case {i}: {kind}\n----\n{source}\n----");
                else failures.Add($"case {i}: {kind}");
            }
        }
        _output.WriteLine($"{Cases} cases in {stopwatch.Elapsed.TotalSeconds:F1} s: {withSyntaxErrors} with syntax errors (crash check only), "
            + $"{withNgErrors} with NG errors, {nothingGenerated} generated nothing, {generatedAndChecked} generated and compiled; "
            + $"{failingCases} failing cases; by kind: " + string.Join(", ", byKind.Select(k => k.Key + " x" + k.Value))
            + "; known remaining: " + string.Join(", ", known.Select(k => k.Key + " x" + k.Value)));
        Assert.True(failures.Count == 0, $"{failures.Count} failing cases of {Cases}:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>The attribute holding <paramref name="span"/> (an unknown attribute also fails on its arguments), or the span itself.</summary>
    /// <summary>
    /// The attribute, else the member, holding an error of the user's file: an error the input alone already had there
    /// (a mistyped name, or a generated type used wrongly, as <c>public LayerSizes Alias => Hidden;</c> goes from
    /// CS0246 on the type to CS0029 on the expression) is the user's, not the generator's.
    /// </summary>
    private static Microsoft.CodeAnalysis.Text.TextSpan Around(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        SyntaxNode node = tree.GetRoot().FindNode(span);
        return node.FirstAncestorOrSelf<AttributeSyntax>()?.Span ?? node.FirstAncestorOrSelf<MemberDeclarationSyntax>() switch
        {
            null or BaseTypeDeclarationSyntax => span,
            MemberDeclarationSyntax member => member.Span,
        };
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>Every non-interpolated raw string holding a [Network] in the snapshot and diagnostics tests, markup removed.</summary>
    private static string[] SeedSources()
    {
        string testRoot = Path.Combine(RepositoryPaths.Root, "tests", "NetGen.Generator.Tests");
        var files = Directory.GetFiles(Path.Combine(testRoot, "Snapshots"), "*Tests.cs")
            .Concat(Directory.GetFiles(Path.Combine(testRoot, "Diagnostics"), "*Tests.cs"))
            .OrderBy(f => f, StringComparer.Ordinal);
        var seeds = new List<string>();
        foreach (string file in files)
        {
            SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (SyntaxToken token in root.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    && !token.IsKind(SyntaxKind.StringLiteralToken)) continue;
                string text = token.ValueText;
                if (!text.Contains("[Network", StringComparison.Ordinal)) continue;
                seeds.Add(text.Replace("[|", "").Replace("|]", ""));
            }
        }
        return seeds.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static readonly string[] Values =
    {
        "0", "1", "2", "3", "-1", "-2147483648", "2147483647", "int.MaxValue", "int.MinValue", "65536", "100000", "46341",
        "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-0.0", "0.0", "1e308", "1e-320", "0.5", "1.0", "-0.5",
        "float.NaN", "float.Epsilon", "true", "false", "null", "default", "\"x\"", "'c'", "1L", "1u", "(Activation)99", "(Activation)(-1)",
        "(Init)42", "Activation.Softmax", "Activation.PReLU", "Activation.RReLU", "Init.Constant", "Init.KaimingNormal", "class", "@class",
    };

    private static readonly string[] Names =
    {
        "@class", "@int", "@event", "var", "value", "nameof", "async", "Forward", "Backward", "Train", "Eval", "_inUse", "_batchSize", "LayerSizes",
        "System", "NetGen", "Net", "NET", "net", "A", "a", "Output", "Hidden", "Parameters", "InputSize", "WorkspacePerSample", "ForwardNoGradCore",
        "CreateInferenceContext", "Layers", "ZeroGrad", "Activation", "DenseLayer", "maxBatchSize", "batchSize", "ws", "mb", "input", "output",
        "parameters", "gradients", "x0", "gA", "gB", "random", "values", "training", "stats", "buffers", "Inputs", "HiddenInputs",
    };

    private static readonly string[] Members =
    {
        "public void Train() { }", "public void Train(int epochs) { }", "private int _inUse;", "public int Parameters => 0;", "public class LayerSizes { }",
        "public void Forward(System.ReadOnlySpan<float> a, System.Span<float> b) { }", "public float[] Forward(float[] x) => x;",
        "private void ForwardNoGradCore() { }", "public object CreateInferenceContext() => null!;", "private const int WorkspacePerSample = 1;",
        "[Dense(3)] public readonly DenseLayer Extra;", "[Dense(2)] public readonly DenseLayer A, B;", "[Dense(2)] public DenseLayer P { get; }",
        "[Dense(2)] public DenseLayer Q { get; set; }", "[Dropout(0.5)] public readonly DropoutLayer D;", "[BatchNorm] public readonly BatchNormLayer N;",
        "[Dense(2)] public readonly DenseLayer @class;", "[Dense(2)] public readonly DenseLayer Output;", "[Dense(2)] public readonly DenseLayer Hidden;",
        "public int Output;", "public Net(string s) : this(4) { }", "public Net(int size) { }", "static Net() { }", "~Net() { }",
        "[RReLU] public readonly RReLULayer R;", "[PReLU(NumParameters = 3)] public readonly PReLULayer Pr;", "[LayerNorm] public readonly LayerNormLayer Ln;",
        "public event System.Action Forward;", "public int this[int i] => i;", "public static int InputSize;", "public partial class Inner { }",
    };

    private static readonly string[] BaseClasses =
    {
        "public class Base { }", "public class Base { public Base(int x) { } }", "public class Base { protected Base() { } }",
        "public class Base { public virtual void Train() { } }", "public class Base { public int Parameters; }", "public abstract class Base { }",
        "public class Base { public void Forward(float[] x) { } }", "public class Base { public Base(int x = 1) { } }", "public sealed class Base { }",
        "public class Base : NetGen.INetwork { }",
        "[NetGen.Network(Inputs = 4)] public partial class Base { [NetGen.Dense(4)] public readonly NetGen.DenseLayer B0; }",
        "namespace Other { public class Base { } }", "file class Base { }",
    };

    private static readonly string[] NamedArguments =
    {
        "Inputs = {0}, ", "MaxBatchSize = {0}, ", "Seed = {0}, ", "Bias = {0}, ", "Epsilon = {0}, ", "Momentum = {0}, ", "NegativeSlope = {0}, ",
        "Alpha = {0}, ", "Beta = {0}, ", "Threshold = {0}, ", "Affine = {0}, ", "TrackRunningStats = {0}, ", "NumParameters = {0}, ",
        "Lower = {0}, ", "Upper = {0}, ", "Init = {0}, ", "Value = {0}, ", "Low = {0}, ", "High = {0}, ", "Std = {0}, ", "Gain = {0}, ",
    };

    private static string Mutate(string source, Random random)
    {
        int mutations = random.Next(4) == 0 ? 2 : 1;
        for (int m = 0; m < mutations; m++) source = MutateOnce(source, random);
        return source;
    }

    private static string MutateOnce(string source, Random random)
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot();
        SyntaxToken[] tokens = root.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToArray();
        if (tokens.Length < 2) return source;
        int roll = random.Next(100);
        if (roll < 35)
        {
            // A literal (mostly attribute arguments) replaced by an extreme, wrongly typed or keyword value.
            SyntaxToken[] numbers = tokens.Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)).ToArray();
            if (numbers.Length == 0) return source;
            return Replace(source, numbers[random.Next(numbers.Length)].Span, Pick(Values, random));
        }
        if (roll < 60)
        {
            // An identifier (class, layer, namespace, attribute name...) replaced by a keyword or a generated member name.
            SyntaxToken[] identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToArray();
            if (identifiers.Length == 0) return source;
            return Replace(source, identifiers[random.Next(identifiers.Length)].Span, Pick(Names, random));
        }
        if (roll < 68)
        {
            // A member added to the class (reserved names, duplicates, odd layer declarations), or the class given a base.
            ClassDeclarationSyntax[] classes = root.DescendantNodes().OfType<ClassDeclarationSyntax>().ToArray();
            if (classes.Length == 0) return source;
            ClassDeclarationSyntax target = classes[random.Next(classes.Length)];
            if (random.Next(4) == 0)
            {
                string baseClass = Pick(BaseClasses, random);
                int end = target.TypeParameterList?.Span.End ?? target.Identifier.Span.End;
                string list = target.BaseList is null ? " : Base" : "";
                return (source.Substring(0, end) + list + source.Substring(end)).TrimEnd() + "\n" + baseClass + "\n";
            }
            if (target.OpenBraceToken.IsMissing) return source;
            return source.Insert(target.OpenBraceToken.Span.End, "\n    " + Pick(Members, random) + "\n");
        }
        if (roll < 75)
        {
            // A named argument added to a random attribute.
            AttributeSyntax[] attributes = root.DescendantNodes().OfType<AttributeSyntax>().Where(a => a.ArgumentList is not null).ToArray();
            if (attributes.Length == 0) return source;
            AttributeSyntax attribute = attributes[random.Next(attributes.Length)];
            string argument = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(NamedArguments, random), Pick(Values, random));
            if (attribute.ArgumentList!.Arguments.Count == 0) argument = argument.TrimEnd(' ', ',');
            int at = attribute.ArgumentList.OpenParenToken.Span.End;
            if (attribute.ArgumentList.Arguments.FirstOrDefault() is { NameEquals: null } positional) at = positional.Span.End;
            if (at != attribute.ArgumentList.OpenParenToken.Span.End) argument = ", " + argument.TrimEnd(' ', ',');
            return source.Insert(at, argument);
        }
        int i = random.Next(tokens.Length);
        if (roll < 83) return Replace(source, tokens[i].Span, ""); // deletion
        if (roll < 90) return source.Insert(tokens[i].Span.End, " " + tokens[i].Text); // duplication
        if (roll < 97)
        {
            int j = Math.Min(tokens.Length - 1, i + 1 + random.Next(3));
            if (j == i) return source;
            var (a, b) = (tokens[i], tokens[j]);
            var text = new StringBuilder(source);
            text.Remove(b.SpanStart, b.Span.Length).Insert(b.SpanStart, a.Text);
            text.Remove(a.SpanStart, a.Span.Length).Insert(a.SpanStart, b.Text);
            return text.ToString();
        }
        return source.Substring(0, random.Next(source.Length)); // truncation
    }

    private static string Replace(string source, Microsoft.CodeAnalysis.Text.TextSpan span, string text) =>
        source.Substring(0, span.Start) + text + source.Substring(span.End);

    private static string Pick(string[] values, Random random) => values[random.Next(values.Length)];
}
