using System;
using NetGen.Losses;
using NetGen.Optimizers;

namespace NetGen.Training;

/// <summary>
/// Hooks into <see cref="NetworkTraining.Fit"/> (Keras' <c>Callback</c>). Every method does nothing by default.
/// Order per epoch: for each batch <see cref="OnBatchLoss"/> (before backward and the optimizer step), then
/// <see cref="OnBatchEnd"/> (after the step); at the end of the epoch (after validation) the record is added to the
/// history, <see cref="OnEpochEnd"/> runs for each callback in list order, then the scheduler steps and the
/// progress line is reported. A callback stops training with <see cref="TrainingContext.Stop"/>.
/// </summary>
/// <remarks>Thread safety: not thread-safe; Fit calls a callback from its own thread, one call at a time.</remarks>
public abstract class Callback
{
    /// <summary>Called once before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingContext context) { }

    /// <summary>
    /// Called for each training batch after the loss is computed and BEFORE backward and the optimizer step. Stopping
    /// here skips this batch's update, so the weights are those from before the batch (used by <see cref="TerminateOnNaN"/>).
    /// </summary>
    /// <param name="context">The training state.</param>
    /// <param name="batch">The batch index within the epoch, from 0.</param>
    /// <param name="loss">The batch loss.</param>
    public virtual void OnBatchLoss(TrainingContext context, int batch, float loss) { }

    /// <summary>Called after each training batch's optimizer step. Stopping here ends the epoch after this batch.</summary>
    /// <param name="context">The training state.</param>
    /// <param name="batch">The batch index within the epoch, from 0.</param>
    /// <param name="loss">The batch loss.</param>
    public virtual void OnBatchEnd(TrainingContext context, int batch, float loss) { }

    /// <summary>Called after each completed epoch, with its record (already in <see cref="TrainingContext.History"/>).</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochResult result) { }

    /// <summary>Called once after the last epoch (also after an early stop), before Fit restores the caller's mode.</summary>
    public virtual void OnTrainEnd(TrainingContext context) { }
}

/// <summary>The state of a running <see cref="NetworkTraining.Fit"/> that callbacks see.</summary>
/// <remarks>Thread safety: not thread-safe; read and changed by callbacks on Fit's thread.</remarks>
public sealed class TrainingContext
{
    internal TrainingContext(INetwork network, Loss loss, Optimizer optimizer, int epochs, int batchesPerEpoch, bool hasValidation, History history)
    {
        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        Epochs = epochs;
        BatchesPerEpoch = batchesPerEpoch;
        HasValidation = hasValidation;
        History = history;
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The training loss.</summary>
    public Loss Loss { get; }

    /// <summary>The optimizer (its learning rate may be changed by callbacks).</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The number of epochs requested.</summary>
    public int Epochs { get; }

    /// <summary>Training batches per epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Whether there is validation data (so <c>val_loss</c> exists).</summary>
    public bool HasValidation { get; }

    /// <summary>The current epoch, from 1 (0 before the first).</summary>
    public int Epoch { get; internal set; }

    /// <summary>The history so far.</summary>
    public History History { get; }

    /// <summary>Whether a callback asked to stop.</summary>
    public bool StopTraining { get; private set; }

    /// <summary>Why (the first reason given).</summary>
    public string? StopReason { get; private set; }

    /// <summary>Asks Fit to stop (see <see cref="Callback"/> for when it takes effect); the first reason is kept.</summary>
    /// <param name="reason">A sentence saying why, shown in <see cref="History.StopReason"/>.</param>
    public void Stop(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        StopTraining = true;
        StopReason ??= reason;
    }
}

/// <summary>Whether a monitored quantity should fall or rise.</summary>
public enum MonitorMode
{
    /// <summary>Max for names containing <c>acc</c> or <c>auc</c> (accuracy), otherwise Min — Keras' <c>'auto'</c>.</summary>
    Auto = 0,

    /// <summary>Lower is better.</summary>
    Min = 1,

    /// <summary>Higher is better.</summary>
    Max = 2,
}
