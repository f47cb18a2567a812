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

    public static TheoryData<string, string> KeywordAndSpecialNames => new()
    {
        { "keyword class name", "using NetGen; [Network(Inputs = 4)] public partial class @class { [Dense(2)] public readonly DenseLayer Output; }" },
        { "keyword containing types", "using NetGen; public partial class @struct { public partial class @event { [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; } } }" },
        { "keyword namespace parts", "using NetGen; namespace @int.@class { [Network(Inputs = 4)] public partial class Net { [Dense(2)] public readonly DenseLayer Output; } }" },
        { "keyword layer and class", "using NetGen; namespace @event; [Network(Inputs = 4)] public partial class @object { [Dense(2)] public readonly DenseLayer @class; }" },
        { "class named var", "using NetGen; [Network(Inputs = 4)] public partial class var { [Dense(2)] public readonly DenseLayer Output; }" },
        { "class named System in a namespace", "using NetGen; namespace Demo { [Network(Inputs = 4)] public partial class System { [Dropout(0.5)] public readonly DropoutLayer Drop; [Dense(2)] public readonly DenseLayer Output; } }" },
        { "class named NetGen", "using NetGen; namespace Demo { [Network(Inputs = 4)] public partial class NetGen { [Dense(2)] public readonly DenseLayer Output; } }" },
        { "contextual keyword names", "using NetGen; namespace async { [Network(Inputs = 4)] public partial class await { [Dense(2)] public readonly DenseLayer value; [Dense(2)] public readonly DenseLayer nameof; } }" },
    };

    [Theory]
    [MemberData(nameof(KeywordAndSpecialNames))]
    public void Keyword_and_special_names_generate_code_that_compiles(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        GeneratorHarness.Result result = Verify(source);
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void A_type_named_System_in_the_global_namespace_is_reported()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)] public partial class [|System|] { [Dense(2)] public readonly DenseLayer Output; }
            """,
            Expected.Error("NG0005", "Network 'System' cannot be generated: the type 'System' declared in the global namespace hides the namespace 'System' that generated code refers to as 'global::System'; move the type into a namespace"));
        AssertNothingGenerated(result);
    }
}
