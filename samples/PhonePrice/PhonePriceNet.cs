using NetGen;

namespace PhonePrice;

/// <summary>
/// 20 phone features → logits of the 4 price bands: Dense → BatchNorm → Tanh → Dropout → Dense,
/// the normalise-then-activate-then-drop order the course notes recommend.
/// </summary>
[Network(Inputs = 20, Seed = 1, MaxBatchSize = 64)]
public partial class PhonePriceNet
{
    [Dense(16)] public readonly DenseLayer Hidden;
    [BatchNorm] public readonly BatchNormLayer Norm;
    [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer Squash;
    [Dropout(0.2)] public readonly DropoutLayer Drop;
    [Dense(4)] public readonly DenseLayer Output; // logits
}
