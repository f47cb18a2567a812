using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>Every fused activation, a bias-free layer and stand-alone activation layers; log-probabilities out.</summary>
[Network(Inputs = 5, Seed = 7, MaxBatchSize = 8)]
public partial class AllActivationsNet
{
    [Dense(7, Activation.Sigmoid)] public readonly DenseLayer L1;
    [Dense(6, Activation.LeakyReLU, NegativeSlope = 0.2)] public readonly DenseLayer L2;
    [Dense(5, Activation.ELU, Alpha = 0.5)] public readonly DenseLayer L3;
    [Dense(6, Activation.SELU)] public readonly DenseLayer L4;
    [Dense(5, Activation.GELU)] public readonly DenseLayer L5;
    [Dense(6, Activation.SiLU)] public readonly DenseLayer L6;
    [Dense(5, Activation.Softplus, Beta = 2, Threshold = 10)] public readonly DenseLayer L7;
    [Dense(4, Activation.Tanh, Bias = false)] public readonly DenseLayer L8;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer R;
    [Dense(3)] public readonly DenseLayer L9;
    [ActivationLayer(Activation.LogSoftmax)] public readonly ActivationLayer LogProbabilities;
}

/// <summary>A small classifier with a softmax output fused into the last dense layer.</summary>
[Network(Inputs = 4, Seed = 3, MaxBatchSize = 16)]
public partial class SoftmaxNet
{
    [Dense(6, Activation.ReLU, WeightInit = Init.KaimingUniform)] public readonly DenseLayer Hidden;
    [Dense(3, Activation.Softmax)] public readonly DenseLayer Output;
}

/// <summary>The phone-price shape: 20-128-64-4, ReLU, logits out.</summary>
[Network(Inputs = 20, Seed = 42, MaxBatchSize = 64)]
public partial class PhoneShapedNet
{
    [Dense(128, Activation.ReLU, WeightInit = Init.KaimingNormal)] public readonly DenseLayer Hidden1;
    [Dense(64, Activation.ReLU, WeightInit = Init.KaimingNormal)] public readonly DenseLayer Hidden2;
    [Dense(4)] public readonly DenseLayer Output;
}

/// <summary>
/// Small dense layers only (ReLU, tanh, sigmoid or none, one without bias), odd sizes: ForwardNoGrad runs one sample
/// through all of them in one DenseChain call.
/// </summary>
[Network(Inputs = 13, Seed = 7, MaxBatchSize = 4)]
public partial class OddChainNet
{
    [Dense(17, Activation.ReLU)] public readonly DenseLayer Hidden1;
    [Dense(5, Activation.Tanh, Bias = false)] public readonly DenseLayer Bottleneck;
    [Dense(33, Activation.Sigmoid)] public readonly DenseLayer Hidden2;
    [Dense(9)] public readonly DenseLayer Projection;
    [Dense(1, Activation.Tanh)] public readonly DenseLayer Output;
}

/// <summary>The MNIST shape: 784-256-128-10, ReLU: one-sample inference splits its first two layers over threads.</summary>
[Network(Inputs = 784, Seed = 1, MaxBatchSize = 8)]
public partial class MnistShapedNet
{
    [Dense(256, Activation.ReLU)] public readonly DenseLayer Hidden1;
    [Dense(128, Activation.ReLU)] public readonly DenseLayer Hidden2;
    [Dense(10)] public readonly DenseLayer Output;
}

/// <summary>An activation layer first, so dLoss/dInput flows through it.</summary>
[Network(Inputs = 3, MaxBatchSize = 4)]
public partial class ActivationFirstNet
{
    [ActivationLayer(Activation.Tanh)] public readonly ActivationLayer Squash;
    [Dense(2, Activation.Sigmoid)] public readonly DenseLayer Output;
}

/// <summary>Every stateful layer, composed as the course notes recommend (Dense → BatchNorm → ReLU → Dropout).</summary>
[Network(Inputs = 6, Seed = 5, MaxBatchSize = 16)]
public partial class EveryLayerNet
{
    [Dense(8)] public readonly DenseLayer D1;
    [BatchNorm] public readonly BatchNormLayer Norm1;
    [ActivationLayer(Activation.ReLU)] public readonly ActivationLayer Relu1;
    [Dropout(0.3)] public readonly DropoutLayer Drop1;
    [Dense(7)] public readonly DenseLayer D2;
    [LayerNorm] public readonly LayerNormLayer Norm2;
    [PReLU(NumParameters = 7)] public readonly PReLULayer Act2;
    [Dropout(0)] public readonly DropoutLayer Nothing;
    [Dense(5)] public readonly DenseLayer D3;
    [BatchNorm(Affine = false, CumulativeAverage = true)] public readonly BatchNormLayer Norm3;
    [PReLU] public readonly PReLULayer Act3;
    [RReLU] public readonly RReLULayer Act4;
    [Dense(3)] public readonly DenseLayer Out;
}
