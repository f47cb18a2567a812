using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// NG2011: an option that the declared layer, activation or scheme never reads is a warning at that argument (it
/// used to be ignored without a word); the network is still generated.
/// </summary>
public class OptionWithoutEffectDiagnosticsTests
{
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
    [InlineData("[Dense(8, Activation.ReLU, [|NegativeSlope = 0.2|])] public readonly DenseLayer Hidden;",
        "Layer 'Hidden': NegativeSlope has no effect; it is the slope of LeakyReLU, and the activation is ReLU")]
    [InlineData("[ActivationLayer(Activation.SELU, [|Alpha = 2|])] public readonly ActivationLayer Hidden;",
        "Layer 'Hidden': Alpha has no effect; it is the alpha of ELU, and the activation is SELU")]
    [InlineData("[Dense(8, Activation.Tanh, [|Threshold = 10|])] public readonly DenseLayer Hidden;",
        "Layer 'Hidden': Threshold has no effect; it is the threshold of Softplus, and the activation is Tanh")]
    [InlineData("[Dense(8)] [WeightInit(Init.Normal, [|Low = -1|])] public readonly DenseLayer Hidden;",
        "Layer 'Hidden': WeightInit.Low has no effect; Normal uses Mean, Std")]
    [InlineData("[Dense(8)] [WeightInit(Init.Zeros, [|Gain = 2|])] public readonly DenseLayer Hidden;",
        "Layer 'Hidden': WeightInit.Gain has no effect; Zeros takes no arguments")]
    [InlineData("[Dense(8, Bias = false, [|BiasInit = Init.Zeros|])] public readonly DenseLayer Hidden;",
        "Layer 'Hidden': BiasInit has no effect; the layer has no bias (Bias = false)")]
    [InlineData("[Dense(8)] public readonly DenseLayer Hidden; [BatchNorm] [[|WeightInit(Init.Ones)|]] public readonly BatchNormLayer Norm;",
        "Layer 'Norm': [WeightInit] has no effect; [BatchNorm] layers do not read it (only [Dense] layers do)")]
    [InlineData("[Dense(8)] public readonly DenseLayer Hidden; [BatchNorm(CumulativeAverage = true, [|Momentum = 0.2|])] public readonly BatchNormLayer Norm;",
        "Layer 'Norm': Momentum has no effect; CumulativeAverage = true averages every batch equally instead")]
    [InlineData("[Dense(8)] public readonly DenseLayer Hidden; [BatchNorm(TrackRunningStats = false, [|Momentum = 0.2|])] public readonly BatchNormLayer Norm;",
        "Layer 'Norm': Momentum has no effect; TrackRunningStats = false keeps no running statistics")]
    [InlineData("[Dense(8)] public readonly DenseLayer Hidden; [[|BiasInit(Init.Zeros)|]] public int Counter;",
        "Member 'Counter': [BiasInit] has no effect; it is not a layer (only [Dense] layers read it)")]
    public void NG2011_option_without_effect(string hidden, string message)
    {
        GeneratorHarness.Result result = Verify(Network(hidden), Expected.Warning("NG2011", message));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG2011_on_the_class_level_default()
    {
        GeneratorHarness.Result result = Verify(Network("[Dense(8)] public readonly DenseLayer Hidden;", "[WeightInit(Init.XavierUniform, [|Std = 0.5|])]"),
            Expected.Warning("NG2011", "Network 'Net': WeightInit.Std has no effect; XavierUniform uses Gain"));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void Options_that_apply_are_not_reported()
    {
        GeneratorHarness.Result result = Verify(Network(
            "[Dense(8, Activation.LeakyReLU, NegativeSlope = 0.2)] [WeightInit(Init.KaimingNormal, A = 0.2, Nonlinearity = Nonlinearity.LeakyReLU)] public readonly DenseLayer Hidden; "
            + "[BatchNorm(Momentum = 0.2)] public readonly BatchNormLayer Norm; [ActivationLayer(Activation.Softplus, Beta = 2, Threshold = 10)] public readonly ActivationLayer Soft;"));
        AssertGeneratedAndCompiles(result);
    }
}
