using System;
using System.Globalization;

namespace NetGen.Kernels;

/// <summary>
/// Parametric ReLU (PyTorch <c>nn.PReLU(num_parameters)</c>) over row-major [batch, features]: y = x for x &gt; 0, else w·x,
/// with one shared weight (length 1) or one weight per feature (length features). As in PyTorch, x = 0 takes the w·x branch.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class PReluKernels
{
    /// <summary>y = x &gt; 0 ? x : w·x (<paramref name="y"/> may be <paramref name="x"/>).</summary>
    /// <param name="x">Input [batch, features].</param>
    /// <param name="y">Output, length of x.</param>
    /// <param name="weight">Length 1 (shared) or <paramref name="features"/>.</param>
    /// <param name="features">Row length; must divide x.Length.</param>
    /// <exception cref="ArgumentException">Bad lengths, overlap, or features.</exception>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight, int features)
    {
        Check(x, y, nameof(y), weight, features);
        if (weight.Length == 1)
        {
            float w = weight[0];
            for (int i = 0; i < x.Length; i++)
            {
                float v = x[i];
                y[i] = v > 0f ? v : w * v;
            }
            return;
        }
        for (int r = 0; r < x.Length; r += features)
        {
            ReadOnlySpan<float> xr = x.Slice(r, features);
            Span<float> yr = y.Slice(r, features);
            for (int j = 0; j < xr.Length; j++)
            {
                float v = xr[j];
                yr[j] = v > 0f ? v : weight[j] * v;
            }
        }
    }

    /// <summary>
    /// dx = x &gt; 0 ? dy : w·dy (overwrites <paramref name="dx"/>, which may be <paramref name="dy"/>);
    /// dweight ACCUMULATES Σ dy·x over the elements with x ≤ 0 (over the batch, and over features too when shared),
    /// summed in double.
    /// </summary>
    /// <param name="x">The forward input.</param>
    /// <param name="dy">Gradient with respect to y.</param>
    /// <param name="dx">Receives the gradient with respect to x.</param>
    /// <param name="weight">Length 1 or features.</param>
    /// <param name="dweight">Accumulates the weight gradient; length of weight.</param>
    /// <param name="features">Row length.</param>
    /// <exception cref="ArgumentException">Bad lengths, overlap, or features.</exception>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> weight, Span<float> dweight, int features)
    {
        Check(x, dx, nameof(dx), weight, features);
        LayerKernelChecks.SameLength(x.Length, nameof(x), dy.Length, nameof(dy));
        LayerKernelChecks.SameLength(weight.Length, nameof(weight), dweight.Length, nameof(dweight));
        LayerKernelChecks.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoOverlap(dweight, x, nameof(dweight), nameof(x));
        LayerKernelChecks.NoOverlap(dweight, dy, nameof(dweight), nameof(dy));
        LayerKernelChecks.NoOverlap(dweight, dx, nameof(dweight), nameof(dx));

        if (weight.Length == 1)
        {
            float w = weight[0];
            double acc = 0;
            for (int i = 0; i < x.Length; i++)
            {
                float v = x[i], g = dy[i];
                if (v > 0f) dx[i] = g;
                else { acc += (double)g * v; dx[i] = w * g; }
            }
            dweight[0] = (float)(dweight[0] + acc);
            return;
        }

        Span<double> acc2 = stackalloc double[LayerKernelChecks.FeatureBlock];
        for (int f0 = 0; f0 < features; f0 += LayerKernelChecks.FeatureBlock)
        {
            int nb = Math.Min(LayerKernelChecks.FeatureBlock, features - f0);
            Span<double> a = acc2.Slice(0, nb);
            a.Clear();
            ReadOnlySpan<float> wb = weight.Slice(f0, nb);
            for (int r = f0; r < x.Length; r += features)
            {
                ReadOnlySpan<float> xr = x.Slice(r, nb), gr = dy.Slice(r, nb);
                Span<float> dxr = dx.Slice(r, nb);
                for (int j = 0; j < nb; j++)
                {
                    float v = xr[j], g = gr[j];
                    if (v > 0f) dxr[j] = g;
                    else { a[j] += (double)g * v; dxr[j] = wb[j] * g; }
                }
            }
            Span<float> dwb = dweight.Slice(f0, nb);
            for (int j = 0; j < nb; j++) dwb[j] = (float)(dwb[j] + a[j]);
        }
    }

    private static void Check(ReadOnlySpan<float> x, Span<float> y, string yName, ReadOnlySpan<float> weight, int features)
    {
        if (features <= 0 || x.Length % features != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"features must be positive and divide x.Length (features = {features}, x.Length = {x.Length})."), nameof(features));
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, yName);
        if (weight.Length != 1 && weight.Length != features)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"weight must have length 1 (shared) or features = {features} (got weight.Length = {weight.Length})."), nameof(weight));
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), yName);
        LayerKernelChecks.NoOverlap(weight, y, nameof(weight), yName);
    }
}
