using NetGen;

namespace FashionMnist;

/// <summary>
/// Two Conv2d -> BatchNorm2d -> ReLU -> MaxPool2d blocks (the course notes' order: normalise before the activation,
/// pool after it), then a dense head with dropout (dropout after the convolutions, not between them).
/// </summary>
[Network(InputChannels = 1, InputHeight = 28, InputWidth = 28, Seed = 1, MaxBatchSize = 64)]
public partial class FashionNet
{
    [Conv2d(32, 3, Padding = 1, Bias = false)] public readonly Conv2dLayer Conv1;      // [32, 28, 28]
    [BatchNorm2d] public readonly BatchNormLayer Norm1;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;                              // [32, 14, 14]
    [Conv2d(64, 3, Padding = 1, Bias = false)] public readonly Conv2dLayer Conv2;      // [64, 14, 14]
    [BatchNorm2d] public readonly BatchNormLayer Norm2;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu2;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool2;                              // [64, 7, 7]
    [Flatten] public readonly FlattenLayer Flat;                                       // [3136]
    [Dropout(0.3)] public readonly DropoutLayer Drop1;
    [Dense(128, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dropout(0.3)] public readonly DropoutLayer Drop2;
    [Dense(10)] public readonly DenseLayer Output; // logits
}
