using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen.Optimizers;

/// <summary>
/// RMSprop, exactly PyTorch's <c>torch.optim.RMSprop</c> (ε outside the square root):
/// <code>
/// g ← ∇ (−∇ when maximize);  g ← g + λ·θ
/// v ← α·v + (1 − α)·g²
/// centered: ḡ ← α·ḡ + (1 − α)·g;  a ← √(v − ḡ²) + ε,  else a ← √v + ε
/// μ &gt; 0: b ← μ·b + g / a;  θ ← θ − lr·b,  else θ ← θ − lr·g / a
/// </code>
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public sealed class RMSprop : Optimizer, IMomentumOptimizer
{
    private readonly float[] _squareAvg;
    private readonly float[]? _gradAvg;
    private float[]? _momentumBuffer;
    private double _momentum;

    /// <summary>Creates the optimizer (PyTorch's <c>RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False)</c>).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate ≥ 0.</param>
    /// <param name="alpha">Smoothing constant α ≥ 0 of the squared-gradient average.</param>
    /// <param name="epsilon">ε ≥ 0 added after the square root.</param>
    /// <param name="weightDecay">Coupled L2 weight decay λ ≥ 0.</param>
    /// <param name="momentum">Momentum factor μ ≥ 0.</param>
    /// <param name="centered">Normalise by the estimated variance of the gradient instead of its raw second moment.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <param name="weightDecayScope">Which tensors are decayed (default: all, like PyTorch).</param>
    public RMSprop(ParameterBuffer parameters, double learningRate = 1e-2, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false, WeightDecayScope weightDecayScope = WeightDecayScope.AllParameters)
        : base(parameters, learningRate, weightDecay, weightDecayScope)
    {
        Check.NonNegative(epsilon, nameof(epsilon));
        Check.NonNegative(momentum, nameof(momentum));
        Check.NonNegative(alpha, nameof(alpha));
        Alpha = alpha;
        Epsilon = epsilon;
        _momentum = momentum;
        Centered = centered;
        Maximize = maximize;
        _squareAvg = new float[parameters.Count];
        if (centered) _gradAvg = new float[parameters.Count];
        if (momentum > 0) _momentumBuffer = new float[parameters.Count];
        PublishState();
    }

    /// <summary>Smoothing constant α.</summary>
    public double Alpha { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    /// <summary>Momentum factor μ ≥ 0 (settable, e.g. by <c>OneCycleLR</c>).</summary>
    public double Momentum
    {
        get => _momentum;
        set
        {
            Check.NonNegative(value, nameof(Momentum));
            _momentum = value;
            if (value > 0 && _momentumBuffer is null)
            {
                _momentumBuffer = new float[Parameters.Count];
                PublishState();
            }
        }
    }

    private void PublishState()
    {
        int n = 1 + (_momentumBuffer is null ? 0 : 1) + (_gradAvg is null ? 0 : 1);
        var state = new OptimizerState[n];
        int i = 0;
        state[i++] = new OptimizerState("square_avg", _squareAvg);
        if (_momentumBuffer is not null) state[i++] = new OptimizerState("momentum_buffer", _momentumBuffer);
        if (_gradAvg is not null) state[i] = new OptimizerState("grad_avg", _gradAvg);
        SetState(state);
    }

    private protected override void ResetState()
    {
        Array.Clear(_squareAvg);
        if (_gradAvg is not null) Array.Clear(_gradAvg);
        if (_momentumBuffer is not null) Array.Clear(_momentumBuffer);
    }

    private protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        var op = new RMSpropUpdate
        {
            NegLr = new Vector<float>((float)-LearningRate),
            WeightDecay = new Vector<float>((float)WeightDecay),
            Alpha = new Vector<float>((float)Alpha),
            OneMinusAlpha = new Vector<float>((float)(1.0 - Alpha)),
            Eps = new Vector<float>((float)Epsilon),
            Momentum = new Vector<float>((float)_momentum),
            Decay = decay,
            Maximize = Maximize,
            Centered = Centered,
            UseMomentum = _momentum > 0,
        };
        int n = values.Length;
        ParameterUpdateDriver.Run(ref op, values, gradients, _squareAvg.AsSpan(offset, n),
            Centered ? Slice(_gradAvg, offset, n) : default, op.UseMomentum ? Slice(_momentumBuffer, offset, n) : default);
    }

    private struct RMSpropUpdate : IParameterUpdate
    {
        public Vector<float> NegLr, WeightDecay, Alpha, OneMinusAlpha, Eps, Momentum;
        public bool Decay, Maximize, Centered, UseMomentum;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> squareAvg, ref Vector<float> gradAvg, ref Vector<float> buf)
        {
            if (Maximize) g = -g;
            if (Decay) g += WeightDecay * p;
            squareAvg = squareAvg * Alpha + OneMinusAlpha * g * g;
            Vector<float> avg;
            if (Centered)
            {
                gradAvg = gradAvg * Alpha + OneMinusAlpha * g;
                avg = Vector.SquareRoot(squareAvg - gradAvg * gradAvg);
            }
            else
            {
                avg = Vector.SquareRoot(squareAvg);
            }
            avg += Eps;
            if (UseMomentum)
            {
                buf = buf * Momentum + g / avg;
                p += NegLr * buf;
            }
            else
            {
                p += NegLr * g / avg;
            }
        }
    }
}
