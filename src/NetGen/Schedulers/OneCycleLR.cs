using System;
using System.Globalization;
using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>How <see cref="OneCycleLR"/> interpolates within a phase.</summary>
public enum AnnealStrategy
{
    /// <summary>Cosine annealing (PyTorch's <c>'cos'</c>).</summary>
    Cosine = 0,

    /// <summary>Linear annealing (PyTorch's <c>'linear'</c>).</summary>
    Linear = 1,
}

/// <summary>
/// The 1cycle policy (PyTorch's <c>OneCycleLR</c>), stepped once per batch: the rate rises from
/// <c>maxLearningRate / divFactor</c> to <see cref="MaxLearningRate"/> over <c>pctStart·totalSteps</c> steps, then anneals to
/// <c>initial / finalDivFactor</c> (with <c>threePhase</c>: back to the initial rate first, then down to the minimum).
/// With <c>cycleMomentum</c> (the default, as in PyTorch) the optimizer's momentum — SGD/RMSprop momentum or Adam's
/// β₁, through <see cref="IMomentumOptimizer"/> — moves inversely between <c>maxMomentum</c> and <c>baseMomentum</c>.
/// Construction sets the optimizer's <see cref="Optimizer.InitialLearningRate"/> to <c>maxLearningRate / divFactor</c>.
/// Like PyTorch, the scheduler may be stepped <c>totalSteps</c> times after construction (so a loop that steps after
/// every batch works); the last of those steps lies one step past the schedule, where PyTorch extrapolates the final
/// phase: with linear annealing that gives a negative rate, which is clamped to 0 here (the only deviation). Stepping
/// more than <c>totalSteps</c> times throws <see cref="InvalidOperationException"/>.
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class OneCycleLR : LearningRateScheduler
{
    private readonly Phase[] _phases;
    private readonly IMomentumOptimizer? _momentumOptimizer;

    /// <summary>Creates the scheduler; this is step 0 (rate = maxLearningRate / divFactor, momentum = maxMomentum).</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="maxLearningRate">Peak learning rate (PyTorch's <c>max_lr</c>), &gt; 0.</param>
    /// <param name="totalSteps">Number of steps in the cycle, &gt; 0.</param>
    /// <param name="pctStart">Fraction of the cycle spent increasing the rate, in [0, 1].</param>
    /// <param name="annealStrategy">Cosine or linear interpolation.</param>
    /// <param name="cycleMomentum">Whether to cycle the optimizer's momentum (requires an <see cref="IMomentumOptimizer"/>).</param>
    /// <param name="baseMomentum">Lowest momentum (at the peak rate).</param>
    /// <param name="maxMomentum">Highest momentum (at the start and end).</param>
    /// <param name="divFactor">initial rate = maxLearningRate / divFactor; &gt; 0.</param>
    /// <param name="finalDivFactor">minimum rate = initial rate / finalDivFactor; &gt; 0.</param>
    /// <param name="threePhase">Use PyTorch's three-phase schedule.</param>
    public OneCycleLR(Optimizer optimizer, double maxLearningRate, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cosine,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25.0, double finalDivFactor = 1e4,
        bool threePhase = false)
        : base(optimizer)
    {
        Positive(maxLearningRate, nameof(maxLearningRate));
        Positive(totalSteps, nameof(totalSteps));
        if (!(pctStart >= 0 && pctStart <= 1))
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, $"pctStart must be in [0, 1], got {Format(pctStart)}.");
        if (annealStrategy != AnnealStrategy.Cosine && annealStrategy != AnnealStrategy.Linear)
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, $"Unknown anneal strategy {annealStrategy}.");
        Positive(divFactor, nameof(divFactor));
        Positive(finalDivFactor, nameof(finalDivFactor));
        if (cycleMomentum)
        {
            _momentumOptimizer = optimizer as IMomentumOptimizer
                ?? throw new ArgumentException($"cycleMomentum requires an optimizer with a momentum or beta1 ({nameof(IMomentumOptimizer)}); {optimizer.GetType().Name} has none. Pass cycleMomentum: false.", nameof(cycleMomentum));
            CheckMomentum(baseMomentum, nameof(baseMomentum));
            CheckMomentum(maxMomentum, nameof(maxMomentum));
        }

        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        AnnealStrategy = annealStrategy;
        double initialLearningRate = maxLearningRate / divFactor;
        double minLearningRate = initialLearningRate / finalDivFactor;
        double first = pctStart * totalSteps - 1;
        _phases = threePhase
            ? new[]
            {
                new Phase(first, initialLearningRate, maxLearningRate, maxMomentum, baseMomentum),
                new Phase(2 * pctStart * totalSteps - 2, maxLearningRate, initialLearningRate, baseMomentum, maxMomentum),
                new Phase(totalSteps - 1, initialLearningRate, minLearningRate, maxMomentum, maxMomentum),
            }
            : new[]
            {
                new Phase(first, initialLearningRate, maxLearningRate, maxMomentum, baseMomentum),
                new Phase(totalSteps - 1, maxLearningRate, minLearningRate, baseMomentum, maxMomentum),
            };

        // PyTorch sets group['initial_lr'] unconditionally and the momentum to max_momentum before the first step.
        optimizer.InitialLearningRate = initialLearningRate;
        if (_momentumOptimizer is not null) _momentumOptimizer.Momentum = maxMomentum;
        Initialize();
    }

    /// <summary>Peak learning rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Number of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>Interpolation within a phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>The momentum (or β₁) set by the last step; NaN when momentum is not cycled.</summary>
    public double LastMomentum { get; private set; } = double.NaN;

    private protected override double ComputeLearningRate(int epoch, double current)
    {
        if (epoch > TotalSteps)
            throw new InvalidOperationException($"Tried to step {(epoch + 1).ToString(CultureInfo.InvariantCulture)} times. The specified number of total steps is {TotalSteps.ToString(CultureInfo.InvariantCulture)}.");
        double start = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            Phase phase = _phases[i];
            if (epoch <= phase.EndStep || i == _phases.Length - 1)
            {
                double pct = (epoch - start) / (phase.EndStep - start);
                double lr = Anneal(phase.StartLearningRate, phase.EndLearningRate, pct);
                if (_momentumOptimizer is not null)
                {
                    double momentum = Anneal(phase.StartMomentum, phase.EndMomentum, pct);
                    _momentumOptimizer.Momentum = momentum;
                    LastMomentum = momentum;
                }
                return Math.Max(lr, 0.0);
            }
            start = phase.EndStep;
        }
        throw new InvalidOperationException("unreachable");
    }

    private double Anneal(double start, double end, double pct) => AnnealStrategy == AnnealStrategy.Cosine
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;

    private static void CheckMomentum(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), got {Format(value)}.");
    }

    private readonly record struct Phase(double EndStep, double StartLearningRate, double EndLearningRate, double StartMomentum, double EndMomentum);
}
