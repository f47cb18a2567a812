using System;
using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>
/// Linear warm-up (or decay) of a multiplicative factor from <see cref="StartFactor"/> to <see cref="EndFactor"/>
/// over <see cref="TotalIters"/> epochs, then constant (PyTorch's <c>LinearLR</c>, recursive form):
/// lr = base·(start + (end − start)·min(epoch, total)/total) when nothing else changes it.
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class LinearLR : LearningRateScheduler
{
    /// <summary>Creates the scheduler; this is epoch 0 (the rate becomes base·startFactor).</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="startFactor">Factor at epoch 0, in (0, 1].</param>
    /// <param name="endFactor">Factor from epoch <paramref name="totalIters"/> on, in [0, 1].</param>
    /// <param name="totalIters">Number of epochs of the ramp, &gt; 0.</param>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer)
    {
        if (!(startFactor > 0 && startFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"startFactor must be in (0, 1], got {Format(startFactor)}.");
        if (!(endFactor >= 0 && endFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, $"endFactor must be in [0, 1], got {Format(endFactor)}.");
        Positive(totalIters, nameof(totalIters));
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        Initialize();
    }

    /// <summary>Factor at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>Factor from epoch <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>Number of epochs of the ramp.</summary>
    public int TotalIters { get; }

    private protected override double ComputeLearningRate(int epoch, double current)
    {
        if (epoch == 0) return current * StartFactor;
        if (epoch > TotalIters) return current;
        return current * (1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (epoch - 1) * (EndFactor - StartFactor)));
    }
}
