using System;
using System.Numerics;

namespace NetGen.Optimizers;

/// <summary>
/// The state and settings shared by <see cref="Adam"/> and <see cref="AdamW"/>, which differ only in how
/// weight decay is applied. Not meant to be derived from outside the library.
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public abstract class AdamFamilyOptimizer : Optimizer, IMomentumOptimizer
{
    private readonly float[] _expAvg;
    private readonly float[] _expAvgSq;
    private readonly float[]? _maxExpAvgSq;
    private double _beta1;

    private protected AdamFamilyOptimizer(ParameterBuffer parameters, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool amsgrad, bool maximize, WeightDecayScope weightDecayScope)
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
    public double Beta1
    {
        get => _beta1;
        set
        {
            Check.Beta(value, nameof(Beta1));
            _beta1 = value;
        }
    }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    /// <summary>β₁, cycled by <c>OneCycleLR</c> like PyTorch's <c>betas[0]</c>.</summary>
    double IMomentumOptimizer.Momentum
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

    /// <summary>Sets how the update applies weight decay to a tensor (<paramref name="decay"/>: whether it is decayed at all).</summary>
    private protected abstract void ConfigureDecay(ref AdamUpdate op, bool decay);

    private protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        AdamUpdate op = AdamUpdate.Create(LearningRate, _beta1, Beta2, Epsilon, StepCount, Maximize, AmsGrad);
        op.WeightDecay = new Vector<float>((float)WeightDecay);
        ConfigureDecay(ref op, decay);
        int n = values.Length;
        if (!op.Maximize && !op.AmsGrad && !op.CoupledDecay && !op.DecoupledDecay)
        {
            // No option set (the usual case): the same arithmetic without the per-vector branches on the options.
            var plain = new PlainAdamUpdate(op);
            ParameterUpdateDriver.Run(ref plain, values, gradients, _expAvg.AsSpan(offset, n), _expAvgSq.AsSpan(offset, n), default);
            return;
        }
        ParameterUpdateDriver.Run(ref op, values, gradients, _expAvg.AsSpan(offset, n), _expAvgSq.AsSpan(offset, n),
            AmsGrad ? Slice(_maxExpAvgSq, offset, n) : default);
    }
}
