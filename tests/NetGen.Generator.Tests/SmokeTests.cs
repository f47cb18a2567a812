using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

public class SmokeTests
{
    private readonly ITestOutputHelper _out;
    public SmokeTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Generates()
    {
        var r = GeneratorHarness.Run("""
            using NetGen;
            namespace Demo;
            [Network(Inputs = 20, Seed = 42)]
            public partial class PhonePriceNet
            {
                [Dense(128, Activation.ReLU)] public readonly DenseLayer Hidden1;
                [Dense(64, Activation.ReLU)] public DenseLayer Hidden2 { get; }
                [Dense(4)] public readonly DenseLayer Output;
            }
            """);
        foreach (var d in r.GeneratorDiagnostics) _out.WriteLine(d.ToString());
        foreach (var s in r.Sources) _out.WriteLine(s.Source);
        foreach (var d in r.CompilationDiagnostics) _out.WriteLine(d.ToString());
        Assert.Empty(r.CompilationDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
    }
}
