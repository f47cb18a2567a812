using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// PoolingKernels against references in double written here from PyTorch's definitions, on odd sizes: kernels 1–7,
/// strides 1–3, padding 0..k/2, dilation 1–2 (max pool), floor and ceil_mode output sizes, planes with sides 1, 3, 5, 7,
/// 13 and 28, channels 1–5, batch 1–3. Max pooling is a selection, so its output and indices must be exact; sums are
/// within 1e-5 of the tensor's scale. The global average runs on every SIMD width.
/// </summary>
public sealed class PoolingKernelTests
{
    /// <summary>One pooling: NCHW sizes and the window per axis.</summary>
    private sealed record Pool(int Batch, int Channels, int InH, int InW, int OutH, int OutW, int KH, int KW, int SH, int SW, int PH, int PW,
        int DH, int DW, bool CeilMode)
    {
        public int InPlane => InH * InW;
        public int OutPlane => OutH * OutW;
        public int Planes => Batch * Channels;
    }

    public static IEnumerable<object[]> KernelHeights() => Enumerable.Range(1, 7).Select(k => new object[] { k });

    /// <summary>
    /// For kernel height k: every stride 1–3, padding 0..k/2, dilation 1–2 (when <paramref name="dilated"/>) and ceil mode,
    /// each with a random width window (kernel 1–7, stride 1–3, padding, dilation), plane sides, channels 1–5 and batch 1–3;
    /// draws whose output would be empty (or, for max pooling, whose dilated window covers no input) are drawn again.
    /// </summary>
    private static IEnumerable<Pool> Pools(int kh, bool dilated, int seed)
    {
        var r = new Random(seed);
        for (int sh = 1; sh <= 3; sh++)
            for (int ph = 0; ph <= kh / 2; ph++)
                for (int dh = 1; dh <= (dilated ? 2 : 1); dh++)
                    foreach (bool ceil in new[] { false, true })
                        for (int attempt = 0; attempt < 50; attempt++)
                        {
                            int kw = r.Next(1, 8), sw = r.Next(1, 4), pw = r.Next(0, kw / 2 + 1), dw = dilated ? r.Next(1, 3) : 1;
                            int inH = FeatureMaps.Sides[r.Next(FeatureMaps.Sides.Length)], inW = FeatureMaps.Sides[r.Next(FeatureMaps.Sides.Length)];
                            int outH = FeatureMaps.PoolOutputSize(inH, kh, sh, ph, dh, ceil), outW = FeatureMaps.PoolOutputSize(inW, kw, sw, pw, dw, ceil);
                            if (outH < 1 || outW < 1 || !Covers(inH, outH, kh, sh, ph, dh) || !Covers(inW, outW, kw, sw, pw, dw)) continue;
                            yield return new Pool(r.Next(1, 4), r.Next(1, 6), inH, inW, outH, outW, kh, kw, sh, sw, ph, pw, dh, dw, ceil);
                            break;
                        }
    }

    /// <summary>Every window along the axis has a tap inside the input.</summary>
    private static bool Covers(int input, int output, int kernel, int stride, int pad, int dilation) =>
        Enumerable.Range(0, output).All(o => Enumerable.Range(0, kernel).Any(j => o * stride - pad + j * dilation is var i && i >= 0 && i < input));

    // ------------------------------------------------------------------ references (double, from the definitions)

    /// <summary>
    /// Max pooling over the taps of each window inside the input, in row-major order: if any tap is NaN the output is NaN
    /// and the index is the last NaN (PyTorch keeps replacing on NaN); otherwise the maximum and the first tap that holds
    /// it (so an all −∞ window points at its first tap). dx gets each dy at its window's index.
    /// </summary>
    private static (double[] Y, int[] Index, double[] Dx) MaxReference(float[] x, float[] dy, Pool g)
    {
        var y = new double[g.Planes * g.OutPlane];
        var index = new int[y.Length];
        var dx = new double[x.Length];
        for (int plane = 0; plane < g.Planes; plane++)
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    var taps = new List<int>();
                    for (int i = 0; i < g.KH; i++)
                        for (int j = 0; j < g.KW; j++)
                        {
                            int ih = oh * g.SH - g.PH + i * g.DH, iw = ow * g.SW - g.PW + j * g.DW;
                            if (ih >= 0 && ih < g.InH && iw >= 0 && iw < g.InW) taps.Add(ih * g.InW + iw);
                        }
                    int o = plane * g.OutPlane + oh * g.OutW + ow;
                    double[] values = taps.Select(t => (double)x[plane * g.InPlane + t]).ToArray();
                    int lastNan = Array.FindLastIndex(values, double.IsNaN);
                    int chosen = lastNan >= 0 ? lastNan : Array.IndexOf(values, values.Max());
                    y[o] = values[chosen];
                    index[o] = taps[chosen];
                    dx[plane * g.InPlane + taps[chosen]] += dy[o];
                }
        return (y, index, dx);
    }

    /// <summary>
    /// Average pooling: the sum of the taps inside the input over a divisor that is, with padding counted, the number of
    /// taps inside the padded input [−pad, in + pad) per axis multiplied, else the number inside the input; dx spreads each
    /// dy/divisor over the taps inside the input.
    /// </summary>
    private static (double[] Y, double[] Dx) AvgReference(float[] x, float[] dy, Pool g, bool countIncludePad)
    {
        var y = new double[g.Planes * g.OutPlane];
        var dx = new double[x.Length];
        for (int plane = 0; plane < g.Planes; plane++)
            for (int oh = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++)
                {
                    int rows = Enumerable.Range(0, g.KH).Count(i => oh * g.SH - g.PH + i < g.InH + g.PH);
                    int columns = Enumerable.Range(0, g.KW).Count(j => ow * g.SW - g.PW + j < g.InW + g.PW);
                    var inside = new List<int>();
                    for (int i = 0; i < g.KH; i++)
                        for (int j = 0; j < g.KW; j++)
                        {
                            int ih = oh * g.SH - g.PH + i, iw = ow * g.SW - g.PW + j;
                            if (ih >= 0 && ih < g.InH && iw >= 0 && iw < g.InW) inside.Add(plane * g.InPlane + ih * g.InW + iw);
                        }
                    int o = plane * g.OutPlane + oh * g.OutW + ow;
                    double divisor = countIncludePad ? rows * columns : inside.Count;
                    y[o] = inside.Count == 0 ? 0 : inside.Sum(t => (double)x[t]) / divisor;
                    foreach (int t in inside) dx[t] += dy[o] / divisor;
                }
        return (y, dx);
    }

    // ------------------------------------------------------------------ kernels

    private static (float[] Y, int[] Index) MaxForward(float[] x, Pool g)
    {
        var y = new float[g.Planes * g.OutPlane];
        var indices = new float[y.Length];
        PoolingKernels.MaxPool2dForward(x, y, indices, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.DH, g.DW);
        return (y, MemoryMarshal.Cast<float, int>(indices).ToArray());
    }

    private static void AssertMax(float[] x, Pool g, string what)
    {
        float[] dy = FeatureMaps.Values(new Random(x.Length), g.Planes * g.OutPlane);
        (double[] yRef, int[] indexRef, double[] dxRef) = MaxReference(x, dy, g);
        (float[] y, int[] index) = MaxForward(x, g);
        for (int o = 0; o < y.Length; o++)
        {
            Assert.True(double.IsNaN(yRef[o]) ? float.IsNaN(y[o]) : y[o] == (float)yRef[o], $"{what} y[{o}]: expected {yRef[o]:R}, got {y[o]:R}");
            Assert.True(indexRef[o] == index[o], $"{what} indices[{o}]: expected {indexRef[o]}, got {index[o]}");
        }
        var dx = Enumerable.Repeat(9f, x.Length).ToArray();   // overwritten, not added to
        PoolingKernels.MaxPool2dBackward(MemoryMarshal.Cast<int, float>(index).ToArray(), dy, dx, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW);
        FeatureMaps.AssertClose(dxRef, dx, what + " dx");
    }

    [Theory]
    [MemberData(nameof(KernelHeights))]
    public void MaxPool2d_matches_the_reference_with_padding_dilation_and_ceil_mode(int kernelHeight)
    {
        int cases = 0;
        foreach (Pool g in Pools(kernelHeight, dilated: true, seed: 100 + kernelHeight))
        {
            var random = new Random(cases + 17 * kernelHeight);
            float[] x = FeatureMaps.Values(random, g.Planes * g.InPlane, ties: cases % 2 == 0);
            AssertMax(x, g, g.ToString());
            cases++;
        }
        Assert.True(cases >= 12 * (kernelHeight / 2 + 1), $"only {cases} configurations");
    }

    [Theory]
    [MemberData(nameof(KernelHeights))]
    public void AvgPool2d_matches_the_reference_with_padding_ceil_mode_and_both_divisors(int kernelHeight)
    {
        int cases = 0;
        foreach (Pool g in Pools(kernelHeight, dilated: false, seed: 200 + kernelHeight))
            foreach (bool countIncludePad in new[] { true, false })
            {
                var random = new Random(cases + 31 * kernelHeight);
                float[] x = FeatureMaps.Values(random, g.Planes * g.InPlane), dy = FeatureMaps.Values(random, g.Planes * g.OutPlane);
                (double[] yRef, double[] dxRef) = AvgReference(x, dy, g, countIncludePad);
                var y = new float[dy.Length];
                PoolingKernels.AvgPool2dForward(x, y, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, countIncludePad);
                string what = $"{g} countIncludePad={countIncludePad}";
                FeatureMaps.AssertClose(yRef, y, what + " y");
                var dx = Enumerable.Repeat(9f, x.Length).ToArray();
                PoolingKernels.AvgPool2dBackward(dy, dx, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, countIncludePad);
                FeatureMaps.AssertClose(dxRef, dx, what + " dx");
                cases++;
            }
        Assert.True(cases >= 12 * (kernelHeight / 2 + 1), $"only {cases} configurations");
    }

    [Fact]
    public void Ceil_mode_windows_that_run_past_the_padding_use_the_padded_size_as_divisor()
    {
        // in 6, kernel 3, stride 2, pad 1, ceil_mode: 4 windows starting at −1, 1, 3, 5. The last ends at min(5 + 3, 6 + 1) = 7,
        // so PyTorch divides it by 2 per axis (padding counted) although the kernel is 3; inside the input it covers 1.
        Assert.Equal(4, FeatureMaps.PoolOutputSize(6, 3, 2, 1, 1, ceilMode: true));
        Assert.Equal(3, FeatureMaps.PoolOutputSize(6, 3, 2, 1, 1, ceilMode: false));
        float[] ones = Enumerable.Repeat(1f, 36).ToArray();
        var y = new float[16];
        PoolingKernels.AvgPool2dForward(ones, y, 1, 1, 6, 6, 4, 4, 3, 3, 2, 2, 1, 1, countIncludePad: true);
        Assert.Equal(new[] { 4f / 9, 6f / 9, 6f / 9, 2f / 6 }, y.Take(4));   // first row: 2×2, 2×3, 2×3 and 2×1 of 3×3, 3×3, 3×3, 3×2
        Assert.Equal(1f / 4, y[15]);
        PoolingKernels.AvgPool2dForward(ones, y, 1, 1, 6, 6, 4, 4, 3, 3, 2, 2, 1, 1, countIncludePad: false);
        Assert.All(y, v => Assert.Equal(1f, v));
        // The gradient uses the same divisors: dx[5, 5] only gets the last window's dy/4.
        var dx = new float[36];
        float[] dy = Enumerable.Repeat(0f, 15).Append(1f).ToArray();
        PoolingKernels.AvgPool2dBackward(dy, dx, 1, 1, 6, 6, 4, 4, 3, 3, 2, 2, 1, 1, countIncludePad: true);
        Assert.Equal(1f / 4, dx[35]);
        Assert.Equal(1f / 4, dx.Sum());
    }

    [Fact]
    public void MaxPool2d_ties_send_the_gradient_to_the_first_element_of_each_window()
    {
        // PyTorch (torch 1.13): [[5, 1], [1, 5]] → index 0; [[1, 5], [5, 1]] → index 1 (row 0 is scanned first).
        var pool = new Pool(1, 1, 2, 2, 1, 1, 2, 2, 2, 2, 0, 0, 1, 1, false);
        Assert.Equal(0, MaxForward([5f, 1f, 1f, 5f], pool).Index[0]);
        Assert.Equal(1, MaxForward([1f, 5f, 5f, 1f], pool).Index[0]);

        // A constant input: every window picks its first tap inside the input (clipped by padding, stepped by dilation).
        foreach (Pool g in new[]
                 {
                     new Pool(2, 3, 7, 7, 3, 3, 3, 3, 2, 2, 0, 0, 1, 1, false),
                     new Pool(1, 2, 5, 5, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, true),
                     new Pool(1, 1, 13, 13, 5, 5, 4, 4, 3, 3, 2, 2, 2, 2, true),
                     new Pool(3, 1, 5, 7, 5, 7, 3, 3, 1, 1, 1, 1, 1, 1, false),
                 })
        {
            Assert.Equal(g.OutH, FeatureMaps.PoolOutputSize(g.InH, g.KH, g.SH, g.PH, g.DH, g.CeilMode));
            Assert.Equal(g.OutW, FeatureMaps.PoolOutputSize(g.InW, g.KW, g.SW, g.PW, g.DW, g.CeilMode));
            float[] x = Enumerable.Repeat(0.75f, g.Planes * g.InPlane).ToArray();
            (float[] y, int[] index) = MaxForward(x, g);
            for (int oh = 0, o = 0; oh < g.OutH; oh++)
                for (int ow = 0; ow < g.OutW; ow++, o++)
                {
                    int ih = oh * g.SH - g.PH, iw = ow * g.SW - g.PW;
                    while (ih < 0) ih += g.DH;
                    while (iw < 0) iw += g.DW;
                    for (int plane = 0; plane < g.Planes; plane++)
                    {
                        Assert.Equal(0.75f, y[plane * g.OutPlane + o]);
                        Assert.Equal(ih * g.InW + iw, index[plane * g.OutPlane + o]);
                    }
                }
            AssertMax(x, g, "constant " + g);
        }
    }

    [Fact]
    public void MaxPool2d_nan_wins_and_the_last_nan_of_the_window_is_chosen()
    {
        // PyTorch (torch 1.13): max_pool2d([[1, nan, 3], [nan, 5, 2], [0, 1, 2]], 3) → nan at index 3.
        var g = new Pool(1, 1, 3, 3, 1, 1, 3, 3, 3, 3, 0, 0, 1, 1, false);
        (float[] y, int[] index) = MaxForward([1f, float.NaN, 3f, float.NaN, 5f, 2f, 0f, 1f, 2f], g);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(3, index[0]);

        // NaN scattered over odd planes with overlapping, padded, dilated windows, against the reference.
        var random = new Random(5);
        foreach (Pool p in new[]
                 {
                     new Pool(2, 3, 13, 13, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, false),
                     new Pool(1, 2, 7, 5, 5, 3, 3, 3, 1, 2, 1, 1, 2, 1, true),
                 })
        {
            float[] x = FeatureMaps.Values(random, p.Planes * p.InPlane, ties: true);
            for (int i = 0; i < x.Length; i += 11) x[i] = float.NaN;
            AssertMax(x, p, "nan " + p);
        }

        // All −∞: the output is −∞ and the index the first tap (PyTorch's starting index).
        var q = new Pool(1, 1, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, false);
        (float[] yInf, int[] indexInf) = MaxForward(Enumerable.Repeat(float.NegativeInfinity, 9).ToArray(), q);
        Assert.All(yInf, v => Assert.Equal(float.NegativeInfinity, v));
        Assert.Equal(new[] { 0, 1, 3, 4 }, indexInf);
    }

    [Fact]
    public void MaxPool2d_backward_adds_overlapping_windows_and_clears_the_rest()
    {
        // 1×4 input, kernel 1×2, stride 1: windows (0,1), (1,2), (2,3); x = [0, 3, 1, 2] → indices 1, 1, 3.
        var g = new Pool(1, 1, 1, 4, 1, 3, 1, 2, 1, 1, 0, 0, 1, 1, false);
        (_, int[] index) = MaxForward([0f, 3f, 1f, 2f], g);
        Assert.Equal(new[] { 1, 1, 3 }, index);
        float[] dx = [7f, 7f, 7f, 7f];
        PoolingKernels.MaxPool2dBackward(MemoryMarshal.Cast<int, float>(index).ToArray(), [0.5f, 0.25f, -1f], dx, 1, 1, 1, 4, 1, 3);
        Assert.Equal(new[] { 0f, 0.75f, 0f, -1f }, dx);
    }

    [Fact]
    public void Output_sizes_must_be_PyTorchs_floor_or_ceil_size()
    {
        // in 7, kernel 3, stride 2: floor 3, ceil 3; in 8: floor 3, ceil 4. Anything else names the output size.
        var x = new float[7 * 8];
        PoolingKernels.AvgPool2dForward(x, new float[3 * 3], 1, 1, 7, 8, 3, 3, 3, 3, 2, 2, 0, 0, true);
        PoolingKernels.AvgPool2dForward(x, new float[3 * 4], 1, 1, 7, 8, 3, 4, 3, 3, 2, 2, 0, 0, true);
        var ex = Assert.Throws<ArgumentException>(() => PoolingKernels.AvgPool2dForward(x, new float[4 * 4], 1, 1, 7, 8, 4, 4, 3, 3, 2, 2, 0, 0, true));
        Assert.Equal("outHeight", ex.ParamName);
        Assert.Contains("3 (floor) or 3 (ceil_mode)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => PoolingKernels.AvgPool2dForward(x, new float[3 * 5], 1, 1, 7, 8, 3, 5, 3, 3, 2, 2, 0, 0, true));
        Assert.Equal("outWidth", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => PoolingKernels.AvgPool2dForward(x, new float[4 * 4], 1, 1, 7, 8, 4, 4, 3, 3, 2, 2, 2, 0, true));
        Assert.Equal("padHeight", ex.ParamName);   // PyTorch: pad at most half the kernel
    }

    [Fact]
    public void MaxPool2d_rejects_a_dilated_window_that_covers_no_input()
    {
        // in 2, kernel 2, padding 1, dilation 3: output 1, taps −1 and 2 both outside. PyTorch returns −inf with index 6 of a 4-value plane.
        Assert.Equal(1, FeatureMaps.PoolOutputSize(2, 2, 1, 1, 3, ceilMode: false));
        var y = new float[] { 5f };
        var ex = Assert.Throws<ArgumentException>(() =>
            PoolingKernels.MaxPool2dForward(new float[4], y, new float[1], 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 1, 1, 3, 3));
        Assert.Equal("dilationHeight", ex.ParamName);
        Assert.Equal(5f, y[0]);
    }

    public static IEnumerable<object[]> Widths() => FeatureMaps.Widths();

    [Theory]
    [MemberData(nameof(Widths))]
    public void GlobalAvgPool_every_width_matches_the_reference(int width, string name)
    {
        var w = (SimdWidth)width;
        int[] spatials = FeatureMaps.Sides.SelectMany(h => FeatureMaps.Sides.Select(wd => h * wd)).Concat(Enumerable.Range(1, 67)).Distinct().ToArray();
        var random = new Random(width);
        foreach (int spatial in spatials)
        {
            int batch = random.Next(1, 4), channels = random.Next(1, 6);
            float[] x = FeatureMaps.Values(random, batch * channels * spatial);
            for (int i = 0; i < x.Length; i++) x[i] += 3f;   // an offset: the mean is not near 0
            var y = new float[batch * channels];
            PoolingKernels.GlobalAvgPoolForward(x, y, batch, channels, spatial, w);
            double[] reference = Enumerable.Range(0, y.Length).Select(p => x.Skip(p * spatial).Take(spatial).Sum(v => (double)v) / spatial).ToArray();
            FeatureMaps.AssertClose(reference, y, $"{name} spatial {spatial} y", 1e-6);

            float[] dy = FeatureMaps.Values(random, y.Length), dx = new float[x.Length];
            PoolingKernels.GlobalAvgPoolBackward(dy, dx, batch, channels, spatial);
            for (int i = 0; i < dx.Length; i++) Assert.Equal(dy[i / spatial] / spatial, dx[i]);
        }
    }

    /// <summary>
    /// MaxPool2d(2) has a vector path (four windows at a time, an overlapping last group, a scalar loop for rows under
    /// four outputs): against a plain scalar first-maximum, NaN-wins reference on every output width 1–11, with ties,
    /// NaN and −∞ in the data, values and indices exactly.
    /// </summary>
    [Fact]
    public void MaxPool_2x2_vector_path_matches_the_scalar_rule_on_every_row_width()
    {
        var random = new System.Random(77);
        for (int outWidth = 1; outWidth <= 11; outWidth++)
        {
            int batch = 2, channels = 3, outHeight = 3, inHeight = 2 * outHeight + (outWidth % 2), inWidth = 2 * outWidth + (outWidth % 3 == 0 ? 1 : 0);
            var x = new float[batch * channels * inHeight * inWidth];
            for (int i = 0; i < x.Length; i++)
                x[i] = random.Next(10) switch { 0 => float.NaN, 1 => float.NegativeInfinity, 2 or 3 => 1f, _ => (float)random.NextDouble() };
            var y = new float[batch * channels * outHeight * outWidth];
            var indices = new float[y.Length];
            NetGen.Kernels.PoolingKernels.MaxPool2dForward(x, y, indices, batch, channels, inHeight, inWidth, outHeight, outWidth, 2, 2, 2, 2, 0, 0, 1, 1);
            int[] got = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(indices).ToArray();
            for (int plane = 0, o = 0; plane < batch * channels; plane++)
                for (int oh = 0; oh < outHeight; oh++)
                    for (int ow = 0; ow < outWidth; ow++, o++)
                    {
                        float max = float.NegativeInfinity;
                        int best = 2 * oh * inWidth + 2 * ow;
                        for (int i = 0; i < 2; i++)
                            for (int j = 0; j < 2; j++)
                            {
                                int at = (2 * oh + i) * inWidth + 2 * ow + j;
                                float v = x[plane * inHeight * inWidth + at];
                                if (v > max || float.IsNaN(v)) { max = v; best = at; }
                            }
                        Assert.True(max.Equals(y[o]), $"width {outWidth}, output {o}: expected {max}, got {y[o]}");
                        Assert.Equal(best, got[o]);
                    }
        }
    }

    /// <summary>
    /// Enough planes that the inside-window paths (2×2 and a 3×3 stride-2 window) split them over the worker threads:
    /// values and indices equal the single-threaded ones bit for bit.
    /// </summary>
    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    public void MaxPool_split_over_threads_gives_the_single_threaded_result(int kernel, int stride)
    {
        const int batch = 16, channels = 16, inHeight = 25, inWidth = 24;
        int outHeight = (inHeight - kernel) / stride + 1, outWidth = (inWidth - kernel) / stride + 1;
        float[] x = FeatureMaps.Values(new System.Random(5), batch * channels * inHeight * inWidth);
        (float[] Y, float[] Indices) Run(int threads)
        {
            int saved = NetGen.Parallelism.MaxThreads;
            NetGen.Parallelism.MaxThreads = threads;
            try
            {
                var y = new float[batch * channels * outHeight * outWidth];
                var indices = new float[y.Length];
                NetGen.Kernels.PoolingKernels.MaxPool2dForward(x, y, indices, batch, channels, inHeight, inWidth, outHeight, outWidth,
                    kernel, kernel, stride, stride, 0, 0, 1, 1);
                return (y, indices);
            }
            finally
            {
                NetGen.Parallelism.MaxThreads = saved;
            }
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(one.Indices).ToArray(),
            System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(two.Indices).ToArray());
    }
}
