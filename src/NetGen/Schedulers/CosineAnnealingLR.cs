using System;
using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>
/// Cosine annealing from the base rate to <see cref="EtaMin"/> over <see cref="TMax"/> epochs (PyTorch's
/// <c>CosineAnnealingLR</c>), in PyTorch's recursive form, so past <c>T_max</c> the rate rises back along the cosine
/// (period 2·T_max) exactly as <c>torch.optim</c> produces it:
/// <code>
/// lr_t = η_min + (lr_{t−1} − η_min)·(1 + cos(π·t/T)) / (1 + cos(π·(t−1)/T)),
/// lr_t = lr_{t−1} + (base − η_min)·(1 − cos(π/T))/2   when (t − 1 − T) mod 2T = 0.
/// </code>
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class CosineAnnealingLR : LearningRateScheduler
{
    /// <summary>Creates the scheduler; this is epoch 0.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="tMax">Half-period T_max in epochs, &gt; 0.</param>
    /// <param name="etaMin">Minimum learning rate η_min ≥ 0.</param>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        Positive(tMax, nameof(tMax));
        Check.NonNegative(etaMin, nameof(etaMin));
        TMax = tMax;
        EtaMin = etaMin;
        Initialize();
    }

    /// <summary>Half-period T_max in epochs.</summary>
    public int TMax { get; }

    /// <summary>Minimum learning rate η_min.</summary>
    public double EtaMin { get; }

    private protected override double ComputeLearningRate(int epoch, double current)
    {
        if (epoch == 0) return current;
        if ((epoch - 1 - TMax) % (2 * TMax) == 0)
            return current + (BaseLearningRate - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        return (1 + Math.Cos(Math.PI * epoch / TMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / TMax)) * (current - EtaMin) + EtaMin;
    }
}
