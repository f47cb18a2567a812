using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// Convolutions only: padding, a rectangular kernel with per-axis stride and dilation, groups without bias, fused
/// ReLU and Tanh, then Flatten and a dense head. Mirrors conv_stack() in Fixtures/cnn/generate.py.
/// </summary>
[Network(InputChannels = 2, InputHeight = 9, InputWidth = 8, Seed = 5, MaxBatchSize = 3)]
public partial class ConvStackNet
{
    [Conv2d(4, 3, Activation.ReLU, Padding = 1)] public readonly Conv2dLayer Conv1;
    [Conv2d(6, 3, KernelWidth = 2, StrideHeight = 2, DilationWidth = 2)] public readonly Conv2dLayer Conv2;
    [Conv2d(6, 3, Activation.Tanh, Padding = 1, Groups = 3, Bias = false)] public readonly Conv2dLayer Conv3;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(5)] public readonly DenseLayer Output;
}
