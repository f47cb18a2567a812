namespace NetGen;

/// <summary>
/// Element-wise (or, for <see cref="Softmax"/> and <see cref="LogSoftmax"/>, per-row) activation
/// functions, with PyTorch's definitions and default hyper-parameters.
/// </summary>
public enum Activation
{
    /// <summary>No activation: y = x.</summary>
    Identity = 0,
    /// <summary>Logistic sigmoid: y = 1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Rectified linear unit: y = max(0, x).</summary>
    ReLU,
    /// <summary>Leaky ReLU: y = x for x ≥ 0, else negative_slope·x (default slope 0.01).</summary>
    LeakyReLU,
    /// <summary>Exponential linear unit: y = x for x &gt; 0, else alpha·(e^x − 1) (default alpha 1).</summary>
    ELU,
    /// <summary>Scaled ELU with PyTorch's fixed alpha and scale constants.</summary>
    SELU,
    /// <summary>Gaussian error linear unit, exact erf form: y = x·Φ(x).</summary>
    GELU,
    /// <summary>Sigmoid-weighted linear unit (swish): y = x·σ(x).</summary>
    SiLU,
    /// <summary>Softplus: y = log(1 + e^(beta·x)) / beta, linear above the threshold (defaults beta 1, threshold 20).</summary>
    Softplus,
    /// <summary>Softmax over the features of each sample (numerically stable).</summary>
    Softmax,
    /// <summary>Log-softmax over the features of each sample (numerically stable).</summary>
    LogSoftmax,
    /// <summary>Reserved: parametric ReLU with a learnable slope (a layer of its own).</summary>
    PReLU,
    /// <summary>Reserved: randomized leaky ReLU (a layer of its own).</summary>
    RReLU,
}
