using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// NG2002–NG2005: advice about activations and initialisation. Warnings: the network is still
/// generated and compiles. The activation that follows a dense layer is its fused one or, when it
/// has none, a stand-alone [ActivationLayer] right after it.
/// </summary>
public class DesignAdviceDiagnosticsTests
{
    private const string XavierAdvice = "Kaiming (He) initialisation keeps the variance of ReLU-family activations stable (e.g. Init.KaimingNormal)";
    private const string KaimingAdvice = "Xavier (Glorot) initialisation suits saturating activations (e.g. Init.XavierUniform)";

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
    [InlineData("[Dense(8, [|Activation.Softmax|])] public readonly DenseLayer Hidden;", "Softmax")]
    [InlineData("[Dense(8, [|Activation.LogSoftmax|])] public readonly DenseLayer Hidden;", "LogSoftmax")]
    [InlineData("[Dense(8)] public readonly DenseLayer Pre; [ActivationLayer([|Activation.Softmax|])] public readonly ActivationLayer Hidden;", "Softmax")]
    public void NG2002_softmax_on_a_hidden_layer(string hidden, string activation)
    {
        GeneratorHarness.Result result = Verify(Network(hidden),
            Expected.Warning("NG2002", $"Layer 'Hidden' applies {activation} but is not the output layer; {activation} is meant for the output (use it there, or a ReLU-family activation here)"));
        AssertGeneratedAndCompiles(result);
    }

    [Theory]
    [InlineData("[Dense(3, Activation.Softmax)] public readonly DenseLayer Output;")]
    [InlineData("[Dense(3, Activation.LogSoftmax)] public readonly DenseLayer Output;")]
    [InlineData("[Dense(3)] public readonly DenseLayer Output; [ActivationLayer(Activation.Softmax)] public readonly ActivationLayer Probabilities;")]
    public void NG2002_is_not_reported_on_the_output(string output)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;
                {{output}}
            }
            """);
        AssertGeneratedAndCompiles(result);
    }

    [Theory]
    // Through the fused activation, with the scheme declared in [Dense] or in [WeightInit].
    [InlineData("[Dense(8, Activation.ReLU, [|WeightInit = Init.XavierUniform|])] public readonly DenseLayer Hidden;", "XavierUniform", "ReLU")]
    [InlineData("[Dense(8, Activation.LeakyReLU)] [[|WeightInit(Init.XavierNormal)|]] public readonly DenseLayer Hidden;", "XavierNormal", "LeakyReLU")]
    [InlineData("[Dense(8, Activation.ELU, [|WeightInit = Init.XavierNormal|])] public readonly DenseLayer Hidden;", "XavierNormal", "ELU")]
    [InlineData("[Dense(8, Activation.GELU, [|WeightInit = Init.XavierUniform|])] public readonly DenseLayer Hidden;", "XavierUniform", "GELU")]
    [InlineData("[Dense(8, Activation.SiLU, [|WeightInit = Init.XavierUniform|])] public readonly DenseLayer Hidden;", "XavierUniform", "SiLU")]
    // Through a stand-alone activation layer right after an activation-free dense layer.
    [InlineData("[Dense(8, [|WeightInit = Init.XavierUniform|])] public readonly DenseLayer Hidden; [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer HiddenReLU;", "XavierUniform", "ReLU")]
    [InlineData("[Dense(8)] [[|WeightInit(Init.XavierNormal, Gain = 1.4)|]] public DenseLayer Hidden { get; } [ActivationLayer(Activation.GELU)] public ActivationLayer HiddenGELU { get; }", "XavierNormal", "GELU")]
    public void NG2003_xavier_before_a_relu_family_activation(string hidden, string scheme, string activation)
    {
        GeneratorHarness.Result result = Verify(Network(hidden),
            Expected.Warning("NG2003", $"Layer 'Hidden' uses {scheme} before {activation}; " + XavierAdvice));
        AssertGeneratedAndCompiles(result);
    }

    [Theory]
    [InlineData("[Dense(8, Activation.Sigmoid, [|WeightInit = Init.KaimingUniform|])] public readonly DenseLayer Hidden;", "KaimingUniform", "Sigmoid")]
    [InlineData("[Dense(8, Activation.Tanh)] [[|WeightInit(Init.KaimingNormal, Nonlinearity = Nonlinearity.Tanh)|]] public readonly DenseLayer Hidden;", "KaimingNormal", "Tanh")]
    [InlineData("[Dense(8, [|WeightInit = Init.KaimingNormal|])] public readonly DenseLayer Hidden; [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer HiddenTanh;", "KaimingNormal", "Tanh")]
    [InlineData("[Dense(8)] [[|WeightInit(Init.KaimingUniform)|]] public readonly DenseLayer Hidden; [ActivationLayer(Activation.Sigmoid)] public readonly ActivationLayer HiddenSigmoid;", "KaimingUniform", "Sigmoid")]
    public void NG2004_kaiming_before_sigmoid_or_tanh(string hidden, string scheme, string activation)
    {
        GeneratorHarness.Result result = Verify(Network(hidden),
            Expected.Warning("NG2004", $"Layer 'Hidden' uses {scheme} before {activation}; " + KaimingAdvice));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG2003_NG2004_a_class_level_default_is_reported_on_the_class_attribute_for_each_affected_layer()
    {
        // Second keeps the default (Xavier before Tanh is right); Fourth and Fifth override it.
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            [[|WeightInit(Init.XavierUniform)|]]
            public partial class Net
            {
                [Dense(8, Activation.ReLU)] public readonly DenseLayer First;
                [Dense(8, Activation.Tanh)] public readonly DenseLayer Second;
                [Dense(8)] public readonly DenseLayer Third;
                [ActivationLayer(Activation.SiLU)] public readonly ActivationLayer ThirdSiLU;
                [Dense(8, Activation.ReLU)] [[|WeightInit(Init.KaimingNormal)|]] public readonly DenseLayer Fourth;
                [Dense(8, Activation.Sigmoid, [|WeightInit = Init.KaimingUniform|])] public readonly DenseLayer Fifth;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Warning("NG2003", "Layer 'First' uses XavierUniform before ReLU; " + XavierAdvice, span: 0),
            Expected.Warning("NG2003", "Layer 'Third' uses XavierUniform before SiLU; " + XavierAdvice, span: 0),
            Expected.Warning("NG2004", "Layer 'Fifth' uses KaimingUniform before Sigmoid; " + KaimingAdvice, span: 2));
        AssertGeneratedAndCompiles(result);
    }

    [Theory]
    [InlineData("[Dense(8, Activation.ReLU, WeightInit = Init.KaimingNormal)] public readonly DenseLayer Hidden;")]
    [InlineData("[Dense(8, Activation.Tanh, WeightInit = Init.XavierUniform)] public readonly DenseLayer Hidden;")]
    [InlineData("[Dense(8, WeightInit = Init.XavierUniform)] public readonly DenseLayer Hidden;")]
    [InlineData("[Dense(8, Activation.SELU, WeightInit = Init.KaimingNormal)] public readonly DenseLayer Hidden;")]
    [InlineData("[Dense(8, Activation.ReLU)] public readonly DenseLayer Hidden;")]
    public void NG2003_NG2004_matching_or_default_initialisation_gives_no_advice(string hidden)
    {
        GeneratorHarness.Result result = Verify(Network(hidden));
        AssertGeneratedAndCompiles(result);
    }

    private static string SigmoidStack(int hidden, bool activationLayers = false, string output = "[Dense(1, Activation.Sigmoid)] public readonly DenseLayer Output;")
    {
        var lines = Enumerable.Range(1, hidden).Select(i =>
        {
            string attribute = activationLayers ? $"Dense(8)" : "Dense(8, Activation.Sigmoid)";
            string marked = i == 1 ? "[|" + attribute + "|]" : attribute;
            return $"    [{marked}] public readonly DenseLayer H{i};"
                + (activationLayers ? $"\n    [ActivationLayer(Activation.Sigmoid)] public readonly ActivationLayer S{i};" : "");
        });
        return "using NetGen;\n[Network(Inputs = 4)]\npublic partial class Net\n{\n" + string.Join("\n", lines) + "\n    " + output + "\n}\n";
    }

    private static string StackMessage(int count) =>
        $"Layers 'H1' to 'H{count}' are {count} sigmoid hidden layers in a row; gradients vanish through stacked sigmoids (σ' ≤ 0.25), consider ReLU or Tanh";

    [Fact]
    public void NG2005_four_sigmoid_hidden_layers_in_a_row_are_fine()
    {
        // The sigmoid output layer is not a hidden layer and does not extend the run.
        GeneratorHarness.Result result = Verify(SigmoidStack(4));
        AssertGeneratedAndCompiles(result);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void NG2005_five_or_more_sigmoid_hidden_layers_in_a_row(int count)
    {
        GeneratorHarness.Result result = Verify(SigmoidStack(count), Expected.Warning("NG2005", StackMessage(count)));
        AssertGeneratedAndCompiles(result);
    }

    [Fact]
    public void NG2005_counts_dense_layers_followed_by_a_sigmoid_activation_layer()
    {
        GeneratorHarness.Result four = Verify(SigmoidStack(4, activationLayers: true));
        AssertGeneratedAndCompiles(four);
        GeneratorHarness.Result five = Verify(SigmoidStack(5, activationLayers: true), Expected.Warning("NG2005", StackMessage(5)));
        AssertGeneratedAndCompiles(five);
    }

    [Fact]
    public void NG2005_a_non_sigmoid_layer_breaks_the_run()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Activation.Sigmoid)] public readonly DenseLayer H1;
                [Dense(8, Activation.Sigmoid)] public readonly DenseLayer H2;
                [Dense(8, Activation.Sigmoid)] public readonly DenseLayer H3;
                [Dense(8, Activation.ReLU)] public readonly DenseLayer Break;
                [Dense(8, Activation.Sigmoid)] public readonly DenseLayer H4;
                [Dense(8, Activation.Sigmoid)] public readonly DenseLayer H5;
                [Dense(8, Activation.Sigmoid)] public readonly DenseLayer H6;
                [Dense(1, Activation.Sigmoid)] public readonly DenseLayer Output;
            }
            """);
        AssertGeneratedAndCompiles(result);
    }
}
