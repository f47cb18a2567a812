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

/// <summary>LeNet-5 style: tanh and average pooling (the second with padding, ceil mode, padding not counted). Mirrors lenet().</summary>
[Network(InputChannels = 1, InputHeight = 16, InputWidth = 16, Seed = 6, MaxBatchSize = 4)]
public partial class LeNetNet
{
    [Conv2d(6, 5, Activation.Tanh, Padding = 2)] public readonly Conv2dLayer Conv1;
    [AvgPool2d(2)] public readonly AvgPool2dLayer Pool1;
    [Conv2d(8, 3, Activation.Tanh)] public readonly Conv2dLayer Conv2;
    [AvgPool2d(3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)] public readonly AvgPool2dLayer Pool2;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(16, Activation.Tanh)] public readonly DenseLayer Fc1;
    [Dense(10)] public readonly DenseLayer Output;
}

/// <summary>Conv -> BatchNorm2d -> ReLU -> MaxPool twice (the second pool stride 1, padded), global average pool. Mirrors conv_bn().</summary>
[Network(InputChannels = 3, InputHeight = 12, InputWidth = 12, Seed = 7, MaxBatchSize = 4)]
public partial class ConvBnNet
{
    [Conv2d(8, 3, Padding = 1, Bias = false)] public readonly Conv2dLayer Conv1;
    [BatchNorm2d] public readonly BatchNormLayer Bn1;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
    [Conv2d(8, 3, Bias = false)] public readonly Conv2dLayer Conv2;
    [BatchNorm2d] public readonly BatchNormLayer Bn2;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu2;
    [MaxPool2d(3, Stride = 1, Padding = 1)] public readonly MaxPool2dLayer Pool2;
    [AdaptiveAvgPool2d(1)] public readonly AdaptiveAvgPool2dLayer Gap;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(10)] public readonly DenseLayer Output;
}

/// <summary>Every image layer that draws random numbers or depends on the mode: Dropout2d and BatchNorm2d, for the gradient check.</summary>
[Network(InputChannels = 2, InputHeight = 5, InputWidth = 5, Seed = 8, MaxBatchSize = 6)]
public partial class ChannelDropoutNet
{
    [Conv2d(4, 3, Activation.Tanh, Padding = 1)] public readonly Conv2dLayer Conv;
    [Dropout2d(0.4)] public readonly Dropout2dLayer Drop;
    [BatchNorm2d] public readonly BatchNormLayer Norm;
    [MaxPool2d(2, CeilMode = true)] public readonly MaxPool2dLayer Pool;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(3)] public readonly DenseLayer Output;
}

/// <summary>
/// Convolutions right before max pools whose windows lie inside the maps, which ForwardNoGrad runs as one fused call
/// (ReLU and no activation, a 2×2 pool and a 3×3 stride-2 one, a stride-2 convolution that takes the im2col path).
/// </summary>
[Network(InputChannels = 3, InputHeight = 15, InputWidth = 14, Seed = 9, MaxBatchSize = 8)]
public partial class ConvPoolNet
{
    [Conv2d(9, 3, Activation.ReLU, Padding = 1)] public readonly Conv2dLayer Conv1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
    [Conv2d(10, 3)] public readonly Conv2dLayer Conv2;
    [MaxPool2d(3, Stride = 2)] public readonly MaxPool2dLayer Pool2;
    [Conv2d(4, 1, Activation.ReLU, Stride = 2)] public readonly Conv2dLayer Conv3;
    [MaxPool2d(1)] public readonly MaxPool2dLayer Pool3;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(3)] public readonly DenseLayer Output;
}
