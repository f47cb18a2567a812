using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Optimizers;

namespace NetGen.Schedulers;

/// <summary>
/// Multiplies the learning rate by γ when the epoch reaches each milestone (PyTorch's <c>MultiStepLR</c>; a milestone
/// listed twice multiplies by γ²).
/// </summary>
/// <remarks>Thread safety: not thread-safe; a scheduler changes its optimizer's learning rate, so use it on the thread that trains.</remarks>
public sealed class MultiStepLR : LearningRateScheduler
{
    private readonly int[] _milestones;

    /// <summary>Creates the scheduler; this is epoch 0.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="milestones">Epochs at which to decay: ≥ 0 and non-decreasing.</param>
    /// <param name="gamma">Multiplicative factor γ &gt; 0.</param>
    public MultiStepLR(Optimizer optimizer, IReadOnlyList<int> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        if (milestones is null) throw new ArgumentNullException(nameof(milestones));
        _milestones = new int[milestones.Count];
        for (int i = 0; i < milestones.Count; i++)
        {
            int m = milestones[i];
            if (m < 0)
                throw new ArgumentOutOfRangeException(nameof(milestones), m, $"milestones[{i}] = {m.ToString(CultureInfo.InvariantCulture)} is negative; milestones are epochs ≥ 0.");
            if (i > 0 && m < _milestones[i - 1])
                throw new ArgumentException($"milestones must be sorted in increasing order, but milestones[{i - 1}] = {_milestones[i - 1].ToString(CultureInfo.InvariantCulture)} > milestones[{i}] = {m.ToString(CultureInfo.InvariantCulture)}.", nameof(milestones));
            _milestones[i] = m;
        }
        Positive(gamma, nameof(gamma));
        Gamma = gamma;
        Initialize();
    }

    /// <summary>The milestones (epochs).</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>Multiplicative factor γ.</summary>
    public double Gamma { get; }

    private protected override double ComputeLearningRate(int epoch, double current)
    {
        int count = 0;
        foreach (int m in _milestones)
            if (m == epoch) count++;
        return count == 0 ? current : current * Math.Pow(Gamma, count);
    }
}
