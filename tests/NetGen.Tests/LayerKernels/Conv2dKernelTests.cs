using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// Conv2dKernels against a direct convolution in double written from PyTorch's definition (cross-correlation,
/// out[n, o, y, x] = b[o] + Σ_{c in o's group, i, j} w[o, c, i, j] · in[n, g·Cg + c, y·s − p + i·d, x·s − p + j·d]), and
/// its gradients, on odd sizes: kernels 1–7, strides 1–3, padding, dilation, groups, rectangular and odd planes.
/// </summary>
public sealed class Conv2dKernelTests
{
    public static System.Collections.Generic.IEnumerable<object[]> Cases => new[]
    {
        // batch, inC, inH, inW, outC, kH, kW, sH, sW, pH, pW, dH, dW, groups, (bias 1/0), seed
        Case(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 1),
        Case(2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2),
        Case(3, 2, 9, 11, 5, 5, 3, 2, 1, 2, 1, 1, 1, 1, 0, 3),
        Case(1, 4, 13, 13, 6, 7, 7, 3, 3, 3, 3, 1, 1, 2, 1, 4),
        Case(2, 6, 8, 7, 6, 3, 2, 2, 3, 1, 0, 2, 1, 3, 1, 5),
        Case(1, 1, 28, 28, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1, 6),
        Case(2, 5, 3, 3, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 7),
        Case(1, 4, 6, 6, 4, 3, 3, 1, 1, 2, 2, 2, 2, 4, 1, 8),
        Case(3, 3, 1, 9, 2, 1, 4, 1, 2, 0, 1, 1, 3, 1, 1, 9),
        Case(2, 2, 5, 4, 3, 2, 2, 3, 3, 1, 1, 1, 1, 1, 0, 10),
    };

    private static object[] Case(params int[] values) => Array.ConvertAll(values, v => (object)v);

    /// <summary>A case's geometry, input, weight, bias (or none) and output gradient, from its seed.</summary>
    private static (Conv2dGeometry G, float[] X, float[] W, float[] B, float[] Dy) Setup(int batch, int inC, int inH, int inW, int outC, int kH, int kW,
        int sH, int sW, int pH, int pW, int dH, int dW, int groups, int hasBias, int seed)
    {
        int outH = (int)Conv2dGeometry.OutputSize(inH, kH, sH, pH, dH), outW = (int)Conv2dGeometry.OutputSize(inW, kW, sW, pW, dW);
        var g = new Conv2dGeometry(inC, inH, inW, outC, outH, outW, kH, kW, sH, sW, pH, pW, dH, dW, groups);
        var random = new Random(seed);
        float[] x = Values(random, batch * inC * inH * inW);
        float[] w = Values(random, g.WeightLength);
        float[] b = hasBias == 1 ? Values(random, outC) : Array.Empty<float>();
        return (g, x, w, b, Values(random, batch * outC * g.OutPlane));
    }

    /// <summary>The no-grad cases plus stride-1 shapes whose padding exceeds the kernel's reach (the input gradient then takes the GEMM and col2im).</summary>
    public static System.Collections.Generic.IEnumerable<object[]> TrainingCases => NoGradCases.Concat(new[]
    {
        Case(2, 3, 5, 6, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 17),
        Case(1, 4, 6, 5, 20, 3, 3, 1, 1, 3, 2, 1, 1, 2, 1, 18),
        Case(3, 1, 9, 9, 33, 4, 2, 1, 1, 1, 0, 1, 2, 1, 1, 19),
    });

    /// <summary>
    /// Forward and Backward with every instruction-set variant (the direct products for stride 1, im2col + GEMM
    /// otherwise), workspaces full of NaN beforehand, against the double reference: y, dx, and the ADDED weight and bias
    /// gradients; ForwardRelu gives Forward's y bit for bit and ReLU of it as ActivationKernels.Relu computes it.
    /// </summary>
    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Forward_and_backward_match_a_direct_double_convolution(int batch, int inC, int inH, int inW, int outC, int kH, int kW,
        int sH, int sW, int pH, int pW, int dH, int dW, int groups, int hasBias, int seed)
    {
        (Conv2dGeometry g, float[] x, float[] w, float[] b, float[] dy) = Setup(batch, inC, inH, inW, outC, kH, kW, sH, sW, pH, pW, dH, dW, groups, hasBias, seed);
        (double[] yRef, double[] dxRef, double[] dwRef, double[] dbRef) = Reference(x, w, b, dy, batch, g);
        for (int i = 0; i < dwRef.Length; i++) dwRef[i] += 0.5;
        for (int i = 0; i < dbRef.Length; i++) dbRef[i] -= 0.25;
        foreach (GemmVariant variant in GemmVariants.Supported)
        {
            var y = new float[dy.Length];
            var columns = new float[g.ColumnsLength(batch)];
            var scratch = new float[g.ScratchLength(batch)];
            Array.Fill(y, float.NaN);
            Array.Fill(columns, float.NaN);
            Array.Fill(scratch, float.NaN);
            var linear = new float[dy.Length];
            var activated = new float[dy.Length];
            Array.Fill(activated, float.NaN);
            Conv2dKernels.ForwardReluWith(variant, x, w, b, linear, activated, columns, scratch, batch, g);
            var relu = new float[dy.Length];
            ActivationKernels.Relu(linear, relu);
            Assert.Equal(relu, activated);
            Array.Fill(columns, float.NaN);
            Conv2dKernels.ForwardWith(variant, x, w, b, y, columns, scratch, batch, g);
            AssertClose(yRef, y, "y (" + variant + ")");
            Assert.Equal(y, linear);

            float[] dw = new float[w.Length], db = new float[hasBias == 1 ? outC : 0];
            Array.Fill(dw, 0.5f); // accumulates
            Array.Fill(db, -0.25f);
            var dx = new float[x.Length];
            Array.Fill(dx, float.NaN);
            Conv2dKernels.BackwardWith(variant, dy, w, dw, db, dx, columns, scratch, batch, g);
            AssertClose(dxRef, dx, "dx (" + variant + ")");
            AssertClose(dwRef, dw, "dweight (" + variant + ")");
            if (hasBias == 1) AssertClose(dbRef, db, "dbias (" + variant + ")");
        }
    }

    /// <summary>The cases plus stride-1 shapes that exercise the direct path's tails: out channels not a multiple of 8, wide rows longer than one tile.</summary>
    public static System.Collections.Generic.IEnumerable<object[]> NoGradCases => Cases.Concat(new[]
    {
        Case(2, 3, 9, 13, 17, 3, 5, 1, 1, 1, 2, 1, 1, 1, 1, 12),
        Case(1, 16, 12, 12, 32, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1, 13),
        Case(3, 6, 11, 7, 10, 3, 3, 1, 1, 1, 1, 2, 1, 2, 0, 14),
        Case(1, 2, 30, 41, 9, 7, 7, 1, 1, 3, 3, 1, 1, 1, 1, 15),
        Case(2, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 16),
    });

    /// <summary>
    /// ForwardNoGrad (the direct path for stride 1, im2col otherwise) with every instruction-set variant, its workspaces
    /// full of NaN beforehand: each output matches the double reference, so no padding or discarded lane leaks in.
    /// </summary>
    [Theory]
    [MemberData(nameof(NoGradCases))]
    public void ForwardNoGrad_matches_a_direct_double_convolution_with_every_variant(int batch, int inC, int inH, int inW, int outC, int kH, int kW,
        int sH, int sW, int pH, int pW, int dH, int dW, int groups, int hasBias, int seed)
    {
        (Conv2dGeometry g, float[] x, float[] w, float[] b, float[] dy) = Setup(batch, inC, inH, inW, outC, kH, kW, sH, sW, pH, pW, dH, dW, groups, hasBias, seed);
        (double[] yRef, _, _, _) = Reference(x, w, b, dy, batch, g);
        AssertNoGradWithEveryVariant(g, x, w, b, yRef, batch);
    }

    /// <summary>ForwardNoGrad with and without ReLU, every variant, all workspaces full of NaN before each call, against the reference.</summary>
    private static void AssertNoGradWithEveryVariant(Conv2dGeometry g, float[] x, float[] w, float[] b, double[] yRef, int batch)
    {
        foreach (GemmVariant variant in GemmVariants.Supported)
            foreach (bool relu in new[] { false, true })
            {
                float[] y = new float[yRef.Length], columns = new float[g.ColumnsLength(batch)], scratch = new float[g.ScratchLength(batch)];
                Array.Fill(y, float.NaN);
                Array.Fill(columns, float.NaN);
                Array.Fill(scratch, float.NaN);
                Conv2dKernels.ForwardNoGrad(variant, x, w, b, y, columns, scratch, batch, g, relu);
                AssertClose(relu ? Array.ConvertAll(yRef, v => Math.Max(v, 0.0)) : yRef, y, (relu ? "relu(y) (" : "y (") + variant + ")");
            }
    }

    /// <summary>
    /// Batches where inference on AVX-512 takes Winograd's F(4, kh) along the height (kernels 3–5 rows high, padded rows
    /// ≤ 16 floats, OutChannels a multiple of 16, InChannels · kw ≥ 16): the sample CNN's second convolution, in a batch
    /// of 10 and alone;
    /// 3×3 with padding and 14 output rows (a partial last tile, two 8-column blocks, the second partial); rectangular 4×3
    /// and 3×5 kernels with uneven padding and odd widths; 48 output channels (a 32-channel tile and a 16-channel one).
    /// The last sample's last rows are read without over-reading the input. Every variant (the others take the direct
    /// path), within 1e-5 of the tensor's scale of the double reference (the transforms round a few units in the last
    /// place, like a direct sum).
    /// </summary>
    [Theory]
    [InlineData(10, 16, 12, 12, 32, 5, 5, 0, 0, 1)]
    [InlineData(1, 16, 12, 12, 32, 5, 5, 0, 0, 1)]
    [InlineData(9, 32, 14, 14, 16, 3, 3, 1, 1, 1)]
    [InlineData(12, 24, 11, 13, 16, 4, 3, 2, 1, 0)]
    [InlineData(8, 10, 9, 7, 16, 3, 5, 0, 2, 1)]
    [InlineData(16, 40, 6, 8, 48, 3, 3, 1, 1, 1)]
    public void ForwardNoGrad_with_Winograd_rows_matches_a_direct_double_convolution(int batch, int inC, int inH, int inW, int outC, int kH, int kW,
        int pH, int pW, int hasBias)
    {
        (Conv2dGeometry g, float[] x, float[] w, float[] b, float[] dy) = Setup(batch, inC, inH, inW, outC, kH, kW, 1, 1, pH, pW, 1, 1, 1, hasBias, 70 + kH * kW);
        (double[] yRef, _, _, _) = Reference(x, w, b, dy, batch, g);
        Assert.Equal(Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
            Conv2dWinograd.Applies(GemmVariant.Vector512, g, g.ColumnsLength(batch) - batch * Conv2dDirect.SampleLength(g)));
        AssertNoGradWithEveryVariant(g, x, w, b, yRef, batch);
    }

    /// <summary>
    /// ForwardNoGradMaxPool with every variant against the double reference convolution, ReLU and a first-maximum pool:
    /// a 2×2 pool, a 3×3 stride-2 pool leaving a remainder, and a stride-2 convolution (im2col, then the pool kernel).
    /// </summary>
    [Theory]
    [InlineData(3, 3, 9, 11, 10, 3, 1, 1, 2, 2, 1)]
    [InlineData(2, 4, 13, 12, 9, 3, 1, 0, 3, 2, 0)]
    [InlineData(2, 2, 11, 11, 5, 3, 2, 1, 2, 2, 1)]
    [InlineData(10, 16, 12, 12, 32, 5, 1, 0, 2, 2, 1)] // Winograd rows, then the pool
    [InlineData(9, 8, 10, 9, 12, 3, 1, 1, 3, 2, 0)]
    public void ForwardNoGradMaxPool_matches_convolution_then_pool(int batch, int inC, int inH, int inW, int outC, int k, int stride, int pad,
        int poolK, int poolStride, int relu)
    {
        int outH = (int)Conv2dGeometry.OutputSize(inH, k, stride, pad, 1), outW = (int)Conv2dGeometry.OutputSize(inW, k, stride, pad, 1);
        var g = new Conv2dGeometry(inC, inH, inW, outC, outH, outW, k, k, stride, stride, pad, pad);
        int ph = (outH - poolK) / poolStride + 1, pw = (outW - poolK) / poolStride + 1;
        var random = new Random(31 + inC);
        float[] x = Values(random, batch * inC * inH * inW), w = Values(random, g.WeightLength), b = Values(random, outC);
        float[] dy = new float[batch * outC * outH * outW];
        (double[] yRef, _, _, _) = Reference(x, w, b, dy, batch, g);
        var pooledRef = new double[batch * outC * ph * pw];
        var indexRef = new int[pooledRef.Length];
        for (int plane = 0, o = 0; plane < batch * outC; plane++)
            for (int i = 0; i < ph; i++)
                for (int j = 0; j < pw; j++, o++)
                {
                    double max = double.NegativeInfinity;
                    int best = -1;
                    for (int u = 0; u < poolK; u++)
                        for (int v = 0; v < poolK; v++)
                        {
                            int at = (i * poolStride + u) * outW + j * poolStride + v;
                            double value = yRef[plane * outH * outW + at];
                            if (relu == 1) value = Math.Max(value, 0);
                            if (value > max) { max = value; best = at; }
                        }
                    pooledRef[o] = max;
                    indexRef[o] = best;
                }
        foreach (GemmVariant variant in GemmVariants.Supported)
        {
            float[] y = new float[dy.Length], columns = new float[g.ColumnsLength(batch)], scratch = new float[g.ScratchLength(batch)];
            float[] pooled = new float[pooledRef.Length], indices = new float[pooledRef.Length];
            Array.Fill(columns, float.NaN);
            Conv2dKernels.ForwardNoGradMaxPool(variant, x, w, b, y, columns, scratch, batch, g, relu == 1, pooled, indices, poolK, poolK, poolStride, poolStride, ph, pw);
            AssertClose(pooledRef, pooled, "pooled (" + variant + ")");
            if (stride == 1 && poolK == 2 && poolStride == 2)
            {
                // Without indices (inference): the same maxima, bit for bit.
                var alone = new float[pooled.Length];
                Conv2dKernels.ForwardNoGradMaxPool(variant, x, w, b, y, columns, scratch, batch, g, relu == 1, alone, Span<float>.Empty, 2, 2, 2, 2, ph, pw);
                Assert.Equal(pooled, alone);
            }
            int[] got = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(indices).ToArray();
            for (int i = 0; i < got.Length; i++)
                if (got[i] != indexRef[i])
                    // A different first maximum only where two candidates tie within rounding.
                    Assert.True(Math.Abs(pooledRef[i] - yRefAt(i, got[i])) <= 1e-5 * Math.Max(1, Math.Abs(pooledRef[i])), $"index {i} ({variant}): {got[i]} vs {indexRef[i]}");
        }

        double yRefAt(int pooledIndex, int at)
        {
            double value = yRef[pooledIndex / (ph * pw) * outH * outW + at];
            return relu == 1 ? Math.Max(value, 0) : value;
        }
    }

    /// <summary>
    /// The values-only 2×2 pool (AVX eight at a time, SSE four, one by one below four, rows ending with an overlapping
    /// group) against the pool with indices on rows of every width 1–20, with NaN, ties and signed zeros: the same bits.
    /// </summary>
    [Fact]
    public unsafe void Values_only_max_pool_gives_the_indexed_pool_s_maxima()
    {
        var random = new Random(41);
        float[] specials = { float.NaN, 0f, -0f, 1f, -1f, 2f };
        for (int outW = 1; outW <= 20; outW++)
        {
            const int planes = 3, outH = 2;
            int inW = 2 * outW + 1, inH = 2 * outH, inPlane = inH * inW;
            var x = new float[planes * inPlane];
            for (int i = 0; i < x.Length; i++) x[i] = random.Next(3) == 0 ? specials[random.Next(specials.Length)] : (float)random.NextDouble();
            float[] expected = new float[planes * outH * outW], actual = new float[expected.Length];
            var indices = new int[expected.Length];
            fixed (float* px = x, pe = expected, pa = actual)
            fixed (int* pi = indices)
            {
                PoolingKernels.MaxPoolInside(px, pe, pi, planes, inPlane, inW, outH, outW, 2, 2, 2, 2);
                PoolingKernels.MaxPoolInside(px, pa, null, planes, inPlane, inW, outH, outW, 2, 2, 2, 2);
            }
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]) || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                    $"width {outW}, output {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void ForwardNoGradMaxPool_takes_no_indices_only_for_a_2x2_stride_2_pool()
    {
        var g = new Conv2dGeometry(1, 8, 8, 2, 6, 6, 3, 3);
        float[] x = new float[64], w = new float[g.WeightLength], y = new float[72], columns = new float[g.ColumnsLength(1)], scratch = new float[g.ScratchLength(1)];
        var pooled = new float[2 * 2 * 2];
        var ex = Assert.Throws<ArgumentException>(() =>
            Conv2dKernels.ForwardNoGradMaxPool(x, w, default, y, columns, scratch, 1, g, relu: true, pooled, Span<float>.Empty, 3, 3, 2, 2, 2, 2));
        Assert.Equal("indices", ex.ParamName);
        Assert.Contains("3×3 pool with stride 2×2", ex.Message);
    }

    [Fact]
    public void ForwardNoGradMaxPool_rejects_a_pool_that_does_not_fit_naming_it()
    {
        var g = new Conv2dGeometry(1, 6, 6, 2, 4, 4, 3, 3);
        float[] x = new float[36], w = new float[g.WeightLength], y = new float[32], columns = new float[g.ColumnsLength(1)], scratch = new float[g.ScratchLength(1)];
        var pooled = new float[2 * 2 * 2];
        Array.Fill(pooled, 7f);
        var ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.ForwardNoGradMaxPool(x, w, default, y, columns, scratch, 1, g, true, pooled, new float[8], 2, 2, 2, 2, 3, 2));
        Assert.Equal("pooledHeight", ex.ParamName);
        Assert.Contains("3×2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.ForwardNoGradMaxPool(x, w, default, y, columns, scratch, 1, g, true, pooled, new float[7], 2, 2, 2, 2, 2, 2));
        Assert.Equal("indices", ex.ParamName);
        Assert.All(pooled, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Backward_without_input_gradient_keeps_the_copies_and_adds_the_weight_gradient()
    {
        var g = new Conv2dGeometry(2, 5, 5, 3, 3, 3, 3, 3);
        var random = new Random(11);
        float[] x = Values(random, 2 * 2 * 25), w = Values(random, g.WeightLength), dy = Values(random, 2 * 3 * 9);
        var y = new float[dy.Length];
        var columns = new float[g.ColumnsLength(2)];
        var scratch = new float[g.ScratchLength(2)];
        Conv2dKernels.Forward(x, w, default, y, columns, scratch, 2, g);
        (_, _, double[] dwRef, _) = Reference(x, w, Array.Empty<float>(), dy, 2, g);
        float[] before = (float[])columns.Clone();
        var dw = new float[w.Length];
        Conv2dKernels.Backward(dy, w, dw, default, default, columns, scratch, 2, g);
        // A second backward pass (gradient accumulation) still finds the input's shifted copies.
        long copies = 2 * Conv2dDirect.SampleLength(g);
        Assert.Equal(before.AsSpan(0, (int)copies).ToArray(), columns.AsSpan(0, (int)copies).ToArray());
        Conv2dKernels.Backward(dy, w, dw, default, default, columns, scratch, 2, g);
        for (int i = 0; i < dwRef.Length; i++) dwRef[i] *= 2;
        AssertClose(dwRef, dw, "dweight");
    }

    [Fact]
    public void Bad_sizes_throw_naming_the_argument_and_write_nothing()
    {
        var g = new Conv2dGeometry(2, 5, 5, 3, 3, 3, 3, 3);
        var x = new float[49];
        var w = new float[g.WeightLength];
        var y = new float[27];
        Array.Fill(y, 7f);
        var columns = new float[g.ColumnsLength(1)];
        var scratch = new float[g.ScratchLength(1)];
        var ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(x, w, default, y, columns, scratch, 1, g));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("49", ex.Message);
        Assert.All(y, v => Assert.Equal(7f, v));
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[25 * 2], w, new float[2], y, columns, scratch, 1, g));
        Assert.Equal("bias", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[50], w, default, y, columns, scratch, 1, g with { OutHeight = 4 }));
        Assert.Equal("geometry", ex.ParamName);
        Assert.Contains("3×3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[50], w, default, y, columns, scratch, 1, g with { Groups = 2 }));
        Assert.Equal("geometry", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[50], w, default, y, new float[10], scratch, 1, g));
        Assert.Equal("columns", ex.ParamName);
        var shared = new float[60];
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Backward(shared.AsSpan(0, 27), w, new float[g.WeightLength], default, shared.AsSpan(10, 50), columns, scratch, 1, g));
        Assert.Equal("dx", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.ForwardRelu(new float[50], w, default, y, new float[26], columns, scratch, 1, g));
        Assert.Equal("activated", ex.ParamName);
        Assert.Contains("26", ex.Message);
        Assert.All(y, v => Assert.Equal(7f, v));
    }

    /// <summary>
    /// Inference over a batch large enough to be split over the worker threads, through the Winograd rows (on AVX-512)
    /// and a fused pool: the same bits on one and two threads, each within 1e-5 of the double reference.
    /// </summary>
    [Fact]
    public void Inference_split_over_threads_gives_the_single_threaded_result()
    {
        var g = new Conv2dGeometry(16, 12, 12, 32, 8, 8, 5, 5);
        const int batch = 64;
        var random = new Random(22);
        float[] x = Values(random, batch * 16 * 144), w = Values(random, g.WeightLength), b = Values(random, 32);
        (float[] Y, float[] Pooled) Run(int threads) => OnThreads(threads, () =>
        {
            float[] y = new float[batch * 32 * 64], pooled = new float[batch * 32 * 16];
            float[] columns = new float[g.ColumnsLength(batch)], scratch = new float[g.ScratchLength(batch)], maps = new float[y.Length];
            Conv2dKernels.ForwardNoGrad(x, w, b, y, columns, scratch, batch, g);
            Conv2dKernels.ForwardNoGradMaxPool(x, w, b, maps, columns, scratch, batch, g, relu: true, pooled, Span<float>.Empty, 2, 2, 2, 2, 4, 4);
            return (y, pooled);
        });
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Pooled, two.Pooled);
        (double[] yRef, _, _, _) = Reference(x, w, b, new float[one.Y.Length], batch, g);
        AssertClose(yRef, two.Y, "y");
    }

    /// <summary>
    /// The workspaces are written before the operands are read (copies of x, inference's cached transformed weights):
    /// one that shares memory with an operand is a named error, and the operands stay as they were.
    /// </summary>
    [Fact]
    public void Workspaces_that_overlap_an_operand_are_rejected()
    {
        var g = new Conv2dGeometry(16, 12, 12, 32, 8, 8, 5, 5);
        const int batch = 2;
        var random = new Random(25);
        float[] x = Values(random, batch * 16 * 144), y = new float[batch * 32 * 64], scratch = new float[g.ScratchLength(batch)];
        var shared = new float[g.WeightLength + g.ColumnsLength(batch)];
        Values(random, g.WeightLength).CopyTo(shared, 0);
        float[] before = (float[])shared.Clone();
        var ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.ForwardNoGrad(x, shared.AsSpan(0, g.WeightLength), default, y,
            shared.AsSpan(g.WeightLength / 2, (int)g.ColumnsLength(batch)), scratch, batch, g));
        Assert.Equal("columns", ex.ParamName);
        Assert.Contains("weight", ex.Message);
        var inputs = new float[x.Length + g.ScratchLength(batch)];
        x.CopyTo(inputs, 0);
        float[] inputsBefore = (float[])inputs.Clone();
        ex = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(inputs.AsSpan(0, x.Length), new float[g.WeightLength], default, y,
            new float[g.ColumnsLength(batch)], inputs.AsSpan(x.Length / 2, (int)g.ScratchLength(batch)), batch, g));
        Assert.Equal("scratch", ex.ParamName);
        Assert.Contains("x", ex.Message);
        Assert.Equal(before, shared);
        Assert.Equal(inputsBefore, inputs);
        Assert.All(y, v => Assert.Equal(0f, v));
    }

    /// <summary>
    /// The transformed weights stay cached in the columns workspace between inference calls: a changed weight, a
    /// different kernel shape with as many weights, cached transformed weights overwritten by something else, and a
    /// training pass over the same workspace are each seen on the next call (every result against its double reference).
    /// </summary>
    [Fact]
    public void Winograd_weight_cache_follows_the_weights_and_the_kernel_shape()
    {
        var five = new Conv2dGeometry(16, 12, 12, 32, 8, 8, 5, 5);
        var four = new Conv2dGeometry(25, 11, 11, 32, 8, 8, 4, 4); // as many weights: 32 · 25 · 4 · 4 = 32 · 16 · 5 · 5
        const int batch = 3;
        var random = new Random(24);
        float[] w = Values(random, five.WeightLength), b = Values(random, 32);
        float[] x5 = Values(random, batch * 16 * 144), x4 = Values(random, batch * 25 * 121), y = new float[batch * 32 * 64];
        float[] columns = new float[Math.Max(five.ColumnsLength(batch), four.ColumnsLength(batch))];
        float[] scratch = new float[five.ScratchLength(batch)];
        foreach (Conv2dGeometry g in new[] { five, four })
            Assert.Equal(Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
                Conv2dWinograd.Applies(GemmVariant.Vector512, g, columns.Length - batch * Conv2dDirect.SampleLength(g)));
        void Check(Conv2dGeometry g, float[] x, string what)
        {
            Array.Fill(y, float.NaN);
            Conv2dKernels.ForwardNoGrad(x, w, b, y, columns, scratch, batch, g);
            AssertClose(Reference(x, w, b, new float[y.Length], batch, g).Y, y, what);
        }
        Check(five, x5, "first call");
        Check(five, x5, "cached");
        w[1234] += 0.5f;
        Check(five, x5, "one weight changed");
        Check(four, x4, "another kernel shape, the same weights");
        Check(five, x5, "back to 5 × 5");
        // Something else writing into the cached transformed weights (another call's regions, a training pass) while
        // the tag and the weights' copy stay: the hash sees it.
        long cacheEnd = batch * Conv2dDirect.SampleLength(five) + Conv2dWinograd.CacheLength(five);
        columns[cacheEnd - 1] += 1f;
        columns[cacheEnd - 100] = 0f;
        Check(five, x5, "cached transformed weights overwritten");
        var dy = Values(random, y.Length);
        Conv2dKernels.Forward(x5, w, b, y, columns, scratch, batch, five);
        Conv2dKernels.Backward(dy, w, new float[w.Length], new float[32], new float[x5.Length], columns, scratch, batch, five);
        w[7] -= 0.25f;
        Check(five, x5, "after a training pass and a weight change");
    }

    /// <summary>
    /// Large enough that unrolling, folding and the transposes are split over the worker threads by samples: the
    /// result must be the single-threaded one bit for bit, and match the double reference.
    /// </summary>
    [Fact]
    public void Split_over_threads_gives_the_single_threaded_result()
    {
        var g = new Conv2dGeometry(16, 12, 12, 32, 8, 8, 5, 5);
        const int batch = 8;
        var random = new Random(21);
        float[] x = Values(random, batch * 16 * 144), w = Values(random, g.WeightLength), b = Values(random, 32), dy = Values(random, batch * 32 * 64);
        (float[] Y, float[] Dx, float[] Dw) Run(int threads) => OnThreads(threads, () =>
        {
            var y = new float[dy.Length];
            float[] columns = new float[g.ColumnsLength(batch)], scratch = new float[g.ScratchLength(batch)];
            float[] dw = new float[w.Length], db = new float[32], dx = new float[x.Length];
            Conv2dKernels.Forward(x, w, b, y, columns, scratch, batch, g);
            Conv2dKernels.Backward(dy, w, dw, db, dx, columns, scratch, batch, g);
            return (y, dx, dw);
        });
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        (double[] yRef, double[] dxRef, _, _) = Reference(x, w, b, dy, batch, g);
        AssertClose(yRef, two.Y, "y");
        AssertClose(dxRef, two.Dx, "dx");
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing()
    {
        var g = new Conv2dGeometry(4, 12, 12, 8, 10, 10, 3, 3);
        float[] x = new float[2 * 4 * 144], w = new float[g.WeightLength], b = new float[8], y = new float[2 * 8 * 100];
        float[] columns = new float[g.ColumnsLength(2)], scratch = new float[g.ScratchLength(2)];
        float[] dw = new float[w.Length], db = new float[8], dx = new float[x.Length];
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() =>
        {
            Conv2dKernels.Forward(x, w, b, y, columns, scratch, 2, g);
            Conv2dKernels.Backward(y, w, dw, db, dx, columns, scratch, 2, g);
        }));
    }

    private static (double[] Y, double[] Dx, double[] Dw, double[] Db) Reference(float[] x, float[] w, float[] b, float[] dy, int batch, Conv2dGeometry g)
    {
        var y = new double[batch * g.OutChannels * g.OutPlane];
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var db = new double[g.OutChannels];
        int cg = g.InChannels / g.Groups, og = g.OutChannels / g.Groups;
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < g.OutChannels; o++)
            {
                int group = o / og;
                for (int oy = 0; oy < g.OutHeight; oy++)
                    for (int ox = 0; ox < g.OutWidth; ox++)
                    {
                        int yi = ((n * g.OutChannels + o) * g.OutHeight + oy) * g.OutWidth + ox;
                        double sum = b.Length > 0 ? b[o] : 0.0;
                        double grad = dy[yi];
                        db[o] += grad;
                        for (int c = 0; c < cg; c++)
                            for (int i = 0; i < g.KernelHeight; i++)
                                for (int j = 0; j < g.KernelWidth; j++)
                                {
                                    int iy = oy * g.StrideHeight - g.PadHeight + i * g.DilationHeight;
                                    int ix = ox * g.StrideWidth - g.PadWidth + j * g.DilationWidth;
                                    if (iy < 0 || iy >= g.InHeight || ix < 0 || ix >= g.InWidth) continue;
                                    int xi = ((n * g.InChannels + group * cg + c) * g.InHeight + iy) * g.InWidth + ix;
                                    int wi = ((o * cg + c) * g.KernelHeight + i) * g.KernelWidth + j;
                                    sum += (double)w[wi] * x[xi];
                                    dx[xi] += grad * w[wi];
                                    dw[wi] += grad * x[xi];
                                }
                        y[yi] = sum;
                    }
            }
        return (y, dx, dw, db);
    }

    private static float[] Values(Random random, long length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    /// <summary>What <paramref name="run"/> returns with at most <paramref name="threads"/> worker threads (restored after).</summary>
    private static T OnThreads<T>(int threads, Func<T> run)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try
        {
            return run();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    /// <summary>Each value within 1e-5 of the tensor's scale (its largest magnitude, at least 1).</summary>
    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1;
        foreach (double v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"{what}[{i}]: expected {expected[i]}, got {actual[i]} (scale {scale})");
    }
}
