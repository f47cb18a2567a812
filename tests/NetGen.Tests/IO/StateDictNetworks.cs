using NetGen;

namespace NetGen.Tests.IO;

/// <summary>The architecture of Fixtures/statedict/generate.py with C# member names (loaded through a TensorNameMap).</summary>
[Network(Inputs = 6, Seed = 1, MaxBatchSize = 8)]
public partial class TorchMlp
{
    [Dense(10, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dense(8, Activation.Tanh)] public readonly DenseLayer Hidden2;
    [Dense(3)] public readonly DenseLayer Output;
}

/// <summary>The same with the PyTorch module's names given by <c>Name</c>: its state dict loads without a map.</summary>
[Network(Inputs = 6, Seed = 1, MaxBatchSize = 8)]
public partial class NamedTorchMlp
{
    [Dense(10, Activation.ReLU, Name = "fc0")] public readonly DenseLayer Hidden;
    [Dense(8, Activation.Tanh, Name = "fc1")] public readonly DenseLayer Hidden2;
    [Dense(3, Name = "out")] public readonly DenseLayer Output;
}

/// <summary>A layer named like a module inside a container (<c>features.0</c>), and a batch norm whose buffers follow it.</summary>
[Network(Inputs = 4, Seed = 2, MaxBatchSize = 4)]
public partial class DottedNameNet
{
    [Dense(5, Name = "features.0")] public readonly DenseLayer Hidden;
    [BatchNorm(Name = "features.1")] public readonly BatchNormLayer Norm;
    [Dense(2, Name = "head")] public readonly DenseLayer Output;
}

/// <summary>Two layers with tensors: a three-module nn.Sequential state dict does not fit it by position.</summary>
[Network(Inputs = 6, Seed = 3, MaxBatchSize = 4)]
public partial class TwoLayerMlp
{
    [Dense(10, Activation.ReLU)] public readonly DenseLayer Hidden;
    [Dense(3)] public readonly DenseLayer Output;
}
