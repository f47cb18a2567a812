using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen.Optimizers;

/// <summary>
/// Adagrad, exactly PyTorch's <c>torch.optim.Adagrad</c>:
/// <code>
/// g ← ∇ (−∇ when maximize);  g ← g + λ·θ
/// clr ← lr / (1 + (t − 1)·lr_decay)
/// sum ← sum + g²;  θ ← θ − clr·g / (√sum + ε)
/// </code>
/// <c>sum</c> starts at <c>initial_accumulator_value</c>.
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public sealed class Adagrad : Optimizer
{
    private readonly float[] _sum;

    /// <summary>Creates the optimizer (PyTorch's <c>Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False)</c>).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate ≥ 0.</param>
    /// <param name="learningRateDecay">lr_decay ≥ 0.</param>
    /// <param name="weightDecay">Coupled L2 weight decay λ ≥ 0.</param>
    /// <param name="initialAccumulatorValue">Initial value of the squared-gradient sum, ≥ 0.</param>
    /// <param name="epsilon">ε ≥ 0 added to √sum.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <param name="weightDecayScope">Which tensors are decayed (default: all, like PyTorch).</param>
    public Adagrad(ParameterBuffer parameters, double learningRate = 1e-2, double learningRateDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double epsilon = 1e-10, bool maximize = false,
        WeightDecayScope weightDecayScope = WeightDecayScope.AllParameters)
        : base(parameters, learningRate, weightDecay, weightDecayScope)
    {
        Check.NonNegative(learningRateDecay, nameof(learningRateDecay));
        Check.NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        Check.NonNegative(epsilon, nameof(epsilon));
        LearningRateDecay = learningRateDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
        Maximize = maximize;
        _sum = new float[parameters.Count];
        _sum.AsSpan().Fill((float)initialAccumulatorValue);
        SetState(new OptimizerState("sum", _sum));
    }

    /// <summary>lr_decay.</summary>
    public double LearningRateDecay { get; }

    /// <summary>Initial value of the accumulator.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override void ResetState() => _sum.AsSpan().Fill((float)InitialAccumulatorValue);

    private protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        double clr = LearningRate / (1.0 + (StepCount - 1) * LearningRateDecay);
        var op = new AdagradUpdate
        {
            NegClr = new Vector<float>((float)-clr),
            WeightDecay = new Vector<float>((float)WeightDecay),
            Eps = new Vector<float>((float)Epsilon),
            Decay = decay,
            Maximize = Maximize,
        };
        ParameterUpdateDriver.Run(ref op, values, gradients, _sum.AsSpan(offset, values.Length), default, default);
    }

    private struct AdagradUpdate : IParameterUpdate
    {
        public Vector<float> NegClr, WeightDecay, Eps;
        public bool Decay, Maximize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> sum, ref Vector<float> s1, ref Vector<float> s2)
        {
            if (Maximize) g = -g;
            if (Decay) g += WeightDecay * p;
            sum += g * g;
            Vector<float> std = Vector.SquareRoot(sum) + Eps;
            p += NegClr * g / std;
        }
    }
}
