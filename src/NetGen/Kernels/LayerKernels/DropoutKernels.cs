using System;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// Inverted dropout (PyTorch <c>nn.Dropout</c> in training mode): each element is dropped with probability p and the
/// survivors are scaled by 1/(1 − p), so the expected activation is unchanged. Evaluation mode is the identity and needs
/// no kernel.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class DropoutKernels
{
    /// <summary>
    /// Draws a mask (0 with probability <paramref name="p"/>, else 1/(1 − p)) and writes y = x ∘ mask. Consumes exactly one
    /// <see cref="NetRandom.NextSingle"/> per element, in element order (an element is dropped when the draw is &lt; p), so a
    /// seed reproduces the mask. <paramref name="y"/> may be <paramref name="x"/> (in place).
    /// </summary>
    /// <param name="x">Input, any shape flattened.</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="mask">Receives the mask (0 or 1/(1 − p)) for <see cref="Backward"/>; length of x.</param>
    /// <param name="p">Drop probability in [0, 1).</param>
    /// <param name="random">The random source.</param>
    /// <exception cref="ArgumentException">Lengths differ, spans overlap badly, or p is outside [0, 1).</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float p, NetRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        LayerKernelChecks.SameLength(x.Length, nameof(x), mask.Length, nameof(mask));
        LayerKernelChecks.DropProbability(p);
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(x, mask, nameof(x), nameof(mask));
        LayerKernelChecks.NoOverlap(y, mask, nameof(y), nameof(mask));

        DrawMask(mask, p, random);
        TensorPrimitives.Multiply(x, mask, y);
    }

    /// <summary>
    /// The dropout draw, shared with <see cref="Dropout2dKernels"/> (one value per plane there): one
    /// <see cref="NetRandom.NextSingle"/> per mask value in order, 0 when the draw is &lt; p, else 1/(1 − p).
    /// </summary>
    internal static void DrawMask(Span<float> mask, float p, NetRandom random)
    {
        float scale = 1f / (1f - p);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = random.NextSingle() < p ? 0f : scale;
    }

    /// <summary>dx = dy ∘ mask. <paramref name="dx"/> may be <paramref name="dy"/> (in place).</summary>
    /// <param name="mask">The mask written by <see cref="Forward"/>.</param>
    /// <param name="dy">Gradient of the loss with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x (overwritten).</param>
    /// <exception cref="ArgumentException">Lengths differ or spans overlap badly.</exception>
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> dy, Span<float> dx)
    {
        LayerKernelChecks.SameLength(mask.Length, nameof(mask), dy.Length, nameof(dy));
        LayerKernelChecks.SameLength(mask.Length, nameof(mask), dx.Length, nameof(dx));
        LayerKernelChecks.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoPartialOverlap(mask, dx, nameof(mask), nameof(dx));
        TensorPrimitives.Multiply(dy, mask, dx);
    }
}
