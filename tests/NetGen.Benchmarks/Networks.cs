using NetGen;

namespace NetGen.Benchmarks;

// The peer's networks (TorchSharp Sequential of Linear + activation, logits / raw output last), as generated NetGen networks.
// Every constructor call passes the batch size the workload needs as maxBatchSize.

/// <summary>train-mnist-*, infer-mnist-*: 784-256-128-10, ReLU, logits out.</summary>
[Network(Inputs = 784, Seed = 1, MaxBatchSize = 1024)]
public partial class MnistNet
{
    [Dense(256, Activation.ReLU)] public readonly DenseLayer Fc0;
    [Dense(128, Activation.ReLU)] public readonly DenseLayer Fc1;
    [Dense(10)] public readonly DenseLayer Fc2;
}

/// <summary>train-phone-b64: 20-128-64-4, ReLU, logits out.</summary>
[Network(Inputs = 20, Seed = 1, MaxBatchSize = 64)]
public partial class PhoneNet
{
    [Dense(128, Activation.ReLU)] public readonly DenseLayer Fc0;
    [Dense(64, Activation.ReLU)] public readonly DenseLayer Fc1;
    [Dense(4)] public readonly DenseLayer Fc2;
}

/// <summary>train-tiny-b32: 2-32-32-1, tanh, regression output.</summary>
[Network(Inputs = 2, Seed = 1, MaxBatchSize = 32)]
public partial class TinyNet
{
    [Dense(32, Activation.Tanh)] public readonly DenseLayer Fc0;
    [Dense(32, Activation.Tanh)] public readonly DenseLayer Fc1;
    [Dense(1)] public readonly DenseLayer Fc2;
}

/// <summary>infer-small-b1: 16-64-64-8, ReLU.</summary>
[Network(Inputs = 16, Seed = 1, MaxBatchSize = 1)]
public partial class SmallNet
{
    [Dense(64, Activation.ReLU)] public readonly DenseLayer Fc0;
    [Dense(64, Activation.ReLU)] public readonly DenseLayer Fc1;
    [Dense(8)] public readonly DenseLayer Fc2;
}

/// <summary>dense-1024-b1024: one dense layer 1024 -> 1024 with bias.</summary>
[Network(Inputs = 1024, Seed = 1, MaxBatchSize = 1024)]
public partial class Dense1024Net
{
    [Dense(1024)] public readonly DenseLayer Layer;
}
