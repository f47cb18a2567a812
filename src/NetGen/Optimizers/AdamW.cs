using System;
using System.Numerics;

namespace NetGen.Optimizers;

/// <summary>
/// AdamW, exactly PyTorch's <c>torch.optim.AdamW</c> (weight decay decoupled: θ shrinks by lr·λ before the Adam step):
/// <code>
/// g ← ∇ (−∇ when maximize);  θ ← θ·(1 − lr·λ)
/// m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²
/// amsgrad: v̂ ← max(v̂, v) on the raw second moment, used in place of v
/// θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public sealed class AdamW : AdamFamilyOptimizer
{
    /// <summary>Creates the optimizer (PyTorch's <c>AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False)</c>).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate ≥ 0.</param>
    /// <param name="beta1">β₁ in [0, 1): decay of the first moment.</param>
    /// <param name="beta2">β₂ in [0, 1): decay of the second moment.</param>
    /// <param name="epsilon">ε ≥ 0 added to the denominator.</param>
    /// <param name="weightDecay">Decoupled weight decay λ ≥ 0 (θ ← θ·(1 − lr·λ) each step).</param>
    /// <param name="amsgrad">Use the AMSGrad variant (running maximum of the second moment).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <param name="weightDecayScope">Which tensors are decayed (default: all, like PyTorch).</param>
    public AdamW(ParameterBuffer parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false, WeightDecayScope weightDecayScope = WeightDecayScope.AllParameters)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, weightDecayScope)
    {
    }

    private protected override void ConfigureDecay(ref AdamUpdate op, bool decay)
    {
        op.DecoupledDecay = decay;
        op.DecoupledFactor = new Vector<float>((float)(1.0 - LearningRate * WeightDecay));
    }
}
