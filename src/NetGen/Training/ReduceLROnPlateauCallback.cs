using System;
using NetGen.Schedulers;

namespace NetGen.Training;

/// <summary>
/// Steps a <see cref="ReduceLROnPlateau"/> scheduler at the end of every epoch with a monitored value (Keras'
/// <c>ReduceLROnPlateau</c> callback, PyTorch's scheduler underneath): by default the validation loss when there is
/// validation data, else the training loss. The scheduler's own mode (min/max) applies.
/// </summary>
/// <remarks>Thread safety: not thread-safe; Fit calls a callback from its own thread, one call at a time.</remarks>
public sealed class ReduceLROnPlateauCallback : Callback
{
    /// <summary>Wraps <paramref name="scheduler"/>.</summary>
    /// <param name="scheduler">The scheduler; its optimizer must be the one passed to Fit.</param>
    /// <param name="monitor">The log name to feed it; <see langword="null"/> for <c>val_loss</c> with validation data, else <c>loss</c>.</param>
    public ReduceLROnPlateauCallback(ReduceLROnPlateau scheduler, string? monitor = null)
    {
        Scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        Monitor = monitor;
    }

    /// <summary>The wrapped scheduler.</summary>
    public ReduceLROnPlateau Scheduler { get; }

    /// <summary>The monitored name, or <see langword="null"/> for the default.</summary>
    public string? Monitor { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ReferenceEquals(Scheduler.Optimizer, context.Optimizer))
            throw new ArgumentException("The ReduceLROnPlateau scheduler drives a different optimizer than the one passed to Fit.", "callbacks");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        string monitor = Monitor ?? (result.ValidationLoss.HasValue ? "val_loss" : "loss");
        Scheduler.Step(MonitorValue.Get(result, monitor, nameof(ReduceLROnPlateauCallback)));
    }
}
