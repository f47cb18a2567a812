using System;
using System.Globalization;

namespace NetGen.Training;

/// <summary>
/// Stops training when a monitored quantity has stopped improving — Keras' <c>EarlyStopping</c> (Keras 3 semantics,
/// no baseline, no start_from_epoch).
/// </summary>
/// <remarks>
/// <para>At the end of each epoch: <c>wait += 1</c>; if the value improved on the best so far (Min: value + minDelta &lt;
/// best; Max: value − minDelta &gt; best; the first epoch always improves unless NaN) it becomes the best, the weights
/// are copied when <c>restoreBestWeights</c>, and <c>wait = 0</c>; otherwise, when <c>wait ≥ patience</c> (and it is not
/// the first epoch), training stops. So with patience p, training stops p epochs after the best one.</para>
/// <para>Restoring: with <c>restoreBestWeights</c> the network gets the parameters AND buffers (batch-norm running
/// statistics) of the best epoch back at the end of training — whether it stopped early or ran every epoch (Keras 3;
/// Keras 2 restored only when stopping early). Copies are made into arrays allocated once at the start of training.</para>
/// <para>Thread safety: not thread-safe; Fit calls a callback from its own thread, one call at a time.</para>
/// </remarks>
public sealed class EarlyStopping : Callback
{
    private float[] _bestValues = Array.Empty<float>();
    private float[] _bestBuffers = Array.Empty<float>();
    private bool _haveWeights;
    private bool _max;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The log name to watch: <c>val_loss</c> (default), <c>loss</c>, <c>val_accuracy</c>, …</param>
    /// <param name="patience">Epochs without improvement before stopping (≥ 0).</param>
    /// <param name="minDelta">Smallest change that counts as an improvement (its absolute value is used).</param>
    /// <param name="mode">Whether the value should fall or rise; Auto picks Max for accuracy-like names.</param>
    /// <param name="restoreBestWeights">Put the best epoch's weights back at the end of training.</param>
    /// <exception cref="ArgumentException">Empty monitor, negative patience, NaN/infinite minDelta or an unknown mode.</exception>
    public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto, bool restoreBestWeights = false)
    {
        if (string.IsNullOrWhiteSpace(monitor)) throw new ArgumentException("monitor must name a logged value such as 'val_loss'.", nameof(monitor));
        if (patience < 0)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"patience ({patience.ToString(CultureInfo.InvariantCulture)}) must be ≥ 0.");
        if (!double.IsFinite(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"minDelta ({minDelta.ToString("R", CultureInfo.InvariantCulture)}) must be finite.");
        if (mode is not (MonitorMode.Auto or MonitorMode.Min or MonitorMode.Max))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown mode {(int)mode}.");
        Monitor = monitor;
        Patience = patience;
        MinDelta = Math.Abs(minDelta);
        Mode = mode;
        RestoreBestWeights = restoreBestWeights;
        _max = IsMax(monitor, mode);
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The watched log name.</summary>
    public string Monitor { get; }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>Smallest improvement that counts (non-negative).</summary>
    public double MinDelta { get; }

    /// <summary>The requested mode.</summary>
    public MonitorMode Mode { get; }

    /// <summary>Whether the best weights are restored at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>The best value so far.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch (from 1) of <see cref="Best"/>; 0 before any.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epochs since the last improvement (Keras' <c>wait</c>).</summary>
    public int Wait { get; private set; }

    /// <summary>The epoch (from 1) at which this callback stopped training; 0 if it did not.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>Whether <paramref name="monitor"/> in <paramref name="mode"/> is maximised (Auto: names containing acc or auc).</summary>
    internal static bool IsMax(string monitor, MonitorMode mode) => mode switch
    {
        MonitorMode.Max => true,
        MonitorMode.Min => false,
        _ => monitor.Contains("acc", StringComparison.Ordinal) || monitor.Contains("auc", StringComparison.Ordinal),
    };

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        Best = _max ? double.NegativeInfinity : double.PositiveInfinity;
        _haveWeights = false;
        if (RestoreBestWeights)
        {
            if (_bestValues.Length != context.Network.Parameters.Count) _bestValues = new float[context.Network.Parameters.Count];
            if (_bestBuffers.Length != context.Network.Buffers.Count) _bestBuffers = new float[context.Network.Buffers.Count];
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        double current = MonitorValue.Get(result, Monitor, nameof(EarlyStopping));
        if (RestoreBestWeights && !_haveWeights) Snapshot(context.Network);
        Wait++;
        if (_max ? current - MinDelta > Best : current + MinDelta < Best)
        {
            Best = current;
            BestEpoch = result.Epoch;
            if (RestoreBestWeights) Snapshot(context.Network);
            Wait = 0;
            return;
        }
        if (Wait >= Patience && result.Epoch > 1)
        {
            StoppedEpoch = result.Epoch;
            string best = BestEpoch > 0
                ? string.Create(CultureInfo.InvariantCulture, $"best {Best:G6} at epoch {BestEpoch}")
                : "no finite value seen";
            context.Stop(string.Create(CultureInfo.InvariantCulture,
                $"EarlyStopping: {Monitor} did not improve by more than {MinDelta:G6} for {Wait} epoch(s) (patience {Patience}); {best}; stopped after epoch {result.Epoch}."));
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RestoreBestWeights || !_haveWeights) return;
        _bestValues.CopyTo(context.Network.Parameters.Values);
        _bestBuffers.CopyTo(context.Network.Buffers.Values);
        context.History.RestoredEpoch = BestEpoch > 0 ? BestEpoch : null;
    }

    private void Snapshot(INetwork network)
    {
        network.Parameters.Values.CopyTo(_bestValues);
        network.Buffers.Values.CopyTo(_bestBuffers);
        _haveWeights = true;
    }
}

/// <summary>Looks up a monitored value, failing clearly when it is not logged.</summary>
internal static class MonitorValue
{
    public static double Get(EpochResult result, string monitor, string owner)
    {
        if (result.TryGetValue(monitor, out double value)) return value;
        var names = new System.Collections.Generic.List<string> { "loss", "lr" };
        if (result.ValidationLoss.HasValue) names.Add("val_loss");
        names.AddRange(result.Metrics.Keys);
        throw new InvalidOperationException(
            $"{owner} monitors '{monitor}', which epoch {result.Epoch.ToString(CultureInfo.InvariantCulture)} did not log (available: {string.Join(", ", names)}). Pass validation data for val_* names, or add the metric.");
    }
}
