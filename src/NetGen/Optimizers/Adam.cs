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
public sealed class Adam : Optimizer, IMomentumOptimizer
{
    private readonly float[] _expAvg;
    private readonly float[] _expAvgSq;
    private readonly float[]? _maxExpAvgSq;
    private float _beta1;

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
    public Adam(ParameterBuffer parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f,
        float weightDecay = 0f, bool amsgrad = false, bool maximize = false, WeightDecayScope weightDecayScope = WeightDecayScope.AllParameters)
        : base(parameters, learningRate, weightDecay, weightDecayScope)
    {
        Check.NonNegative(epsilon, nameof(epsilon));
        Check.Beta(beta1, nameof(beta1));
        Check.Beta(beta2, nameof(beta2));
        _beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        AmsGrad = amsgrad;
        Maximize = maximize;
        _expAvg = new float[parameters.Count];
        _expAvgSq = new float[parameters.Count];
        if (amsgrad)
        {
            _maxExpAvgSq = new float[parameters.Count];
            SetState(new OptimizerState("exp_avg", _expAvg), new OptimizerState("exp_avg_sq", _expAvgSq), new OptimizerState("max_exp_avg_sq", _maxExpAvgSq));
        }
        else
        {
            SetState(new OptimizerState("exp_avg", _expAvg), new OptimizerState("exp_avg_sq", _expAvgSq));
        }
    }

    /// <summary>β₁ in [0, 1) (settable, e.g. by <c>OneCycleLR</c>).</summary>
    public float Beta1
    {
        get => _beta1;
        set
        {
            Check.Beta(value, nameof(Beta1));
            _beta1 = value;
        }
    }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    /// <summary>β₁, cycled by <c>OneCycleLR</c> like PyTorch's <c>betas[0]</c>.</summary>
    float IMomentumOptimizer.Momentum
    {
        get => Beta1;
        set => Beta1 = value;
    }

    private protected override void ResetState()
    {
        Array.Clear(_expAvg);
        Array.Clear(_expAvgSq);
        if (_maxExpAvgSq is not null) Array.Clear(_maxExpAvgSq);
    }

    private protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        AdamUpdate op = AdamUpdate.Create(ExactLearningRate, _beta1, Beta2, Epsilon, StepCount, Maximize, AmsGrad);
        op.WeightDecay = new Vector<float>(WeightDecay);
        op.CoupledDecay = decay;
        int n = values.Length;
        ParameterUpdateDriver.Run(ref op, values, gradients, _expAvg.AsSpan(offset, n), _expAvgSq.AsSpan(offset, n),
            AmsGrad ? Slice(_maxExpAvgSq, offset, n) : default);
    }
}
