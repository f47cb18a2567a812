using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, exactly PyTorch's <c>torch.optim.SGD</c>:
/// <code>
/// g ← ∇ (−∇ when maximize);  g ← g + λ·θ (weight decay, coupled L2)
/// if μ ≠ 0:  b ← g on the first step, else b ← μ·b + (1 − τ)·g
///            g ← g + μ·b (nesterov) or g ← b
/// θ ← θ − lr·g
/// </code>
/// The learning rate is outside the buffer. The exponential-moving-average momentum some texts teach,
/// <c>s ← β·s + (1 − β)·g, θ ← θ − lr·s</c>, is this optimizer with <c>momentum = dampening = β</c>, except that
/// PyTorch's first step sets <c>b = g</c> rather than <c>(1 − β)·g</c> (a zero-initialised EMA).
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public sealed class SGD : Optimizer, IMomentumOptimizer
{
    private double _momentum;
    private float[]? _momentumBuffer;

    /// <summary>Creates the optimizer (PyTorch's <c>SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False)</c>).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate (required, as in PyTorch); ≥ 0.</param>
    /// <param name="momentum">Momentum factor μ ≥ 0.</param>
    /// <param name="dampening">Dampening τ of the momentum.</param>
    /// <param name="weightDecay">Coupled L2 weight decay λ ≥ 0 (adds λ·θ to the gradient).</param>
    /// <param name="nesterov">Nesterov momentum (requires momentum &gt; 0 and dampening = 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <param name="weightDecayScope">Which tensors are decayed (default: all, like PyTorch).</param>
    public SGD(ParameterBuffer parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false, WeightDecayScope weightDecayScope = WeightDecayScope.AllParameters)
        : base(parameters, learningRate, weightDecay, weightDecayScope)
    {
        Check.NonNegative(momentum, nameof(momentum));
        if (!double.IsFinite(dampening))
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, $"Invalid dampening value: {Check.Format(dampening)} (must be finite).");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum requires a momentum > 0 and zero dampening (got momentum = {Check.Format(momentum)}, dampening = {Check.Format(dampening)}).", nameof(nesterov));
        _momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        Maximize = maximize;
        if (momentum != 0) AllocateBuffer();
    }

    /// <summary>Momentum factor μ (settable, e.g. by <c>OneCycleLR</c>; ≥ 0, and &gt; 0 with Nesterov).</summary>
    public double Momentum
    {
        get => _momentum;
        set
        {
            Check.NonNegative(value, nameof(Momentum));
            if (Nesterov && value <= 0)
                throw new ArgumentOutOfRangeException(nameof(Momentum), value, $"Nesterov momentum requires a momentum > 0, got {Check.Format(value)}.");
            _momentum = value;
            if (value != 0 && _momentumBuffer is null) AllocateBuffer();
        }
    }

    /// <summary>Dampening τ of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    /// <summary>
    /// Whether the momentum buffer holds a value (PyTorch's <c>momentum_buffer is not None</c>): false until the
    /// first step with μ ≠ 0, whose buffer is the gradient itself. Set it to true when restoring a checkpoint.
    /// </summary>
    public bool HasMomentumBuffer { get; set; }

    private void AllocateBuffer()
    {
        _momentumBuffer = new float[Parameters.Count];
        SetState(new OptimizerState("momentum_buffer", _momentumBuffer));
    }

    private protected override void ResetState()
    {
        if (_momentumBuffer is not null) Array.Clear(_momentumBuffer);
        HasMomentumBuffer = false;
    }

    private protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        var op = new SGDUpdate
        {
            Lr = new Vector<float>((float)-LearningRate),
            WeightDecay = new Vector<float>((float)WeightDecay),
            Momentum = new Vector<float>((float)_momentum),
            OneMinusDampening = new Vector<float>((float)(1.0 - Dampening)),
            Decay = decay,
            Maximize = Maximize,
            UseMomentum = _momentum != 0,
            FirstStep = !HasMomentumBuffer,
            Nesterov = Nesterov,
        };
        if (op.UseMomentum && !op.FirstStep && !op.Nesterov && !op.Maximize && !op.Decay)
        {
            // Plain momentum after the first step (the usual case): the same arithmetic without the per-vector
            // branches on the options (the general loop's flags were reloaded from the stack for every vector).
            var plain = new MomentumUpdate { Lr = op.Lr, Momentum = op.Momentum, OneMinusDampening = op.OneMinusDampening };
            ParameterUpdateDriver.Run(ref plain, values, gradients, Slice(_momentumBuffer, offset, values.Length), default, default);
            return;
        }
        ParameterUpdateDriver.Run(ref op, values, gradients, op.UseMomentum ? Slice(_momentumBuffer, offset, values.Length) : default, default, default);
    }

    // Step() runs over all runs first; the buffer only exists afterwards.
    private protected override void AfterStep()
    {
        if (_momentum != 0) HasMomentumBuffer = true;
    }

    private struct SGDUpdate : IParameterUpdate
    {
        public Vector<float> Lr, WeightDecay, Momentum, OneMinusDampening;
        public bool Decay, Maximize, UseMomentum, FirstStep, Nesterov;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> buf, ref Vector<float> s1, ref Vector<float> s2)
        {
            Vector<float> d = Maximize ? -g : g;
            if (Decay) d += WeightDecay * p;
            if (UseMomentum)
            {
                buf = FirstStep ? d : buf * Momentum + OneMinusDampening * d;
                d = Nesterov ? d + Momentum * buf : buf;
            }
            p += Lr * d;
        }
    }

    /// <summary>SGDUpdate with momentum past the first step, no Nesterov, weight decay or maximize: the same operations.</summary>
    private struct MomentumUpdate : IParameterUpdate
    {
        public Vector<float> Lr, Momentum, OneMinusDampening;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> buf, ref Vector<float> s1, ref Vector<float> s2)
        {
            buf = buf * Momentum + OneMinusDampening * g;
            p += Lr * buf;
        }
    }

    /// <summary>A restored momentum buffer is live when the checkpoint had taken a step.</summary>
    private protected override void OnStateRestored() => HasMomentumBuffer = StepCount > 0 && _momentum != 0;
}
