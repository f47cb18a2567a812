using System;
using System.Numerics;

namespace NetGen.Optimizers;

/// <summary>
/// Adam, exactly PyTorch's <c>torch.optim.Adam</c> (weight decay coupled: added to the gradient, i.e. L2):
/// <code>
/// g ← ∇ (−∇ when maximize);  g ← g + λ·θ
/// m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²
/// amsgrad: v̂ ← max(v̂, v) on the raw second moment, used in place of v
/// θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public sealed class Adam : AdamFamilyOptimizer
{
    /// <summary>Creates the optimizer (PyTorch's <c>Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False)</c>).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate ≥ 0.</param>
    /// <param name="beta1">β₁ in [0, 1): decay of the first moment.</param>
    /// <param name="beta2">β₂ in [0, 1): decay of the second moment.</param>
    /// <param name="epsilon">ε ≥ 0 added to the denominator.</param>
    /// <param name="weightDecay">Coupled L2 weight decay λ ≥ 0 (added to the gradient).</param>
    /// <param name="amsgrad">Use the AMSGrad variant (running maximum of the second moment).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <param name="weightDecayScope">Which tensors are decayed (default: all, like PyTorch).</param>
    public Adam(ParameterBuffer parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false, WeightDecayScope weightDecayScope = WeightDecayScope.AllParameters)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, weightDecayScope)
    {
    }

    private protected override void ConfigureDecay(ref AdamUpdate op, bool decay) => op.CoupledDecay = decay;
}
