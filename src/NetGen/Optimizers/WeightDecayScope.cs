namespace NetGen.Optimizers;

/// <summary>
/// Which tensors a weight decay (or a regularisation penalty) applies to.
/// </summary>
public enum WeightDecayScope
{
    /// <summary>Every tensor given to the optimizer: PyTorch's behaviour for a single parameter group.</summary>
    AllParameters = 0,

    /// <summary>
    /// Only tensors whose <see cref="ParameterInfo.Role"/> is <see cref="ParameterRole.Weight"/>: biases,
    /// normalisation scales/shifts and activation slopes are left undecayed, as the classical L2 texts recommend.
    /// In PyTorch this is two parameter groups, the non-weights with <c>weight_decay=0</c>.
    /// </summary>
    WeightsOnly = 1,
}
