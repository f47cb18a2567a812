using NetGen;

namespace Interop;

/// <summary>
/// 20 standardised phone features → logits of the 4 price bands. The same architecture as data/generate.py's
/// nn.Sequential(Linear(20, 32), ReLU(), Linear(32, 4)), so its state dict loads by position.
/// </summary>
[Network(Inputs = 20, Seed = 1, MaxBatchSize = 512)]
public partial class PhoneNet
{
    [Dense(32, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dense(4)] public readonly DenseLayer Output; // logits
}
