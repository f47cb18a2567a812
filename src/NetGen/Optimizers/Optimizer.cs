using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Optimizers;

/// <summary>
/// Base of the first-order optimizers. An optimizer owns per-parameter state buffers laid out like the
/// network's <see cref="ParameterBuffer"/> and updates <see cref="ParameterBuffer.Values"/> from
/// <see cref="ParameterBuffer.Gradients"/> in one allocation-free pass per <see cref="Step"/>.
/// Update rules, defaults and argument checks follow PyTorch's <c>torch.optim</c> (1.13) exactly. Hyper-parameters
/// are doubles, as PyTorch keeps them (Python floats); scalar coefficients such as <c>1 − β₁</c> or <c>lr·λ</c> are
/// computed in double precision and cast to float once, where the float32 update applies them, as PyTorch does.
/// </summary>
/// <remarks>Thread safety: not thread-safe; an optimizer updates its parameters and state in Step, so use it from the one thread that trains.</remarks>
public abstract class Optimizer : NetGen.IO.ICheckpointState
{
    private double _learningRate;
    private double? _initialLearningRate;
    private long _stepCount;
    private readonly DecayRun[] _runs;
    private OptimizerState[] _state = Array.Empty<OptimizerState>();

    private protected Optimizer(ParameterBuffer parameters, double learningRate, double weightDecay, WeightDecayScope weightDecayScope)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        ValidateLearningRate(learningRate, nameof(learningRate));
        Check.NonNegative(weightDecay, nameof(weightDecay));
        if (weightDecayScope != WeightDecayScope.AllParameters && weightDecayScope != WeightDecayScope.WeightsOnly)
            throw new ArgumentOutOfRangeException(nameof(weightDecayScope), weightDecayScope, $"Unknown weight decay scope {weightDecayScope}.");
        _learningRate = learningRate;
        WeightDecay = weightDecay;
        WeightDecayScope = weightDecayScope;
        _runs = BuildRuns(parameters, weightDecay != 0, weightDecayScope);
    }

    /// <summary>The parameters (values and gradients) this optimizer updates.</summary>
    public ParameterBuffer Parameters { get; }

    /// <summary>
    /// The learning rate used by the next <see cref="Step"/> (PyTorch's <c>param_group['lr']</c>); schedulers set it.
    /// Must be finite and ≥ 0. Kept in double precision, as PyTorch keeps it (a Python float): schedulers compute their
    /// recursive forms on it so that hundreds of epochs do not accumulate float rounding; each step casts it to float once.
    /// </summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            ValidateLearningRate(value, nameof(value));
            _learningRate = value;
        }
    }

    /// <summary>
    /// The base learning rate schedulers start from (PyTorch's <c>param_group['initial_lr']</c>). Until it is
    /// set (by a scheduler or by hand) it reads as the current <see cref="LearningRate"/>; the first scheduler
    /// attached to the optimizer fixes it, like PyTorch's <c>setdefault('initial_lr', lr)</c>. Must be finite and ≥ 0.
    /// </summary>
    public double InitialLearningRate
    {
        get => _initialLearningRate ?? _learningRate;
        set
        {
            ValidateLearningRate(value, nameof(value));
            _initialLearningRate = value;
        }
    }

    /// <summary>PyTorch's <c>group.setdefault('initial_lr', group['lr'])</c>.</summary>
    internal double EnsureInitialLearningRate()
    {
        _initialLearningRate ??= _learningRate;
        return _initialLearningRate.Value;
    }

    /// <summary>The weight decay λ (coupled L2 for all but <see cref="AdamW"/>, where it is decoupled).</summary>
    public double WeightDecay { get; }

    /// <summary>Which tensors <see cref="WeightDecay"/> applies to.</summary>
    public WeightDecayScope WeightDecayScope { get; }

    /// <summary>
    /// Number of <see cref="Step"/> calls since construction or <see cref="Reset"/> (PyTorch's <c>state['step']</c>;
    /// Adam's bias correction and Adagrad's lr decay use it). Settable to restore a checkpoint; must be ≥ 0.
    /// </summary>
    public long StepCount
    {
        get => _stepCount;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, $"The step count must be ≥ 0, got {value}.");
            _stepCount = value;
        }
    }

    /// <summary>
    /// The per-parameter state buffers, named like PyTorch's state entries. The arrays are live: copy them out to
    /// save a checkpoint and copy into them (together with <see cref="StepCount"/>) to restore one.
    /// </summary>
    public IReadOnlyList<OptimizerState> State => _state;

    /// <inheritdoc/>
    IReadOnlyList<(string Name, float[] Values)> NetGen.IO.ICheckpointState.CheckpointBuffers
    {
        get
        {
            var buffers = new (string, float[])[_state.Length];
            for (int i = 0; i < _state.Length; i++) buffers[i] = (_state[i].Name, _state[i].Values);
            return buffers;
        }
    }

    /// <inheritdoc/>
    long NetGen.IO.ICheckpointState.StepCount
    {
        get => StepCount;
        set
        {
            StepCount = value;
            OnStateRestored();
        }
    }

    /// <summary>Called after a checkpoint restored <see cref="State"/> and <see cref="StepCount"/>.</summary>
    private protected virtual void OnStateRestored() { }

    /// <summary>Applies one update to <see cref="ParameterBuffer.Values"/> from the current gradients.</summary>
    public void Step()
    {
        _stepCount++;
        Span<float> values = Parameters.Values;
        Span<float> gradients = Parameters.Gradients;
        foreach (DecayRun run in _runs)
            Update(values.Slice(run.Start, run.Length), gradients.Slice(run.Start, run.Length), run.Start, run.Decay);
        AfterStep();
    }

    /// <summary>Zeroes every state buffer (Adagrad: back to its initial accumulator value) and the step count.</summary>
    public void Reset()
    {
        _stepCount = 0;
        ResetState();
    }

    /// <summary>Updates one contiguous run of parameters; <paramref name="decay"/> says whether weight decay applies.</summary>
    private protected abstract void Update(Span<float> values, ReadOnlySpan<float> gradients, int offset, bool decay);

    /// <summary>Called once after every run of a step has been updated.</summary>
    private protected virtual void AfterStep()
    {
    }

    /// <summary>Restores the state buffers to their initial contents.</summary>
    private protected abstract void ResetState();

    /// <summary>Publishes the current state buffers.</summary>
    private protected void SetState(params OptimizerState[] state) => _state = state;

    /// <summary>A state buffer's slice for the run at <paramref name="offset"/>, or empty when absent.</summary>
    private protected static Span<float> Slice(float[]? buffer, int offset, int length) =>
        buffer is null ? Span<float>.Empty : buffer.AsSpan(offset, length);

    private static void ValidateLearningRate(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Invalid learning rate: {Check.Format(value)} (must be finite and ≥ 0).");
    }

    private static DecayRun[] BuildRuns(ParameterBuffer parameters, bool hasDecay, WeightDecayScope scope)
    {
        int count = parameters.Count;
        if (count == 0) return Array.Empty<DecayRun>();
        if (!hasDecay || scope == WeightDecayScope.AllParameters)
            return new[] { new DecayRun(0, count, hasDecay) };
        var runs = new List<DecayRun>();
        IReadOnlyList<ParameterInfo> layout = parameters.Layout;
        for (int i = 0; i < layout.Count; i++)
        {
            ParameterInfo p = layout[i];
            bool decay = p.Role == ParameterRole.Weight;
            if (runs.Count > 0 && runs[^1].Decay == decay)
                runs[^1] = new DecayRun(runs[^1].Start, runs[^1].Length + p.Length, decay);
            else
                runs.Add(new DecayRun(p.Offset, p.Length, decay));
        }
        return runs.ToArray();
    }

    private readonly record struct DecayRun(int Start, int Length, bool Decay);
}

/// <summary>Argument checks shared by optimizers, schedulers and penalties (messages name argument and value).</summary>
internal static class Check
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"Invalid {name} value: {Format(value)} (must be finite and ≥ 0).");
    }

    public static void Beta(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"Invalid {name} value: {Format(value)} (must be in [0, 1)).");
    }
}
