using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>NG1xxx: layer sizes that cannot work. Errors, reported at the argument that sets the size (the attribute when none does).</summary>
public class ShapeDiagnosticsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NG1001_layer_needs_at_least_one_unit(int units)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense([|{{units}}|], Activation.ReLU)] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1001", $"Layer 'Hidden' has {units} units; a layer needs at least one"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1002_first_layer_inputs_must_match_the_network_inputs()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(16, Activation.ReLU, [|Inputs = 8|])] public readonly DenseLayer Hidden;
                [Dense(2)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1002", "Layer 'Hidden' declares Inputs = 8, but the network input produces 4 features"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1002_layer_inputs_must_match_the_previous_layer()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(16, Activation.ReLU, Inputs = 4)] public readonly DenseLayer Hidden;
                [Dense(2, [|Inputs = 12|])] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1002", "Layer 'Output' declares Inputs = 12, but layer 'Hidden' produces 16 features"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1002_an_activation_layer_passes_its_input_size_through()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(16)] public readonly DenseLayer Hidden;
                [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer HiddenTanh;
                [Dense(2, [|Inputs = 4|])] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1002", "Layer 'Output' declares Inputs = 4, but layer 'HiddenTanh' produces 16 features"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void Shape_errors_are_all_reported_together()
    {
        GeneratorHarness.Result result = Verify("""
            using NetGen;
            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense([|0|])] public readonly DenseLayer Hidden;
                [Dense(8, Inputs = 0)] public readonly DenseLayer Middle;
                [Dense(2, [|Inputs = 9|])] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1001", "Layer 'Hidden' has 0 units; a layer needs at least one", span: 0),
            Expected.Error("NG1002", "Layer 'Output' declares Inputs = 9, but layer 'Middle' produces 8 features", span: 1));
        AssertNothingGenerated(result);
    }

    /// <summary>An image input whose shape is incomplete, or given together with Inputs.</summary>
    [Theory]
    [InlineData("[|InputChannels = 3|], InputHeight = 32",
        "Network 'Net': an image input needs InputChannels, InputHeight and InputWidth, each > 0, but they are 3, 32 and 0")]
    [InlineData("Inputs = 784, [|InputChannels = 1|], InputHeight = 28, InputWidth = 28",
        "Network 'Net': declare either Inputs (a vector of features) or InputChannels, InputHeight and InputWidth (an image), not both")]
    public void NG1005_image_input(string arguments, string message)
    {
        GeneratorHarness.Result result = Verify($$"""
            using NetGen;
            [Network({{arguments}})]
            public partial class Net
            {
                [Dense(10)] public readonly DenseLayer Output;
            }
            """,
            Expected.Error("NG1005", message));
        AssertNothingGenerated(result);
    }
}
