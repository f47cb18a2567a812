using System;
using System.Globalization;
using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a quantity that should fall or rise.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss): PyTorch's <c>'min'</c>.</summary>
    Min = 0,

    /// <summary>Higher is better (an accuracy): PyTorch's <c>'max'</c>.</summary>
    Max = 1,
}

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved.</summary>
public enum ThresholdMode
{
    /// <summary>Better than best·(1 ∓ threshold): PyTorch's <c>'rel'</c>.</summary>
    Relative = 0,

    /// <summary>Better than best ∓ threshold: PyTorch's <c>'abs'</c>.</summary>
    Absolute = 1,
}

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when a metric has not improved for more than
/// <see cref="Patience"/> epochs (PyTorch's <c>ReduceLROnPlateau</c>), then waits <see cref="Cooldown"/> epochs
/// before counting bad epochs again; never below <see cref="MinLearningRate"/>, and only when the change exceeds
/// <see cref="Epsilon"/>. Call <see cref="Step(double)"/> once per epoch with the validation metric.
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class ReduceLROnPlateau
{
    /// <summary>Creates the scheduler (PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 relative).</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="mode">Whether lower or higher metrics are better.</param>
    /// <param name="factor">Reduction factor, in [0, 1).</param>
    /// <param name="patience">Number of epochs without improvement tolerated, ≥ 0.</param>
    /// <param name="threshold">Minimum improvement that counts, ≥ 0.</param>
    /// <param name="thresholdMode">Relative or absolute threshold.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting bad epochs, ≥ 0.</param>
    /// <param name="minLearningRate">Lower bound on the learning rate (PyTorch's <c>min_lr</c>), ≥ 0.</param>
    /// <param name="epsilon">Minimal decay: smaller changes are ignored, ≥ 0.</param>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Relative, int cooldown = 0, double minLearningRate = 0, double epsilon = 1e-8)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        if (mode != PlateauMode.Min && mode != PlateauMode.Max)
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown mode {mode}.");
        if (thresholdMode != ThresholdMode.Relative && thresholdMode != ThresholdMode.Absolute)
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, $"Unknown threshold mode {thresholdMode}.");
        if (!(factor >= 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor must be in [0, 1), got {Check.Format(factor)}.");
        if (patience < 0)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"patience must be ≥ 0, got {patience.ToString(CultureInfo.InvariantCulture)}.");
        if (cooldown < 0)
            throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"cooldown must be ≥ 0, got {cooldown.ToString(CultureInfo.InvariantCulture)}.");
        Check.NonNegative(threshold, nameof(threshold));
        Check.NonNegative(minLearningRate, nameof(minLearningRate));
        Check.NonNegative(epsilon, nameof(epsilon));
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        Epsilon = epsilon;
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        LastLearningRate = optimizer.LearningRate;
    }

    /// <summary>The optimizer whose learning rate is reduced.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Whether lower or higher metrics are better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>Reduction factor.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>Minimum improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound on the learning rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>Minimal decay.</summary>
    public double Epsilon { get; }

    /// <summary>Number of <see cref="Step(double)"/> calls (PyTorch's <c>last_epoch</c>).</summary>
    public int Epoch { get; private set; }

    /// <summary>Best metric seen so far (±∞ before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement.</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Remaining cooldown epochs.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>The learning rate after the last step (the optimizer's rate before any step).</summary>
    public double LastLearningRate { get; private set; }

    /// <summary>Records this epoch's metric and reduces the learning rate if it has plateaued.</summary>
    public void Step(double metric)
    {
        Epoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadEpochs = 0;
        }

        if (BadEpochs > Patience)
        {
            double oldLr = Optimizer.LearningRate;
            double newLr = Math.Max(oldLr * Factor, MinLearningRate);
            if (oldLr - newLr > Epsilon) Optimizer.LearningRate = newLr;
            CooldownCounter = Cooldown;
            BadEpochs = 0;
        }

        LastLearningRate = Optimizer.LearningRate;
    }

    private bool IsBetter(double a, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Relative) => a < best * (1.0 - Threshold),
        (PlateauMode.Min, ThresholdMode.Absolute) => a < best - Threshold,
        (PlateauMode.Max, ThresholdMode.Relative) => a > best * (Threshold + 1.0),
        _ => a > best + Threshold,
    };
}
