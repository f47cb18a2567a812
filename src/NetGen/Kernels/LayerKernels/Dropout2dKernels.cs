using System;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// Channel dropout (PyTorch <c>nn.Dropout2d</c> in training mode) over row-major NCHW: each whole plane x[n][c] of
/// <c>spatial</c> = H·W values is dropped with probability p and the surviving planes are scaled by 1/(1 − p), so the
/// expected activation is unchanged. Evaluation mode is the identity and needs no kernel.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Dropout2dKernels
{
    /// <summary>
    /// Draws one mask value per plane (n, c) (0 with probability <paramref name="p"/>, else 1/(1 − p)) and writes
    /// y = x·mask[plane] over each plane. Consumes exactly one <see cref="NetRandom.NextSingle"/> per plane, in plane order
    /// (a plane is dropped when the draw is &lt; p), as <see cref="DropoutKernels.Forward"/> does per element, so a seed
    /// reproduces the mask. <paramref name="y"/> may be <paramref name="x"/> (in place).
    /// </summary>
    /// <param name="x">Input [batch, channels, H, W], flattened.</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="mask">Receives the mask (0 or 1/(1 − p)) for <see cref="Backward"/>; one value per plane, length x.Length / spatial.</param>
    /// <param name="p">Drop probability in [0, 1).</param>
    /// <param name="spatial">Values per plane, H·W (≥ 1, dividing x.Length).</param>
    /// <param name="random">The random source.</param>
    /// <exception cref="ArgumentException">Lengths do not fit, spans overlap badly, or p is outside [0, 1); nothing is written or drawn then.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float p, int spatial, NetRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckPlanes(x.Length, nameof(x), mask.Length, spatial, "x.Length / spatial");
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        LayerKernelChecks.DropProbability(p);
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(x, mask, nameof(x), nameof(mask));
        LayerKernelChecks.NoOverlap(y, mask, nameof(y), nameof(mask));

        DropoutKernels.DrawMask(mask, p, random);
        for (int i = 0; i < mask.Length; i++)
            TensorPrimitives.Multiply(x.Slice(i * spatial, spatial), mask[i], y.Slice(i * spatial, spatial));
    }

    /// <summary>dx = dy·mask[plane] over each plane. <paramref name="dx"/> may be <paramref name="dy"/> (in place).</summary>
    /// <param name="mask">The mask written by <see cref="Forward"/> (one value per plane).</param>
    /// <param name="dy">Gradient of the loss with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x (overwritten).</param>
    /// <param name="spatial">Values per plane, H·W.</param>
    /// <exception cref="ArgumentException">Lengths do not fit or spans overlap badly; nothing is written then.</exception>
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> dy, Span<float> dx, int spatial)
    {
        CheckPlanes(dy.Length, nameof(dy), mask.Length, spatial, "dy.Length / spatial");
        LayerKernelChecks.SameLength(dy.Length, nameof(dy), dx.Length, nameof(dx));
        LayerKernelChecks.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoOverlap(mask, dx, nameof(mask), nameof(dx));
        for (int i = 0; i < mask.Length; i++)
            TensorPrimitives.Multiply(dy.Slice(i * spatial, spatial), mask[i], dx.Slice(i * spatial, spatial));
    }

    /// <summary>spatial ≥ 1 divides the tensor's length, and the mask has one value per plane.</summary>
    private static void CheckPlanes(int length, string name, int maskLength, int spatial, string planes)
    {
        if (spatial <= 0)
            throw new ArgumentOutOfRangeException(nameof(spatial), spatial, "spatial (H·W) must be positive.");
        if (length % spatial != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name}.Length = {length} is not a whole number of planes of spatial = {spatial} values."), name);
        LayerKernelChecks.Length(maskLength, length / spatial, "mask", planes);
    }
}
