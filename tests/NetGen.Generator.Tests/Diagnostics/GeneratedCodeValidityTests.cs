using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Issue 15, the generator never crashes nor emits code that does not compile: regressions found by the
/// fuzz run (GeneratorFuzzTests), each a valid declaration that used to crash the generator (CS8785, every
/// network of the project dropped) or to generate code with compile errors.
/// </summary>
public class GeneratedCodeValidityTests
{
    [Fact]
    public void Class_names_differing_only_in_case_get_distinct_hint_names()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            namespace Demo
            {
                [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; }
                [Network(Inputs = 4)] public partial class NET { [Dense(2)] public readonly DenseLayer Output; }
            }
            namespace a { public partial class B { [Network(Inputs = 4)] public partial class N { [Dense(2)] public readonly DenseLayer Output; } } }
            namespace A { public partial class B { [Network(Inputs = 4)] public partial class N { [Dense(2)] public readonly DenseLayer Output; } } }
            """);
        Assert.Equal(4, result.Sources.Count);
        Assert.Equal(4, result.Sources.Select(s => s.HintName.ToUpperInvariant()).Distinct().Count());
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Keyword_namespace_gives_a_valid_hint_name()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            namespace Demo.@int;
            [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; }
            """);
        Assert.Matches(@"^Demo\._int\.Net\.[0-9a-f]{8}\.g\.cs$", Assert.Single(result.Sources).HintName);
        AssertGeneratedAndCompiles(result);
    }
}
