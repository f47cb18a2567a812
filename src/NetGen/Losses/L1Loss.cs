using System;
using System.Numerics.Tensors;

namespace NetGen.Losses;

/// <summary>
/// Mean absolute error (MAE, L1 loss), PyTorch <c>torch.nn.L1Loss</c>: element loss |p − t|, gradient sign(p − t)
/// with gradient 0 where p = t (as PyTorch), divided by N for <see cref="Reduction.Mean"/>.
/// </summary>
/// <remarks>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</remarks>
public sealed class L1Loss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default), Sum, or None.</param>
    public L1Loss(Reduction reduction = Reduction.Mean) : base(reduction) { }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features)
    {
        if (!gradient.IsEmpty) LossKernels.ScaledSignOfDifference(predictions, targets, gradientScale, gradient);
        if (losses.IsEmpty) return LossKernels.SumAbsoluteDifference(predictions, targets);
        TensorPrimitives.Subtract(predictions, targets, losses);
        TensorPrimitives.Abs(losses, losses);
        return LossKernels.Sum(losses);
    }
}
