using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Broken and half-typed code, as an editor sees it on every keystroke: the generator never throws
/// (GeneratorHarness.Run fails if it did, and the unguarded pipeline shows exceptions the generator
/// would swallow), generates nothing, and reports at most its own documented diagnostics; the
/// compiler reports the actual mistake.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string, string> BrokenSources => new()
    {
        { "unfinished named argument on [Network]", "using NetGen; [Network(Inputs = ] partial class X { [Dense(2)] DenseLayer A; }" },
        { "unfinished [Dense]", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(] DenseLayer A; }" },
        { "unfinished activation", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2, Activation.)] DenseLayer A; }" },
        { "[Dense] without arguments", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense] DenseLayer A; }" },
        { "[Dense] with a string", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(\"two\")] DenseLayer A; }" },
        { "[Dense] with a double", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2.5)] DenseLayer A; }" },
        { "[Dense] with a non-constant", "using NetGen; [Network(Inputs = 4)] partial class X { static int n = 2; [Dense(n)] DenseLayer A; }" },
        { "[Network] Inputs of the wrong type", "using NetGen; [Network(Inputs = \"4\")] partial class X { [Dense(2)] DenseLayer A; }" },
        { "unfinished [WeightInit]", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] [WeightInit(] DenseLayer A; }" },
        { "[BiasInit] with an unknown scheme", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] [BiasInit(Init.Glorot)] DenseLayer A; }" },
        { "unfinished class-level [WeightInit]", "using NetGen; [Network(Inputs = 4)] [WeightInit(Init.] partial class X { [Dense(2)] DenseLayer A; }" },
        { "member type that does not exist", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] Foo A; }" },
        { "member without a name", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer }" },
        { "[Network] on a record", "using NetGen; [Network(Inputs = 4)] partial record R { [Dense(2)] DenseLayer A = null!; }" },
        { "[Network] on a record struct", "using NetGen; [Network(Inputs = 4)] partial record struct R { [Dense(2)] DenseLayer A; }" },
        { "[Network] on a struct", "using NetGen; [Network(Inputs = 4)] partial struct S { [Dense(2)] DenseLayer A; }" },
        { "[Network] on an interface", "using NetGen; [Network(Inputs = 4)] partial interface I { }" },
        { "[Network] on a generic class", "using NetGen; [Network(Inputs = 4)] partial class G<T> { [Dense(2)] DenseLayer A = null!; }" },
        { "no using NetGen", "[Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A; }" },
        { "qualified [Network], unqualified layers, no using", "[NetGen.Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A; }" },
        { "activation cast out of range", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2, (Activation)99)] DenseLayer A; }" },
        { "negative activation cast", "using NetGen; [Network(Inputs = 4)] partial class X { [ActivationLayer((Activation)(-1))] ActivationLayer A; [Dense(2)] DenseLayer B; }" },
        { "init scheme cast out of range", "using NetGen; [Network(Inputs = 4)] [BiasInit((Init)1000)] partial class X { [Dense(2)] DenseLayer A; }" },
        { "layer attribute on a method", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A() => null!; }" },
        { "layer attribute on an indexer", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer this[int i] => null!; }" },
        { "layer attribute on an event", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] event System.Action A; }" },
        { "constant layer field", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] const DenseLayer A = null; }" },
        { "huge int arguments", "using NetGen; [Network(Inputs = int.MaxValue, MaxBatchSize = int.MinValue)] partial class X { [Dense(int.MaxValue, Inputs = int.MinValue)] DenseLayer A; }" },
        { "NaN and infinity hyper-parameters", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2, Activation.Softplus, Beta = double.PositiveInfinity, Threshold = double.NaN)] [WeightInit(Init.Uniform, Low = double.NegativeInfinity, High = double.NaN)] DenseLayer A; }" },
        { "layers spread over partial declarations, one of them broken", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A; } partial class X { [Dense(] DenseLayer B; }" },
    };

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public void Broken_code_never_throws_and_generates_nothing(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        GeneratorHarness.Result result = GeneratorHarness.Run(source); // throws if the generator threw
        Assert.Null(UnguardedPipeline.RunAndGetException(source));
        Assert.True(result.Sources.Count == 0, "Generated for broken code: " + string.Join(", ", result.Sources.Select(s => s.HintName)));
        foreach (Diagnostic d in result.GeneratorDiagnostics)
            Assert.StartsWith("NG", d.Id);
    }

    /// <summary>
    /// Code with errors elsewhere, but whose network is fully determined: the generator may generate
    /// (which keeps the generated members visible in the editor while typing), and must not throw.
    /// </summary>
    public static TheoryData<string, string> HalfTypedValidSources => new()
    {
        { "unfinished [Network]", "using NetGen; [Network(Inputs = 4 partial class X { [Dense(2)] DenseLayer A; }" },
        { "unknown [Dense] argument", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2, Foo = 3)] DenseLayer A; }" },
        { "unknown [Network] argument", "using NetGen; [Network(Inputs = 4, Bogus = 1)] partial class X { [Dense(2)] DenseLayer A; }" },
        { "unterminated member", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A" },
        { "unclosed class", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A;" },
        { "two [Dense] on one member", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] [Dense(3)] DenseLayer A; }" },
        { "two [Network] on one class", "using NetGen; [Network(Inputs = 4)] [Network(Inputs = 5)] partial class X { [Dense(2)] DenseLayer A; }" },
        { "no layers yet", "using NetGen; [Network(Inputs = 4)] partial class X { }" },
        { "only an activation layer", "using NetGen; [Network(Inputs = 4)] partial class X { [ActivationLayer(Activation.ReLU)] ActivationLayer A; }" },
        { "empty partial declaration next to the network", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A; } partial class X { }" },
        { "unrelated broken member", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] DenseLayer A; int B => ; }" },
        { "unrelated unknown attribute", "using NetGen; [Network(Inputs = 4)] partial class X { [Dense(2)] [Obsolete] DenseLayer A; }" },
    };

    [Theory]
    [MemberData(nameof(HalfTypedValidSources))]
    public void Code_being_typed_never_throws(string name, string source)
    {
        Assert.False(string.IsNullOrEmpty(name));
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Null(UnguardedPipeline.RunAndGetException(source));
        foreach (Diagnostic d in result.GeneratorDiagnostics)
            Assert.StartsWith("NG", d.Id);
    }
}
