using NetGen;

namespace PhonePrice;

/// <summary>20 phone features → logits of 4 price bands.</summary>
[Network(Inputs = 20, Seed = 42, MaxBatchSize = 64)]
public partial class PhonePriceNet
{
    [Dense(128, Activation.ReLU, WeightInit = Init.KaimingUniform)] public readonly DenseLayer Hidden1;
    [Dense(64, Activation.ReLU, WeightInit = Init.KaimingUniform)] public readonly DenseLayer Hidden2;
    [Dense(4)] public readonly DenseLayer Output; // logits
}
