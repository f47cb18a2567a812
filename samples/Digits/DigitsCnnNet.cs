using NetGen;

namespace Digits;

/// <summary>The same 8×8 digits read as 1-channel images: two convolutions, then a dense head.</summary>
[Network(InputChannels = 1, InputHeight = 8, InputWidth = 8, Seed = 1, MaxBatchSize = 64)]
public partial class DigitsCnnNet
{
    [Conv2d(32, 3, Padding = 1, Bias = false)] public readonly Conv2dLayer Conv1;      // [32, 8, 8]
    [BatchNorm2d] public readonly BatchNormLayer Norm1;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu1;
    [Conv2d(64, 3, Padding = 1, Bias = false)] public readonly Conv2dLayer Conv2;      // [64, 8, 8]
    [BatchNorm2d] public readonly BatchNormLayer Norm2;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu2;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool;                               // [64, 4, 4]
    [Flatten] public readonly FlattenLayer Flat;                                       // [1024]
    [Dropout(0.5)] public readonly DropoutLayer Drop;
    [Dense(10)] public readonly DenseLayer Output; // logits
}
