using System;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// Randomized leaky ReLU (PyTorch <c>nn.RReLU(lower, upper)</c>). As in PyTorch, an element takes the random/fixed slope when
/// x ≤ 0 (so at x = 0 the gradient is the slope) and passes through unchanged when x &gt; 0.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class RReluKernels
{
    /// <summary>
    /// Training: for x ≤ 0, noise = U(lower, upper) (one <see cref="NetRandom.NextSingle"/> per such element, in element
    /// order; lower + (upper − lower)·u, so it lies in [lower, upper]) and y = x·noise; for x &gt; 0, noise = 1 and y = x.
    /// <paramref name="y"/> may be <paramref name="x"/>.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="noise">Receives the per-element slope for <see cref="Backward"/>; length of x.</param>
    /// <param name="lower">Lower bound of the slope distribution.</param>
    /// <param name="upper">Upper bound (≥ lower).</param>
    /// <param name="random">The random source.</param>
    /// <exception cref="ArgumentException">Lengths differ, spans overlap badly, or the bounds are not finite with lower ≤ upper.</exception>
    public static void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, Span<float> noise, float lower, float upper, NetRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckForward(x, y, noise, lower, upper);
        float range = upper - lower;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            if (v <= 0f)
            {
                float r = MathF.Min(lower + range * random.NextSingle(), upper);
                noise[i] = r;
                y[i] = v * r;
            }
            else
            {
                noise[i] = 1f;
                y[i] = v;
            }
        }
    }

    /// <summary>
    /// Evaluation: the fixed slope (lower + upper)/2 for x ≤ 0 (PyTorch's leaky_relu), identity for x &gt; 0. Also writes the
    /// per-element slope to <paramref name="noise"/> so <see cref="Backward"/> serves both modes.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, length of x (may be x).</param>
    /// <param name="noise">Receives 1 or the slope; length of x.</param>
    /// <param name="lower">Lower bound.</param>
    /// <param name="upper">Upper bound (≥ lower).</param>
    /// <exception cref="ArgumentException">Lengths differ, spans overlap badly, or the bounds are invalid.</exception>
    public static void ForwardInference(ReadOnlySpan<float> x, Span<float> y, Span<float> noise, float lower, float upper)
    {
        CheckForward(x, y, noise, lower, upper);
        float slope = (lower + upper) / 2f;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            float r = v > 0f ? 1f : slope;
            noise[i] = r;
            y[i] = v > 0f ? v : v * slope;
        }
    }

    /// <summary>dx = dy ∘ noise (<paramref name="dx"/> may be <paramref name="dy"/>).</summary>
    /// <param name="noise">The slopes written by a forward call.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x (overwritten).</param>
    /// <exception cref="ArgumentException">Lengths differ or spans overlap badly.</exception>
    public static void Backward(ReadOnlySpan<float> noise, ReadOnlySpan<float> dy, Span<float> dx)
    {
        LayerKernelChecks.SameLength(noise.Length, nameof(noise), dy.Length, nameof(dy));
        LayerKernelChecks.SameLength(noise.Length, nameof(noise), dx.Length, nameof(dx));
        LayerKernelChecks.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoPartialOverlap(noise, dx, nameof(noise), nameof(dx));
        TensorPrimitives.Multiply(dy, noise, dx);
    }

    private static void CheckForward(ReadOnlySpan<float> x, Span<float> y, Span<float> noise, float lower, float upper)
    {
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        LayerKernelChecks.SameLength(x.Length, nameof(x), noise.Length, nameof(noise));
        if (!float.IsFinite(lower) || !float.IsFinite(upper) || upper < lower)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"lower and upper must be finite with lower <= upper (lower = {lower}, upper = {upper})."), nameof(upper));
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(x, noise, nameof(x), nameof(noise));
        LayerKernelChecks.NoOverlap(y, noise, nameof(y), nameof(noise));
    }
}
