using NetGen;

namespace Digits;

/// <summary>64 pixel counts → logits of the 10 digits.</summary>
[Network(Inputs = 64, Seed = 1, MaxBatchSize = 64)]
public partial class DigitsNet
{
    [Dense(256, Activation.ReLU, WeightInit = Init.KaimingUniform)] public readonly DenseLayer Hidden;
    [Dropout(0.5)] public readonly DropoutLayer Drop;
    [Dense(10)] public readonly DenseLayer Output; // logits
}
