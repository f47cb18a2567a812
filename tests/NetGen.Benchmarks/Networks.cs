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

/// <summary>train-cnn-b64, infer-cnn-*: the peers' "cnn" network (1×28×28, two conv + max-pool blocks, 512 → 10).</summary>
[Network(InputChannels = 1, InputHeight = 28, InputWidth = 28, Seed = 1, MaxBatchSize = 256)]
public partial class CnnNet
{
    [Conv2d(16, 5, Activation.ReLU)] public readonly Conv2dLayer Conv1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
    [Conv2d(32, 5, Activation.ReLU)] public readonly Conv2dLayer Conv2;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool2;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(10)] public readonly DenseLayer Fc;
}

/// <summary>train-cnnbn-b64: the peers' "cnnbn" network (conv-BN-ReLU-pool twice, 3136 → 128 → 10).</summary>
[Network(InputChannels = 1, InputHeight = 28, InputWidth = 28, Seed = 1, MaxBatchSize = 64)]
public partial class CnnBnNet
{
    [Conv2d(32, 3, Padding = 1)] public readonly Conv2dLayer Conv1;
    [BatchNorm2d] public readonly BatchNormLayer Bn1;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu1;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool1;
    [Conv2d(64, 3, Padding = 1)] public readonly Conv2dLayer Conv2;
    [BatchNorm2d] public readonly BatchNormLayer Bn2;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu2;
    [MaxPool2d(2)] public readonly MaxPool2dLayer Pool2;
    [Flatten] public readonly FlattenLayer Flat;
    [Dense(128, Activation.ReLU)] public readonly DenseLayer Fc1;
    [Dense(10)] public readonly DenseLayer Fc2;
}
