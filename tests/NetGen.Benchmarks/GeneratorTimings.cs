using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;

namespace NetGen.Benchmarks;

/// <summary>
/// --generator: how long the source generator takes per network. One compilation declares 100 networks (dense stacks
/// of 2-6 layers with fused activations, batch norm, layer norm, dropout, PReLU and RReLU mixed in); a fresh driver runs
/// over it once cold (the generator's own JIT included) and then repeatedly warm, as in an IDE session. Reports the
/// median milliseconds per network of the warm runs, and the cold run, to stdout as name, value, unit lines.
/// </summary>
internal static class GeneratorTimings
{
    private const int Networks = 100;

    public static void Run(double seconds)
    {
        string source = Source();
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(NetGen.INetwork).Assembly.Location);
        MetadataReference[] references = paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);

        double RunOnce()
        {
            // A new compilation and driver each time: nothing is cached from the previous run.
            CSharpCompilation compilation = CSharpCompilation.Create("Timing", new[] { CSharpSyntaxTree.ParseText(source, parseOptions) }, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(compilation);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            GeneratorDriverRunResult result = driver.GetRunResult();
            int generated = result.Results.Sum(r => r.GeneratedSources.Length);
            if (generated != Networks || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                throw new InvalidOperationException($"expected {Networks} generated networks and no errors, got {generated}: "
                    + string.Join("; ", result.Diagnostics.Take(5)));
            return ms;
        }

        double cold = RunOnce();
        var warm = new List<double>();
        var clock = Stopwatch.StartNew();
        while (warm.Count < 5 || clock.Elapsed.TotalSeconds < seconds) warm.Add(RunOnce());
        warm.Sort();
        double median = warm[warm.Count / 2];
        CultureInfo c = CultureInfo.InvariantCulture;
        Console.WriteLine($"generator-per-network\t{(median / Networks).ToString("F3", c)}\tms (median of {warm.Count} warm runs over {Networks} networks)");
        Console.WriteLine($"generator-per-network-cold\t{(cold / Networks).ToString("F3", c)}\tms (first run, generator JIT included)");
    }

    private static string Source()
    {
        var random = new Random(1);
        var s = new StringBuilder("using NetGen;\nnamespace Timing;\n");
        string[] activations = { "Activation.ReLU", "Activation.Tanh", "Activation.Sigmoid", "Activation.GELU", "Activation.ELU" };
        for (int n = 0; n < Networks; n++)
        {
            s.Append("[Network(Inputs = ").Append(random.Next(2, 800)).Append(", Seed = ").Append(n).Append(")]\npublic partial class Net").Append(n).Append("\n{\n");
            int layers = random.Next(2, 7);
            for (int l = 0; l < layers; l++)
            {
                s.Append("    [Dense(").Append(random.Next(4, 300)).Append(", ").Append(activations[random.Next(activations.Length)]).Append(")] public readonly DenseLayer D").Append(l).Append(";\n");
                switch (random.Next(6))
                {
                    case 0: s.Append("    [BatchNorm] public readonly BatchNormLayer B").Append(l).Append(";\n"); break;
                    case 1: s.Append("    [LayerNorm] public readonly LayerNormLayer N").Append(l).Append(";\n"); break;
                    case 2: s.Append("    [Dropout(0.2)] public readonly DropoutLayer P").Append(l).Append(";\n"); break;
                    case 3: s.Append("    [PReLU] public readonly PReLULayer A").Append(l).Append(";\n"); break;
                    case 4: s.Append("    [RReLU] public readonly RReLULayer R").Append(l).Append(";\n"); break;
                }
            }
            s.Append("    [Dense(").Append(random.Next(1, 12)).Append(")] public readonly DenseLayer Output;\n}\n");
        }
        return s.ToString();
    }
}
