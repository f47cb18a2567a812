using NetGen;

namespace Digits;

/// <summary>The same 8×8 digits read as 1-channel images: two convolutions, then a dense head.</summary>
[Network(InputChannels = 1, InputHeight = 8, InputWidth = 8, Seed = 1, MaxBatchSize = 64)]
public partial class DigitsCnnNet
{
    [Conv2d(32, 3, Activation.ReLU, Padding = 1)] public readonly Conv2dLayer Conv1;                  // [32, 8, 8]
    [Conv2d(64, 3, Activation.ReLU, Stride = 2, Padding = 1)] public readonly Conv2dLayer Conv2;      // [64, 4, 4]
    [Flatten] public readonly FlattenLayer Flat;                                                       // [1024]
    [Dropout(0.5)] public readonly DropoutLayer Drop;
    [Dense(10)] public readonly DenseLayer Output; // logits
}
