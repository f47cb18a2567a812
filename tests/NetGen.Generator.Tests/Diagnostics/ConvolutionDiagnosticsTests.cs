using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using static NetGen.Generator.Tests.Diagnostics.DiagnosticVerifier;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Image shapes are inferred layer by layer at compile time; a layer that cannot take the shape it is given, or a
/// window that does not fit, is an error naming the layers and the numbers, at the argument when one is to blame.
/// </summary>
public class ConvolutionDiagnosticsTests
{
    private static string Network(string layers, string input = "InputChannels = 1, InputHeight = 28, InputWidth = 28") => $$"""
        using NetGen;
        [Network({{input}})]
        public partial class Net
        {
            {{layers}}
        }
        """;

    [Fact]
    public void NG1006_dense_after_an_image_needs_flatten()
    {
        GeneratorHarness.Result result = Verify(Network("""
            [Conv2d(4, 5)] public readonly Conv2dLayer Conv;
            [[|Dense(10)|]] public readonly DenseLayer Output;
            """),
            Expected.Error("NG1006", "Layer 'Output' (Dense) needs a vector of features, but layer 'Conv' gives the image [4, 24, 24]; add a [Flatten] layer before it (PyTorch needs nn.Flatten there too)"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1006_on_the_network_input_and_for_softmax_and_batch_norm()
    {
        GeneratorHarness.Result result = Verify(Network("""
            [[|BatchNorm|]] public readonly BatchNormLayer Norm;
            [[|ActivationLayer(Activation.Softmax)|]] public readonly ActivationLayer Soft;
            """),
            Expected.Error("NG1006", "Layer 'Norm' (BatchNorm; use [BatchNorm2d] for feature maps) needs a vector of features, but the network input gives the image [1, 28, 28]; add a [Flatten] layer before it (PyTorch needs nn.Flatten there too)", span: 0),
            Expected.Error("NG1006", "Layer 'Soft' (Softmax) needs a vector of features, but layer 'Norm' gives the image [1, 28, 28]; add a [Flatten] layer before it (PyTorch needs nn.Flatten there too)", span: 1));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1007_image_layers_after_a_vector()
    {
        GeneratorHarness.Result result = Verify(Network("""
            [Flatten] public readonly FlattenLayer Flat;
            [[|Flatten|]] public readonly FlattenLayer Again;
            [[|Conv2d(4, 3)|]] public readonly Conv2dLayer Conv;
            [[|MaxPool2d(2)|]] public readonly MaxPool2dLayer Pool;
            [[|BatchNorm2d|]] public readonly BatchNormLayer Norm;
            [Dense(10)] public readonly DenseLayer Output;
            """),
            Expected.Error("NG1007", "Layer 'Again' (Flatten) needs an image [channels, height, width], but layer 'Flat' gives [784]", span: 0),
            Expected.Error("NG1007", "Layer 'Conv' (Conv2d) needs an image [channels, height, width], but layer 'Again' gives [784]", span: 1),
            Expected.Error("NG1007", "Layer 'Pool' (MaxPool2d) needs an image [channels, height, width], but layer 'Conv' gives [784]", span: 2),
            Expected.Error("NG1007", "Layer 'Norm' (BatchNorm2d) needs an image [channels, height, width], but layer 'Pool' gives [784]", span: 3));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1008_a_kernel_larger_than_its_padded_input()
    {
        GeneratorHarness.Result result = Verify(Network("""
            [Conv2d(8, 5, Activation.ReLU)] public readonly Conv2dLayer Conv1;
            [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
            [Conv2d(16, 5)] public readonly Conv2dLayer Conv2;
            [MaxPool2d(2)] public readonly MaxPool2dLayer Pool2;
            [Conv2d(16, [|5|])] public readonly Conv2dLayer Conv3;
            [Flatten] public readonly FlattenLayer Flat;
            [Dense(10)] public readonly DenseLayer Output;
            """),
            Expected.Error("NG1008", "Layer 'Conv3' (Conv2d, kernel 5, stride 1, padding 0, dilation 1) needs at least 5×5 but layer 'Pool2' gives 4×4"));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG1008_a_pool_window_larger_than_its_input()
    {
        GeneratorHarness.Result result = Verify(Network("""
            [AvgPool2d([|8|], Stride = 1)] public readonly AvgPool2dLayer Pool;
            [Flatten] public readonly FlattenLayer Flat;
            """, "InputChannels = 3, InputHeight = 5, InputWidth = 7"),
            Expected.Error("NG1008", "Layer 'Pool' (AvgPool2d, kernel 8, stride 1, padding 0) needs at least 8×8 but the network input gives 5×7"));
        AssertNothingGenerated(result);
    }

    [Theory]
    [InlineData("[Conv2d(8, 3, [|Stride = 0|])] public readonly Conv2dLayer C;", "Layer 'C': Stride = 0 is invalid; it must be ≥ 1")]
    [InlineData("[Conv2d(8, 3, [|DilationWidth = -1|])] public readonly Conv2dLayer C;", "Layer 'C': DilationWidth = -1 is invalid; it must be ≥ 1")]
    [InlineData("[Conv2d(8, [|0|])] public readonly Conv2dLayer C;", "Layer 'C': KernelSize = 0 is invalid; it must be ≥ 1")]
    [InlineData("[Conv2d([|0|], 3)] public readonly Conv2dLayer C;", "Layer 'C': OutChannels = 0 is invalid; a convolution needs at least one output channel")]
    [InlineData("[Conv2d(9, 3, [|Groups = 2|])] public readonly Conv2dLayer C;", "Layer 'C': Groups = 2 is invalid; the input channels (4) and output channels (9) must both be divisible by it")]
    [InlineData("[MaxPool2d(3, [|Padding = 2|])] public readonly MaxPool2dLayer P;", "Layer 'P': Padding = 2 is invalid; pad should be at most half of effective kernel size (3×3), as PyTorch requires")]
    [InlineData("[Conv2d(8, 3, Stride = 2, [|SamePadding = true|])] public readonly Conv2dLayer C;", "Layer 'C': SamePadding = true is invalid; PyTorch allows padding='same' only with stride 1")]
    [InlineData("[Conv2d(8, 4, [|SamePadding = true|])] public readonly Conv2dLayer C;", "Layer 'C': SamePadding = true is invalid; an even effective kernel needs uneven padding (PyTorch pads one more on the right), which NetGen does not support; use an odd kernel")]
    [InlineData("[AdaptiveAvgPool2d([|2|])] public readonly AdaptiveAvgPool2dLayer P;", "Layer 'P': OutputSize = 2 is invalid; NetGen supports output size 1 (global average pooling)")]
    public void NG2001_invalid_window_arguments(string layer, string message)
    {
        GeneratorHarness.Result result = Verify(Network(layer + " [Flatten] public readonly FlattenLayer Flat;", "InputChannels = 4, InputHeight = 9, InputWidth = 9"),
            Expected.Error("NG2001", message));
        AssertNothingGenerated(result);
    }

    [Fact]
    public void NG2001_softmax_on_a_feature_map()
    {
        GeneratorHarness.Result result = Verify(Network("[Conv2d(8, 3, [|Activation.Softmax|])] public readonly Conv2dLayer C; [Flatten] public readonly FlattenLayer Flat;"),
            Expected.Error("NG2001", "Layer 'C': Activation = Softmax is invalid; a softmax over a feature map is not supported (PyTorch's Softmax(dim=1) normalises over channels per position); flatten and use a Dense layer"),
            Expected.Warning("NG2002", "Layer 'C' applies Softmax but is not the output layer; Softmax is meant for the output (use it there, or a ReLU-family activation here)"));
        AssertNothingGenerated(result);
    }

    /// <summary>Input 2, kernel 2, padding 1, dilation 3: the first window's taps are at −1 and 2, both outside.</summary>
    [Fact]
    public void NG2001_a_max_pool_window_of_padding_only()
    {
        GeneratorHarness.Result result = Verify(Network("[MaxPool2d(2, Stride = 1, Padding = 1, [|Dilation = 3|])] public readonly MaxPool2dLayer P; [Flatten] public readonly FlattenLayer Flat;",
            "InputChannels = 1, InputHeight = 2, InputWidth = 2"),
            Expected.Error("NG2001", "Layer 'P': Dilation = 3 is invalid; with this padding and dilation a window holds only padding (PyTorch's max pool would return -inf there); use a smaller dilation or padding"));
        AssertNothingGenerated(result);
    }
}
