using System.Globalization;

namespace NetGen.Training;

/// <summary>
/// Stops training as soon as a training batch's loss is NaN or infinite (Keras' <c>TerminateOnNaN</c>). The check runs
/// before backward and the optimizer step, so that batch's update is skipped and the network keeps the weights it had
/// before the batch (the last good ones); Fit also puts back the buffers (batch-norm running statistics) that the
/// batch's forward pass changed. <see cref="History.StopReason"/> names the epoch and the batch.
/// A step can also overflow the weights or batch norm's running variance while the loss is still finite; Fit catches
/// that itself, with or without this callback (see <see cref="NetworkTraining.Fit"/>).
/// </summary>
/// <remarks>Thread safety: not thread-safe; Fit calls a callback from its own thread, one call at a time.</remarks>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The epoch (from 1) of the offending batch; 0 when none occurred.</summary>
    public int Epoch { get; private set; }

    /// <summary>The index (from 0, within its epoch) of the offending batch; -1 when none occurred.</summary>
    public int Batch { get; private set; } = -1;

    /// <summary>The offending loss value.</summary>
    public float Loss { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        Epoch = 0;
        Batch = -1;
        Loss = 0;
    }

    /// <inheritdoc/>
    public override void OnBatchLoss(TrainingContext context, int batch, float loss)
    {
        if (float.IsFinite(loss) || context.StopTraining) return;
        Epoch = context.Epoch;
        Batch = batch;
        Loss = loss;
        context.Stop(string.Create(CultureInfo.InvariantCulture,
            $"TerminateOnNaN: the loss of epoch {context.Epoch}, batch {batch} (0-based, of {context.BatchesPerEpoch}) was {loss.ToString("R", CultureInfo.InvariantCulture)}; training stopped before that batch's update, so the weights are those from before it."));
    }
}
