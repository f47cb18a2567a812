using System.Collections.Generic;

namespace NetGen.Training;

/// <summary>
/// What <see cref="NetworkTraining.Fit"/> returns (Keras' <c>History</c>): one <see cref="EpochResult"/> per epoch run and
/// why training ended.
/// </summary>
/// <remarks>Thread safety: not thread-safe while Fit adds to it; safe for concurrent reads once Fit returned.</remarks>
public sealed class History
{
    private readonly List<EpochResult> _epochs;

    /// <summary>Creates an empty history with room for <paramref name="capacity"/> epochs.</summary>
    public History(int capacity = 0) => _epochs = new List<EpochResult>(capacity);

    /// <summary>The epochs run, in order (the last may be incomplete, see <see cref="EpochResult.Completed"/>).</summary>
    public IReadOnlyList<EpochResult> Epochs => _epochs;

    /// <summary>Whether a callback stopped training (<see cref="StopReason"/> says which and why); this can happen on the last requested epoch too.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>Why training stopped early (for example "EarlyStopping: …" or "TerminateOnNaN: …"); <see langword="null"/> when all epochs ran.</summary>
    public string? StopReason { get; internal set; }

    /// <summary>The epoch whose weights the network holds at the end when a callback restored them (EarlyStopping with restoreBestWeights); otherwise <see langword="null"/>.</summary>
    public int? RestoredEpoch { get; internal set; }

    /// <summary>
    /// The completed epoch with the lowest validation loss, or the lowest training loss without validation data
    /// (the first one on ties); <see langword="null"/> when no epoch completed.
    /// </summary>
    public int? BestEpoch
    {
        get
        {
            EpochResult? best = null;
            foreach (EpochResult e in _epochs)
            {
                if (!e.Completed) continue;
                double v = e.ValidationLoss ?? e.TrainLoss;
                if (double.IsNaN(v)) continue;
                if (best is null || v < (best.ValidationLoss ?? best.TrainLoss)) best = e;
            }
            return best?.Epoch;
        }
    }

    /// <summary>The values of one log entry (<c>loss</c>, <c>val_loss</c>, <c>accuracy</c>, <c>lr</c>, …) per epoch, NaN where absent.</summary>
    public double[] Values(string name)
    {
        var values = new double[_epochs.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = _epochs[i].TryGetValue(name, out double v) ? v : double.NaN;
        return values;
    }

    internal void Add(EpochResult result) => _epochs.Add(result);
}
