using System;
using System.Numerics.Tensors;

namespace NetGen.Losses;

/// <summary>
/// Mean squared error (L2 loss), PyTorch <c>torch.nn.MSELoss</c>: element loss (p − t)², gradient 2(p − t)
/// (divided by N for <see cref="Reduction.Mean"/>).
/// </summary>
/// <remarks>
/// Some texts define the squared error with a ½ so that the gradient is simply (p − t):
/// with <c>halfScaling: true</c> the element loss is ½(p − t)² and the gradient (p − t). PyTorch has no such option;
/// its <c>MSELoss</c> is <c>halfScaling: false</c> (the default). Example: predictions [1, 2], targets [0, 0] give
/// 2.5 with the default and 1.25 with half scaling (mean reduction).
/// <para>Thread safety: immutable; safe to use from any number of threads at once (see Loss).</para>
/// </remarks>
public sealed class MSELoss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean (default, PyTorch's default), Sum, or None.</param>
    /// <param name="halfScaling">When true the element loss is ½(p − t)² (gradient p − t) instead of PyTorch's (p − t)².</param>
    public MSELoss(Reduction reduction = Reduction.Mean, bool halfScaling = false) : base(reduction)
    {
        HalfScaling = halfScaling;
    }

    /// <summary>True when the element loss is ½(p − t)² rather than PyTorch's (p − t)².</summary>
    public bool HalfScaling { get; }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> losses, Span<float> gradient, float gradientScale, int features)
    {
        float gradientFactor = (HalfScaling ? 1f : 2f) * gradientScale;
        if (losses.IsEmpty)
        {
            double sum = LossKernels.SumSquaredDifference(predictions, targets);
            if (!gradient.IsEmpty)
            {
                TensorPrimitives.Subtract(predictions, targets, gradient);
                TensorPrimitives.Multiply(gradient, gradientFactor, gradient);
            }
            return HalfScaling ? 0.5 * sum : sum;
        }

        TensorPrimitives.Subtract(predictions, targets, losses);
        if (!gradient.IsEmpty) TensorPrimitives.Multiply(losses, gradientFactor, gradient);
        TensorPrimitives.Multiply(losses, losses, losses);
        if (HalfScaling) TensorPrimitives.Multiply(losses, 0.5f, losses);
        return LossKernels.Sum(losses);
    }

    /// <inheritdoc/>
    public override string ToString() => $"MSELoss(reduction: {Reduction}, halfScaling: {HalfScaling})";
}
