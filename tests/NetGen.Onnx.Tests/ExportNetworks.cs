using NetGen;

namespace NetGen.Onnx.Tests;

/// <summary>Every activation, fused into Dense layers (non-default hyper-parameters where they exist), then Softmax.</summary>
[Network(Inputs = 7, Seed = 11, MaxBatchSize = 8)]
public partial class ActivationsNet
{
    [Dense(12, Activation.ReLU)] public readonly DenseLayer Relu;
    [Dense(12, Activation.LeakyReLU, NegativeSlope = 0.2)] public readonly DenseLayer Leaky;
    [Dense(12, Activation.ELU, Alpha = 0.7)] public readonly DenseLayer Elu;
    [Dense(12, Activation.SELU)] public readonly DenseLayer Selu;
    [Dense(12, Activation.GELU)] public readonly DenseLayer Gelu;
    [Dense(12, Activation.SiLU)] public readonly DenseLayer Silu;
    [Dense(12, Activation.Softplus, Beta = 2, Threshold = 1.5)] public readonly DenseLayer Soft;
    [Dense(12, Activation.Softplus)] public readonly DenseLayer SoftDefault;
    [Dense(12, Activation.Sigmoid)] public readonly DenseLayer Sigmoid;
    [Dense(12, Activation.Tanh, Bias = false)] public readonly DenseLayer Tanh;
    [Dense(5)] public readonly DenseLayer Logits;
    [ActivationLayer(Activation.Softmax)] public readonly ActivationLayer Probabilities;
}

/// <summary>The stateful and regularising layers on feature vectors, each option that changes evaluation.</summary>
[Network(Inputs = 6, Seed = 12, MaxBatchSize = 8)]
public partial class StatefulNet
{
    [Dense(10)] public readonly DenseLayer Hidden;
    [BatchNorm(Epsilon = 1e-3)] public readonly BatchNormLayer Norm;
    [ActivationLayer(Activation.LeakyReLU, NegativeSlope = 0.3)] public readonly ActivationLayer Act;
    [Dropout(0.3)] public readonly DropoutLayer Drop;
    [Dense(9)] public readonly DenseLayer Hidden2;
    [BatchNorm(Affine = false, CumulativeAverage = true)] public readonly BatchNormLayer PlainNorm;
    [LayerNorm(Epsilon = 1e-4)] public readonly LayerNormLayer Layer;
    [PReLU(NumParameters = 9)] public readonly PReLULayer Prelu;
    [Dense(8)] public readonly DenseLayer Hidden3;
    [LayerNorm(ElementwiseAffine = false)] public readonly LayerNormLayer PlainLayer;
    [PReLU] public readonly PReLULayer SharedPrelu;
    [RReLU(Lower = 0.1, Upper = 0.3)] public readonly RReLULayer Random;
    [Dense(3)] public readonly DenseLayer Output;
    [ActivationLayer(Activation.LogSoftmax)] public readonly ActivationLayer LogProbabilities;
}

/// <summary>The image layers with their options: padding, stride, dilation, groups, pools with padding and ceil mode.</summary>
[Network(InputChannels = 3, InputHeight = 13, InputWidth = 12, Seed = 13, MaxBatchSize = 8)]
public partial class ImageNet
{
    [Conv2d(8, 3, Padding = 1)] public readonly Conv2dLayer Conv1;
    [BatchNorm2d(Epsilon = 1e-3)] public readonly BatchNormLayer Norm1;
    [ActivationLayer(Activation.ELU, Alpha = 0.5)] public readonly ActivationLayer Act1;
    [MaxPool2d(3, Stride = 2, Padding = 1, CeilMode = true)] public readonly MaxPool2dLayer Pool1;
    [Conv2d(8, 3, KernelWidth = 2, StrideHeight = 2, DilationWidth = 2, Groups = 2, Bias = false)] public readonly Conv2dLayer Conv2;
    [PReLU] public readonly PReLULayer Prelu;
    [Dropout2d(0.2)] public readonly Dropout2dLayer Drop;
    [AvgPool2d(2, Stride = 1, Padding = 1, CountIncludePad = false)] public readonly AvgPool2dLayer Pool2;
    [Conv2d(6, 1, Activation.Tanh)] public readonly Conv2dLayer Conv3;
    [AvgPool2d(2, CeilMode = true)] public readonly AvgPool2dLayer Pool3;
    [AdaptiveAvgPool2d(1)] public readonly AdaptiveAvgPool2dLayer Gap;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(4)] public readonly DenseLayer Output;
}

/// <summary>A LeNet-like image classifier: conv, ReLU, max pool twice, flatten, two dense layers.</summary>
[Network(InputChannels = 1, InputHeight = 28, InputWidth = 28, Seed = 14, MaxBatchSize = 8)]
public partial class SmallCnn
{
    [Conv2d(6, 5, Activation.ReLU)] public readonly Conv2dLayer Conv1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
    [Conv2d(12, 5, Activation.ReLU)] public readonly Conv2dLayer Conv2;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool2;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(32, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dense(10)] public readonly DenseLayer Output;
}

/// <summary>Batch norm that normalizes with each batch's statistics in evaluation too: no ONNX form.</summary>
[Network(Inputs = 4, Seed = 15, MaxBatchSize = 4)]
public partial class BatchStatisticsNet
{
    [Dense(5)] public readonly DenseLayer Hidden;
    [BatchNorm(TrackRunningStats = false)] public readonly BatchNormLayer Norm;
    [Dense(2)] public readonly DenseLayer Output;
}

/// <summary>torch_mlp.onnx's architecture (Fixtures/generate.py), declared in C#.</summary>
[Network(Inputs = 6, Seed = 16, MaxBatchSize = 8)]
public partial class TorchMlp
{
    [Dense(10, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dense(8, Activation.Tanh)] public readonly DenseLayer Hidden2;
    [Dense(3)] public readonly DenseLayer Output;
}

/// <summary>The same with a Sigmoid where torch has Tanh: the import must refuse it.</summary>
[Network(Inputs = 6, Seed = 16, MaxBatchSize = 8)]
public partial class WrongActivationMlp
{
    [Dense(10, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dense(8, Activation.Sigmoid)] public readonly DenseLayer Hidden2;
    [Dense(3)] public readonly DenseLayer Output;
}

/// <summary>torch_cnn.onnx's architecture (Fixtures/generate.py), declared in C#.</summary>
[Network(InputChannels = 1, InputHeight = 8, InputWidth = 8, Seed = 17, MaxBatchSize = 8)]
public partial class TorchCnn
{
    [Conv2d(4, 3, Activation.ReLU, Padding = 1)] public readonly Conv2dLayer Conv1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool;
    [Conv2d(6, 3)] public readonly Conv2dLayer Conv2;
    [BatchNorm2d] public readonly BatchNormLayer Norm;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(5)] public readonly DenseLayer Output;
}
