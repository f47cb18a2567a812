using System;

namespace NetGen.Losses;

/// <summary>
/// A loss function over a batch of network outputs laid out row-major as [batchSize, features], with its gradient
/// with respect to the predictions. Every implementation matches the PyTorch module of the same name
/// (value and autograd gradient), allocates nothing per call, and rejects bad input with an
/// <see cref="ArgumentException"/> that names the argument and the offending values.
/// </summary>
/// <remarks>
/// A training loop uses <see cref="Compute"/>: it returns the reduced loss and, when <c>predictionGradient</c> is not
/// empty, writes dLoss/dPrediction into it (the 1/N of <see cref="Reduction.Mean"/> included), ready to be fed to the
/// backward pass. <see cref="ComputeElementwise"/> gives the unreduced losses (PyTorch <c>reduction='none'</c>).
/// Instances are immutable and thread-safe.
/// <para>Thread safety: losses hold only their immutable options (and class weights), so one instance may be used from any number of threads at once, each with its own spans.</para>
/// </remarks>
public abstract class Loss
{
    /// <summary>Initialises the reduction.</summary>
    /// <param name="reduction">How <see cref="Compute"/> reduces the element losses.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> is not a defined value.</exception>
    protected Loss(Reduction reduction)
    {
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None))
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, $"reduction ({(int)reduction}) must be Mean, Sum or None.");
        Reduction = reduction;
    }

    /// <summary>How <see cref="Compute"/> reduces the element losses (PyTorch <c>reduction</c>).</summary>
    public Reduction Reduction { get; }

    /// <summary>
    /// Computes the reduced loss of a batch and, when <paramref name="predictionGradient"/> is not empty,
    /// dLoss/dPrediction (what PyTorch's <c>loss.backward()</c> puts into <c>predictions.grad</c>).
    /// </summary>
    /// <param name="predictions">The network output, [batchSize, features] row-major.</param>
    /// <param name="targets">
    /// The targets: same length as <paramref name="predictions"/> for the element-wise losses; for
    /// <see cref="CrossEntropyLoss"/> and <see cref="NLLLoss"/>, <paramref name="batchSize"/> class indices stored as
    /// floats (or, for cross-entropy only, class probabilities of the same length as <paramref name="predictions"/>).
    /// </param>
    /// <param name="predictionGradient">Empty to skip the gradient, otherwise the same length as <paramref name="predictions"/>; overwritten.</param>
    /// <param name="batchSize">Number of rows (samples) in <paramref name="predictions"/>; must divide its length.</param>
    /// <returns>The loss reduced by <see cref="Reduction"/> (mean or sum).</returns>
    /// <exception cref="InvalidOperationException"><see cref="Reduction"/> is <see cref="Reduction.None"/>: use <see cref="ComputeElementwise"/>.</exception>
    /// <exception cref="ArgumentException">Lengths do not match, or a value is invalid for this loss.</exception>
    public abstract float Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> predictionGradient, int batchSize);

    /// <summary>
    /// Computes the unreduced losses (PyTorch <c>reduction='none'</c>) regardless of <see cref="Reduction"/>, and,
    /// when <paramref name="predictionGradient"/> is not empty, the derivative of each element's loss with respect to
    /// the predictions (PyTorch backward with a grad_output of ones: no 1/N).
    /// </summary>
    /// <param name="predictions">The network output, [batchSize, features] row-major.</param>
    /// <param name="targets">The targets, as for <see cref="Compute"/>.</param>
    /// <param name="losses">Receives the losses; its length must be <see cref="GetElementwiseLossLength"/>
    /// (one per element, or one per sample for the class losses).</param>
    /// <param name="predictionGradient">Empty to skip the gradient, otherwise the same length as <paramref name="predictions"/>; overwritten.</param>
    /// <param name="batchSize">Number of rows (samples) in <paramref name="predictions"/>; must divide its length.</param>
    /// <exception cref="ArgumentException">Lengths do not match, or a value is invalid for this loss.</exception>
    public abstract void ComputeElementwise(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> predictionGradient, int batchSize);

    /// <summary>
    /// The length <see cref="ComputeElementwise"/> expects for its <c>losses</c> span: <paramref name="predictionCount"/>
    /// for element-wise losses, <paramref name="batchSize"/> for losses that reduce over the classes of a sample.
    /// </summary>
    /// <param name="predictionCount">Length of the predictions span.</param>
    /// <param name="batchSize">Number of samples.</param>
    public virtual int GetElementwiseLossLength(int predictionCount, int batchSize) => predictionCount;

    /// <summary>Throws the <see cref="InvalidOperationException"/> that <see cref="Compute"/> raises for <see cref="Reduction.None"/>.</summary>
    protected void ThrowIfReductionNone()
    {
        if (Reduction == Reduction.None)
            throw new InvalidOperationException(
                $"{GetType().Name} was created with Reduction.None, which has no single loss value: call ComputeElementwise to get the per-element losses, or create the loss with Reduction.Mean or Reduction.Sum.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}(reduction: {Reduction})";
}
