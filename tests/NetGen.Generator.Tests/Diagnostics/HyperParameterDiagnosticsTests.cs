using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// NG2001: an activation or initialisation argument outside its domain, and NG2006 / NG2007, the
/// other design errors. Activation arguments are reported on the layer attribute, initialisation
/// arguments on the attribute that declared the scheme.
/// </summary>
public class HyperParameterDiagnosticsTests
{
    private const string BiasRule = "fan-in and fan-out are not defined for a 1-D bias (PyTorch raises an error); use Default, Zeros, Constant, Uniform or Normal";

    private static string Network(string hidden, string classAttributes = "") => $$"""
        using NetGen;
        {{classAttributes}}
        [Network(Inputs = 4)]
        public partial class Net
        {
            {{hidden}}
            [Dense(2)] public readonly DenseLayer Output;
        }
        """;

    [Theory]
    // Activation arguments.
    [InlineData("[Dense(8, Activation.LeakyReLU, [|NegativeSlope = -0.1|])] public readonly DenseLayer Hidden;",
        "NegativeSlope = -0.1 is invalid; the slope of LeakyReLU must be ≥ 0")]
    [InlineData("[Dense(8, Activation.LeakyReLU, [|NegativeSlope = double.NaN|])] public readonly DenseLayer Hidden;",
        "NegativeSlope = NaN is invalid; the slope of LeakyReLU must be ≥ 0")]
    [InlineData("[Dense(8)] public readonly DenseLayer Pre; [ActivationLayer(Activation.LeakyReLU, [|NegativeSlope = -1|])] public readonly ActivationLayer Hidden;",
        "NegativeSlope = -1 is invalid; the slope of LeakyReLU must be ≥ 0")]
    [InlineData("[Dense(8, Activation.ELU, [|Alpha = 0|])] public readonly DenseLayer Hidden;",
        "Alpha = 0 is invalid; alpha of ELU must be > 0")]
    [InlineData("[Dense(8, Activation.ELU, [|Alpha = -1.5|])] public readonly DenseLayer Hidden;",
        "Alpha = -1.5 is invalid; alpha of ELU must be > 0")]
    [InlineData("[Dense(8, Activation.Softplus, [|Beta = 0|])] public readonly DenseLayer Hidden;",
        "Beta = 0 is invalid; beta of Softplus must be > 0")]
    [InlineData("[Dense(8, Activation.Softplus, [|Threshold = -20|])] public readonly DenseLayer Hidden;",
        "Threshold = -20 is invalid; the threshold of Softplus must be > 0")]
    [InlineData("[Dense(8, [|(Activation)99|])] public readonly DenseLayer Hidden;",
        "Activation = 99 is invalid; it is not a member of NetGen.Activation")]
    // Initialisation arguments, on the attribute that declares them.
    [InlineData("[Dense(8)] [WeightInit(Init.Uniform, [|Low = 1|], High = 1)] public readonly DenseLayer Hidden;",
        "WeightInit.Low = 1 is invalid; Uniform needs Low < High, but High = 1")]
    [InlineData("[Dense(8)] [BiasInit(Init.Uniform, [|Low = 0.5|], High = -0.5)] public readonly DenseLayer Hidden;",
        "BiasInit.Low = 0.5 is invalid; Uniform needs Low < High, but High = -0.5")]
    [InlineData("[Dense(8)] [WeightInit(Init.Normal, [|Std = 0|])] public readonly DenseLayer Hidden;",
        "WeightInit.Std = 0 is invalid; Normal needs a standard deviation > 0")]
    [InlineData("[Dense(8)] [BiasInit(Init.Normal, Mean = 1, [|Std = -0.01|])] public readonly DenseLayer Hidden;",
        "BiasInit.Std = -0.01 is invalid; Normal needs a standard deviation > 0")]
    [InlineData("[Dense(8)] [WeightInit(Init.XavierUniform, [|Gain = 0|])] public readonly DenseLayer Hidden;",
        "WeightInit.Gain = 0 is invalid; the gain must be > 0")]
    [InlineData("[Dense(8)] [WeightInit(Init.XavierNormal, [|Gain = -2|])] public readonly DenseLayer Hidden;",
        "WeightInit.Gain = -2 is invalid; the gain must be > 0")]
    [InlineData("[Dense(8)] [WeightInit(Init.KaimingUniform, [|A = -0.5|])] public readonly DenseLayer Hidden;",
        "WeightInit.A = -0.5 is invalid; the leaky ReLU slope a must be ≥ 0")]
    [InlineData("[Dense(8)] [WeightInit(Init.KaimingNormal, [|A = -1|])] public readonly DenseLayer Hidden;",
        "WeightInit.A = -1 is invalid; the leaky ReLU slope a must be ≥ 0")]
    [InlineData("[Dense(8)] [[|WeightInit((Init)42)|]] public readonly DenseLayer Hidden;",
        "WeightInit = 42 is invalid; it is not a member of NetGen.Init")]
    [InlineData("[Dense(8, [|WeightInit = (Init)42|])] public readonly DenseLayer Hidden;",
        "WeightInit = 42 is invalid; it is not a member of NetGen.Init")]
    // Fan-based schemes are undefined for a bias, however they are declared.
    [InlineData("[Dense(8)] [[|BiasInit(Init.XavierUniform)|]] public readonly DenseLayer Hidden;", "BiasInit = XavierUniform is invalid; " + BiasRule)]
    [InlineData("[Dense(8)] [[|BiasInit(Init.XavierNormal)|]] public readonly DenseLayer Hidden;", "BiasInit = XavierNormal is invalid; " + BiasRule)]
    [InlineData("[Dense(8)] [[|BiasInit(Init.KaimingUniform)|]] public readonly DenseLayer Hidden;", "BiasInit = KaimingUniform is invalid; " + BiasRule)]
    [InlineData("[Dense(8)] [[|BiasInit(Init.KaimingNormal)|]] public readonly DenseLayer Hidden;", "BiasInit = KaimingNormal is invalid; " + BiasRule)]
    [InlineData("[Dense(8, [|BiasInit = Init.KaimingNormal|])] public readonly DenseLayer Hidden;", "BiasInit = KaimingNormal is invalid; " + BiasRule)]
    // Values validated as the floats the generated code and the weights use (issue 15).
    [InlineData("[Dense(8, Activation.LeakyReLU, [|NegativeSlope = 1e39|])] public readonly DenseLayer Hidden;",
        "NegativeSlope = 1E+39 is invalid; it is beyond float's range (±3.4028235E+38), where the generated code uses it")]
    [InlineData("[Dense(8, Activation.Softplus, [|Beta = 1e-50|])] public readonly DenseLayer Hidden;",
        "Beta = 1E-50 is invalid; beta of Softplus must be > 0 (the generated code uses it as the float 0)")]
    [InlineData("[Dense(8)] [WeightInit(Init.Constant, [|Value = double.NaN|])] public readonly DenseLayer Hidden;",
        "WeightInit.Value = NaN is invalid; it must be a finite number")]
    [InlineData("[Dense(8)] [BiasInit(Init.Uniform, [|Low = -1e39|], High = 0)] public readonly DenseLayer Hidden;",
        "BiasInit.Low = -1E+39 is invalid; it is beyond float's range (±3.4028235E+38), where the generated code uses it")]
    [InlineData("[Dense(8)] [WeightInit(Init.KaimingNormal, [|Mode = (FanMode)7|])] public readonly DenseLayer Hidden;",
        "WeightInit.Mode = 7 is invalid; it is not a member of NetGen.FanMode")]
    [InlineData("[Dense(8)] [WeightInit(Init.KaimingUniform, [|Nonlinearity = (Nonlinearity)42|])] public readonly DenseLayer Hidden;",
        "WeightInit.Nonlinearity = 42 is invalid; it is not a member of NetGen.Nonlinearity")]
    public void NG2001_invalid_hyper_parameter_on_a_layer(string hidden, string rule)
    {
        GeneratorHarness.Result result = Verify(Network(hidden), Expected.Error("NG2001", "Layer 'Hidden': " + rule));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG2001_a_fan_based_bias_default_on_the_class_is_reported_for_every_layer_with_a_bias()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            [[|BiasInit(Init.XavierUniform)|]]
            public partial class Net
            {
                [Dense(8, Activation.Tanh)] public readonly DenseLayer Hidden;
                [Dense(8, Activation.Tanh, Bias = false)] public readonly DenseLayer NoBias;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG2001", "Layer 'Hidden': BiasInit = XavierUniform is invalid; " + BiasRule),
            Expected.Error("NG2001", "Layer 'Output': BiasInit = XavierUniform is invalid; " + BiasRule));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG2001_an_invalid_bias_init_is_ignored_when_the_layer_has_no_bias()
    {
        // Not NG2001 (the scheme is never used), but NG2011: it has no effect.
        GeneratorHarness.Result result = Verify(Network("[Dense(8, Bias = false)] [[|BiasInit(Init.KaimingNormal)|]] public readonly DenseLayer Hidden;"),
            Expected.Warning("NG2011", "Layer 'Hidden': [BiasInit] has no effect; the layer has no bias (Bias = false)"));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG2001_reports_each_invalid_argument_of_a_layer()
    {
        GeneratorHarness.Result result = Verify(Network(
            "[Dense(8, Activation.Softplus, [|Beta = 0|], [|Threshold = 0|])] [WeightInit(Init.Normal, [|Std = 0|])] [BiasInit(Init.Uniform, [|Low = 2|])] public readonly DenseLayer Hidden;"),
            Expected.Error("NG2001", "Layer 'Hidden': Beta = 0 is invalid; beta of Softplus must be > 0", span: 0),
            Expected.Error("NG2001", "Layer 'Hidden': Threshold = 0 is invalid; the threshold of Softplus must be > 0", span: 1),
            Expected.Error("NG2001", "Layer 'Hidden': WeightInit.Std = 0 is invalid; Normal needs a standard deviation > 0", span: 2),
            Expected.Error("NG2001", "Layer 'Hidden': BiasInit.Low = 2 is invalid; Uniform needs Low < High, but High = 1", span: 3));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("[Dense(8, [|Activation.PReLU|])] public readonly DenseLayer Hidden;", "PReLU")]
    [InlineData("[Dense(8, [|Activation.RReLU|])] public readonly DenseLayer Hidden;", "RReLU")]
    [InlineData("[Dense(8)] public readonly DenseLayer Pre; [ActivationLayer([|Activation.PReLU|])] public readonly ActivationLayer Hidden;", "PReLU")]
    [InlineData("[Dense(8)] public readonly DenseLayer Pre; [ActivationLayer([|Activation.RReLU|])] public readonly ActivationLayer Hidden;", "RReLU")]
    public void NG2006_reserved_activation_needs_a_layer_of_its_own(string hidden, string activation)
    {
        GeneratorHarness.Result result = Verify(Network(hidden),
            Expected.Error("NG2006", $"Layer 'Hidden' uses {activation}, which has learnable or random state; declare it as a layer of its own with [{activation}]"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("[Dense(8, [|WeightInit = Init.Zeros|])] [WeightInit(Init.Ones)] public readonly DenseLayer Hidden;", "WeightInit")]
    [InlineData("[BiasInit(Init.Constant, Value = 0.1)] [Dense(8, [|BiasInit = Init.Zeros|])] public readonly DenseLayer Hidden;", "BiasInit")]
    public void NG2007_initialisation_declared_twice(string hidden, string what)
    {
        GeneratorHarness.Result result = Verify(Network(hidden),
            Expected.Error("NG2007", $"Layer 'Hidden' sets {what} both in [Dense] and with [{what}]; keep one"));
        AssertNothingGenerated(result);
    }
}
