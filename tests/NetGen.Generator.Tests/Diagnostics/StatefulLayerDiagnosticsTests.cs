using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Rules of the stateful layers: NG2001 for their hyper-parameters, NG0007 for their member types,
/// NG2008 (Dropout/BatchNorm after the output layer) and NG2009 (BatchNorm right before a Softmax output).
/// </summary>
public class StatefulLayerDiagnosticsTests
{
    private static string Network(string layers) => $$"""
        using NetGen;
        [Network(Inputs = 4)]
        public partial class Net
        {
            [Dense(8)] public readonly DenseLayer Hidden;
            {{layers}}
            [Dense(2)] public readonly DenseLayer Output;
        }
        """;

    [Theory]
    [InlineData("[Dropout([|1.0|])] public readonly DropoutLayer L;", "P = 1 is invalid; the drop probability must be in [0, 1)")]
    [InlineData("[Dropout([|-0.1|])] public readonly DropoutLayer L;", "P = -0.1 is invalid; the drop probability must be in [0, 1)")]
    [InlineData("[BatchNorm([|Epsilon = 0|])] public readonly BatchNormLayer L;", "Epsilon = 0 is invalid; epsilon must be > 0")]
    [InlineData("[BatchNorm([|Momentum = 1.5|])] public readonly BatchNormLayer L;", "Momentum = 1.5 is invalid; momentum must be in [0, 1]")]
    [InlineData("[LayerNorm([|Epsilon = -1e-5|])] public readonly LayerNormLayer L;", "Epsilon = -1E-05 is invalid; epsilon must be > 0")]
    [InlineData("[RReLU([|Lower = 0.5|], Upper = 0.25)] public readonly RReLULayer L;", "Lower = 0.5 is invalid; lower must not exceed upper (0.25)")]
    [InlineData("[PReLU([|NumParameters = 3|])] public readonly PReLULayer L;", "NumParameters = 3 is invalid; it must be 1 or the feature count (8)")]
    // Validated as the float the generated code uses (issue 15): 0.99999999999 is 1f, 1e-50 is 0f, 1e39 is +∞.
    [InlineData("[Dropout([|0.99999999999|])] public readonly DropoutLayer L;", "P = 0.99999999999 is invalid; the drop probability must be in [0, 1) (the generated code uses it as the float 1)")]
    [InlineData("[BatchNorm([|Epsilon = 1e-50|])] public readonly BatchNormLayer L;", "Epsilon = 1E-50 is invalid; epsilon must be > 0 (the generated code uses it as the float 0)")]
    [InlineData("[LayerNorm([|Epsilon = double.PositiveInfinity|])] public readonly LayerNormLayer L;", "Epsilon = Infinity is invalid; it must be finite")]
    [InlineData("[PReLU([|Init = 1e39|])] public readonly PReLULayer L;", "Init = 1E+39 is invalid; it is beyond float's range (±3.4028235E+38), where the generated code uses it")]
    [InlineData("[RReLU([|Lower = double.NegativeInfinity|])] public readonly RReLULayer L;", "Lower = -Infinity is invalid; it must be finite")]
    [InlineData("[Dropout([|double.NaN|])] public readonly DropoutLayer L;", "P = NaN is invalid; the drop probability must be in [0, 1)")]
    public void NG2001_invalid_stateful_hyper_parameters(string layer, string message)
    {
        GeneratorHarness.Result result = Verify(Network(layer), Expected.Error("NG2001", "Layer 'L': " + message));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG0007_stateful_layer_with_the_wrong_member_type()
    {
        GeneratorHarness.Result result = Verify(Network("[BatchNorm] public readonly DenseLayer [|L|];"),
            Expected.Error("NG0007", "Layer 'L' is declared as 'NetGen.DenseLayer' but a [BatchNorm] layer must be of type 'BatchNormLayer'"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("[[|Dropout(0.2)|]] public readonly DropoutLayer After;", "Dropout")]
    [InlineData("[[|BatchNorm|]] public readonly BatchNormLayer After;", "BatchNorm")]
    public void NG2008_dropout_or_batchnorm_after_the_output_layer(string layer, string kind)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer Output;
                {{layer}}
            }
            """,
            Expected.Warning("NG2008", $"Layer 'After' ({kind}) comes after the output layer 'Output'; it would perturb or rescale the network's predictions, move it before 'Output'"));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG2009_batchnorm_directly_before_a_softmax_output()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(3)] public readonly DenseLayer Output;
                [[|BatchNorm|]] public readonly BatchNormLayer Norm;
                [ActivationLayer(Activation.Softmax)] public readonly ActivationLayer Probabilities;
            }
            """,
            // Only the specific NG2009, not NG2008 as well (issue 15).
            Expected.Warning("NG2009", "Layer 'Norm' normalises the logits right before the Softmax output, which limits how confident the predictions can become; put BatchNorm before the last dense layer instead"));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG2010_batchnorm_in_a_network_whose_max_batch_size_is_1()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4, MaxBatchSize = 1)]
            public partial class Net
            {
                [Dense(8)] public readonly DenseLayer Hidden;
                [BatchNorm] public readonly BatchNormLayer [|Norm|];
                [LayerNorm] public readonly LayerNormLayer Ln;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Warning("NG2010", "Layer 'Norm' (BatchNorm) normalises with the statistics of the batch in training mode, which needs more than one sample, but network 'Net' has MaxBatchSize = 1; every training step would throw (raise MaxBatchSize, or use LayerNorm)"));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void Recommended_stack_is_clean()
    {
        GeneratorHarness.Result result = Verify(Network("""
            [BatchNorm] public readonly BatchNormLayer Norm;
            [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu;
            [Dropout(0.5)] public readonly DropoutLayer Drop;
            [LayerNorm] public readonly LayerNormLayer Ln;
            [PReLU(NumParameters = 8)] public readonly PReLULayer P;
            [RReLU] public readonly RReLULayer R;
            """));
        AssertGeneratedAndCompiles(result);
    }
}
