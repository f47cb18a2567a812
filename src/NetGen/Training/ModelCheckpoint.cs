using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.IO;

namespace NetGen.Training;

/// <summary>
/// Saves the network at the end of epochs (Keras' <c>ModelCheckpoint</c>, weights only) with
/// <see cref="Checkpoint.Save(string, INetwork, ICheckpointState?, System.Collections.Generic.IReadOnlyDictionary{string, string}?)"/>: the parameters under their names and the buffers (batch-norm running statistics)
/// as extra tensors under theirs, plus metadata <c>epoch</c> and the monitored value.
/// </summary>
/// <remarks>
/// With <c>saveBestOnly</c> (the default) a file is written only when the monitored value improves strictly on the best
/// so far (Min: lower, Max: higher; the first finite value always does), as Keras does; otherwise after every epoch.
/// <c>{epoch}</c> in the path is replaced by the epoch number. Saves are atomic (see <see cref="Checkpoint"/>).
/// <para>Thread safety: not thread-safe; Fit calls a callback from its own thread, one call at a time.</para>
/// </remarks>
public sealed class ModelCheckpoint : Callback
{
    private readonly bool _max;

    /// <summary>Creates the callback.</summary>
    /// <param name="path">The file to write; may contain <c>{epoch}</c>.</param>
    /// <param name="monitor">The log name deciding what is best (default <c>val_loss</c>).</param>
    /// <param name="saveBestOnly">Write only on improvement (default) or after every epoch.</param>
    /// <param name="mode">Whether the value should fall or rise; Auto picks Max for accuracy-like names.</param>
    public ModelCheckpoint(string path, string monitor = "val_loss", bool saveBestOnly = true, MonitorMode mode = MonitorMode.Auto)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        if (string.IsNullOrWhiteSpace(monitor)) throw new ArgumentException("monitor must name a logged value such as 'val_loss'.", nameof(monitor));
        if (mode is not (MonitorMode.Auto or MonitorMode.Min or MonitorMode.Max))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown mode {(int)mode}.");
        Path = path;
        Monitor = monitor;
        SaveBestOnly = saveBestOnly;
        _max = EarlyStopping.IsMax(monitor, mode);
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The target path (may contain <c>{epoch}</c>).</summary>
    public string Path { get; }

    /// <summary>The monitored log name.</summary>
    public string Monitor { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>The best monitored value so far.</summary>
    public double Best { get; private set; }

    /// <summary>The epochs (from 1) that were saved, in order.</summary>
    public IReadOnlyList<int> SavedEpochs => _saved;

    private readonly List<int> _saved = new();

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        _saved.Clear();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        double current = MonitorValue.Get(result, Monitor, nameof(ModelCheckpoint));
        if (SaveBestOnly)
        {
            if (!(_max ? current > Best : current < Best)) return;
            Best = current;
        }
        Save(context.Network, result.Epoch, current);
    }

    private void Save(INetwork network, int epoch, double value)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["epoch"] = epoch.ToString(c),
            [Monitor] = value.ToString("R", c),
        };
        string path = Path.Replace("{epoch}", epoch.ToString(c), StringComparison.Ordinal);
        Checkpoint.Save(path, network, metadata: metadata);
        _saved.Add(epoch);
    }
}
