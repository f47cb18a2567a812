namespace NetGen;

/// <summary>Parameter initialisation schemes, with PyTorch <c>torch.nn.init</c> semantics.</summary>
public enum Init
{
    /// <summary>PyTorch's <c>nn.Linear</c> default: weight and bias ~ U(−1/√fan_in, 1/√fan_in).</summary>
    Default = 0,
    /// <summary>All zeros.</summary>
    Zeros,
    /// <summary>All ones.</summary>
    Ones,
    /// <summary>Every value equal to <see cref="InitAttribute.Value"/>.</summary>
    Constant,
    /// <summary>U(<see cref="InitAttribute.Low"/>, <see cref="InitAttribute.High"/>), default U(0, 1).</summary>
    Uniform,
    /// <summary>N(<see cref="InitAttribute.Mean"/>, <see cref="InitAttribute.Std"/>²), default N(0, 1).</summary>
    Normal,
    /// <summary>Glorot uniform: U(−b, b), b = gain·√(6 / (fan_in + fan_out)).</summary>
    XavierUniform,
    /// <summary>Glorot normal: N(0, σ²), σ = gain·√(2 / (fan_in + fan_out)).</summary>
    XavierNormal,
    /// <summary>He uniform: U(−b, b), b = gain·√(3 / fan), gain from <see cref="Nonlinearity"/>.</summary>
    KaimingUniform,
    /// <summary>He normal: N(0, σ²), σ = gain / √fan, gain from <see cref="Nonlinearity"/>.</summary>
    KaimingNormal,
}

/// <summary>Which fan Kaiming initialisation preserves (PyTorch's <c>mode</c>).</summary>
public enum FanMode
{
    /// <summary>Preserve the variance of activations in the forward pass (default).</summary>
    FanIn = 0,
    /// <summary>Preserve the variance of gradients in the backward pass.</summary>
    FanOut,
}

/// <summary>The non-linearity whose gain (PyTorch's <c>calculate_gain</c>) Kaiming initialisation uses.</summary>
public enum Nonlinearity
{
    /// <summary>Leaky ReLU with slope <see cref="InitAttribute.A"/>: gain √(2 / (1 + a²)). PyTorch's default.</summary>
    LeakyReLU = 0,
    /// <summary>ReLU: gain √2.</summary>
    ReLU,
    /// <summary>Linear / identity: gain 1.</summary>
    Linear,
    /// <summary>Sigmoid: gain 1.</summary>
    Sigmoid,
    /// <summary>Tanh: gain 5/3.</summary>
    Tanh,
    /// <summary>SELU: gain 3/4.</summary>
    SELU,
}
