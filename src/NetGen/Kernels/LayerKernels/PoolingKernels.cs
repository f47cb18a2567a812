using System;
using System.Runtime.Intrinsics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// PyTorch's 2-D pooling over row-major NCHW, x[n][c][h][w], each plane (n, c) on its own: <c>nn.MaxPool2d</c> and
/// <c>nn.AvgPool2d</c> with the window semantics of PyTorch's CPU kernels (aten/src/ATen/native/cpu/MaxPoolKernel.cpp,
/// AvgPoolKernel.cpp), and <c>nn.AdaptiveAvgPool2d(1)</c> as a global average. The output sizes are the caller's
/// (computed at compile time, with or without ceil_mode) and must be PyTorch's for the window.
/// Max and average windows are summed and compared in float in PyTorch's order (row-major over the window), so their
/// outputs and gradients are those of PyTorch to the bit; they are scalar loops over precomputed, clipped window bounds
/// (a strided window would need gathers to vectorise). The global average is a vectorised double sum.
/// Outputs never share memory with inputs.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static unsafe class PoolingKernels
{
    /// <summary>Input floats below which a second thread does not pay for a pooling pass.</summary>
    private const int MinFloatsPerThread = 64 * 1024;

    /// <summary>A max-pool over planes whose windows all lie inside them, for <see cref="InsideRange"/>.</summary>
    private struct InsideJob
    {
        public float* X, Y;
        public int* Indices;
        public int InPlane, InWidth, OutHeight, OutWidth, KernelHeight, KernelWidth, StrideHeight, StrideWidth;
    }

    /// <summary>Planes [first, first + count) of an <see cref="InsideJob"/>; each plane depends on itself only.</summary>
    private static void InsideRange(void* context, int first, int count)
    {
        var job = (InsideJob*)context;
        long outPlane = (long)job->OutHeight * job->OutWidth;
        MaxPoolInside(job->X + first * (long)job->InPlane, job->Y + first * outPlane, job->Indices + first * outPlane, count, job->InPlane, job->InWidth,
            job->OutHeight, job->OutWidth, job->KernelHeight, job->KernelWidth, job->StrideHeight, job->StrideWidth);
    }

    /// <summary>
    /// Max pooling of <paramref name="planes"/> planes whose windows all lie inside them (no padding, dilation 1), on
    /// the calling thread, exactly as <see cref="MaxPool2dForward"/> computes them. The caller validated the sizes. A null
    /// <paramref name="indices"/> (2×2 windows, stride 2 only) computes the maxima alone.
    /// </summary>
    internal static void MaxPoolInside(float* x, float* y, int* indices, int planes, int inPlane, int inWidth, int outHeight, int outWidth,
        int kernelHeight, int kernelWidth, int strideHeight, int strideWidth)
    {
        if (indices == null)
        {
            // Values only (inference): the caller passes no indices for 2×2 stride-2 windows only.
            TwoByTwoValues(x, y, planes, inPlane, inWidth, outHeight, outWidth);
            return;
        }
        ref float x0 = ref Unsafe.AsRef<float>(x);
        ref float y0 = ref Unsafe.AsRef<float>(y);
        ref int i0 = ref Unsafe.AsRef<int>(indices);
        if (kernelHeight == 2 && kernelWidth == 2 && strideHeight == 2 && strideWidth == 2 && System.Runtime.Intrinsics.X86.Sse.IsSupported)
            TwoByTwo(ref x0, ref y0, ref i0, planes, inPlane, inWidth, outHeight, outWidth);
        else
            InsideWindows(ref x0, ref y0, ref i0, planes, inPlane, inWidth, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth);
    }

    /// <summary>
    /// Max pooling (PyTorch <c>nn.MaxPool2d</c>): y = the maximum over each dilated window; padded positions are −∞ (never
    /// chosen) and windows are clipped to the input. The window is scanned row by row; a value replaces the running maximum
    /// when it is greater or NaN (PyTorch's <c>(val &gt; maxval) || isnan(val)</c>), so the FIRST of equal maxima is kept and
    /// a NaN wins (the last NaN of the window). <paramref name="indices"/> receives, as int32 bits, the position of the
    /// chosen value within its input plane (h·inWidth + w) for <see cref="MaxPool2dBackward"/>.
    /// </summary>
    /// <param name="x">Input [batch, channels, inHeight, inWidth].</param>
    /// <param name="y">Output [batch, channels, outHeight, outWidth].</param>
    /// <param name="indices">Receives the positions (int32 bits in float storage, MemoryMarshal.Cast&lt;float, int&gt;); length of y.</param>
    /// <param name="batch">Samples N (≥ 0).</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="inHeight">Input rows.</param>
    /// <param name="inWidth">Input columns.</param>
    /// <param name="outHeight">Output rows: PyTorch's size for the window, ⌊(in + 2·pad − dilation·(kernel − 1) − 1)/stride⌋ + 1, or with ceil_mode ⌈…⌉ + 1 less one when the last window would start in the right padding.</param>
    /// <param name="outWidth">Output columns, the same rule.</param>
    /// <param name="kernelHeight">Window rows.</param>
    /// <param name="kernelWidth">Window columns.</param>
    /// <param name="strideHeight">Step between window rows.</param>
    /// <param name="strideWidth">Step between window columns.</param>
    /// <param name="padHeight">Implicit −∞ rows on each side, at most kernelHeight/2.</param>
    /// <param name="padWidth">Implicit −∞ columns on each side, at most kernelWidth/2.</param>
    /// <param name="dilationHeight">Step between the rows of one window.</param>
    /// <param name="dilationWidth">Step between the columns of one window.</param>
    /// <exception cref="ArgumentException">Sizes that are not a valid pooling, wrong lengths, overlapping spans, or a dilated window
    /// that covers no input value at all (PyTorch would return −∞ with an index outside the plane); nothing is written then.</exception>
    public static void MaxPool2dForward(ReadOnlySpan<float> x, Span<float> y, Span<float> indices, int batch, int channels, int inHeight, int inWidth,
        int outHeight, int outWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth,
        int dilationHeight, int dilationWidth)
    {
        CheckPlanes(x.Length, y.Length, "y", batch, channels, inHeight, inWidth, outHeight, outWidth);
        LayerKernelChecks.SameLength(y.Length, nameof(y), indices.Length, nameof(indices));
        CheckAxis(inHeight, outHeight, kernelHeight, strideHeight, padHeight, dilationHeight, "Height");
        CheckAxis(inWidth, outWidth, kernelWidth, strideWidth, padWidth, dilationWidth, "Width");
        CheckEveryWindowCoversInput(inHeight, outHeight, kernelHeight, strideHeight, padHeight, dilationHeight, "Height");
        CheckEveryWindowCoversInput(inWidth, outWidth, kernelWidth, strideWidth, padWidth, dilationWidth, "Width");
        LayerKernelChecks.NoOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(x, indices, nameof(x), nameof(indices));
        LayerKernelChecks.NoOverlap(y, indices, nameof(y), nameof(indices));

        int inPlane = inHeight * inWidth, outPlane = outHeight * outWidth, planes = batch * channels;
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref int i0 = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<float, int>(indices));
        if (padHeight == 0 && padWidth == 0 && dilationHeight == 1 && dilationWidth == 1
            && (outHeight - 1) * strideHeight + kernelHeight <= inHeight && (outWidth - 1) * strideWidth + kernelWidth <= inWidth)
        {
            // Every window lies inside the plane (the usual MaxPool2d(k)): the same taps in the same order as below,
            // without clipping each window; planes split over the worker threads when there are enough of them.
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* pi = indices)
            {
                var job = new InsideJob
                {
                    X = px, Y = py, Indices = (int*)pi, InPlane = inPlane, InWidth = inWidth, OutHeight = outHeight, OutWidth = outWidth,
                    KernelHeight = kernelHeight, KernelWidth = kernelWidth, StrideHeight = strideHeight, StrideWidth = strideWidth,
                };
                int minPlanes = Math.Max(1, MinFloatsPerThread / Math.Max(1, inPlane));
                if (!WorkerPool.TryRun(&job, planes, minPlanes, 1, &InsideRange)) InsideRange(&job, 0, planes);
            }
            return;
        }
        for (int plane = 0; plane < planes; plane++)
        {
            ref float xp = ref Unsafe.Add(ref x0, plane * inPlane);
            int o = plane * outPlane;
            for (int oh = 0; oh < outHeight; oh++)
            {
                (int h0, int h1) = DilatedTaps(oh, kernelHeight, strideHeight, padHeight, dilationHeight, inHeight);
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    (int w0, int w1) = DilatedTaps(ow, kernelWidth, strideWidth, padWidth, dilationWidth, inWidth);
                    float max = float.NegativeInfinity;
                    int best = h0 * inWidth + w0;   // PyTorch's start: the first tap, kept when every value is −∞
                    for (int row = h0 * inWidth, end = h1 * inWidth; row < end; row += dilationHeight * inWidth)
                        for (int at = row + w0, rowEnd = row + w1; at < rowEnd; at += dilationWidth)
                        {
                            float v = Unsafe.Add(ref xp, at);
                            if (v > max || float.IsNaN(v)) { max = v; best = at; }
                        }
                    Unsafe.Add(ref y0, o) = max;
                    Unsafe.Add(ref i0, o) = best;
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="MaxPool2dForward"/>: dx is cleared, then each dy is ADDED at the input position its window chose
    /// (overlapping windows may choose the same one), in output order as PyTorch does.
    /// </summary>
    /// <param name="indices">The positions <see cref="MaxPool2dForward"/> wrote.</param>
    /// <param name="dy">Gradient with respect to y, [batch, channels, outHeight, outWidth].</param>
    /// <param name="dx">Receives the gradient with respect to x, [batch, channels, inHeight, inWidth] (overwritten).</param>
    /// <param name="batch">Samples N.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="inHeight">Input rows.</param>
    /// <param name="inWidth">Input columns.</param>
    /// <param name="outHeight">Output rows.</param>
    /// <param name="outWidth">Output columns.</param>
    /// <exception cref="ArgumentException">Wrong lengths, overlapping spans, or a position outside the input plane; nothing is written then.</exception>
    public static void MaxPool2dBackward(ReadOnlySpan<float> indices, ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int inHeight,
        int inWidth, int outHeight, int outWidth)
    {
        CheckPlanes(dx.Length, dy.Length, "dy", batch, channels, inHeight, inWidth, outHeight, outWidth, inputName: "dx");
        LayerKernelChecks.SameLength(dy.Length, nameof(dy), indices.Length, nameof(indices));
        LayerKernelChecks.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoOverlap(indices, dx, nameof(indices), nameof(dx));
        ReadOnlySpan<int> positions = MemoryMarshal.Cast<float, int>(indices);
        int inPlane = inHeight * inWidth, outPlane = outHeight * outWidth;
        for (int i = 0; i < positions.Length; i++)
            if ((uint)positions[i] >= (uint)inPlane)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"indices[{i}] = {positions[i]} is not a position in the {inHeight}×{inWidth} input plane; pass the indices MaxPool2dForward wrote."), nameof(indices));

        fixed (float* pi = indices)
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        {
            // Each plane depends on itself only: planes split over the worker threads when there are enough of them.
            var job = new ScatterJob { Indices = (int*)pi, Dy = pdy, Dx = pdx, InPlane = inPlane, OutPlane = outPlane };
            int planes = batch * channels, minPlanes = Math.Max(1, MinFloatsPerThread / Math.Max(1, inPlane));
            if (!WorkerPool.TryRun(&job, planes, minPlanes, 1, &ScatterRange)) ScatterRange(&job, 0, planes);
        }
    }

    /// <summary>A max-pool backward scatter, for <see cref="ScatterRange"/>.</summary>
    private struct ScatterJob
    {
        public int* Indices;
        public float* Dy, Dx;
        public int InPlane, OutPlane;
    }

    /// <summary>Planes [first, first + count): dx cleared, then each dy added at its window's chosen position, in output order.</summary>
    private static void ScatterRange(void* context, int first, int count)
    {
        var job = (ScatterJob*)context;
        int inPlane = job->InPlane, outPlane = job->OutPlane;
        new Span<float>(job->Dx + (long)first * inPlane, count * inPlane).Clear();
        for (int plane = first; plane < first + count; plane++)
        {
            float* dx = job->Dx + (long)plane * inPlane, dy = job->Dy + (long)plane * outPlane;
            int* at = job->Indices + (long)plane * outPlane;
            for (int o = 0; o < outPlane; o++) dx[at[o]] += dy[o];
        }
    }

    /// <summary>
    /// Average pooling (PyTorch <c>nn.AvgPool2d</c>, <c>avg_pool2d</c>'s CPU formula): for each window, start = o·stride − pad,
    /// end = min(start + kernel, in + pad) and padded size = (hend − hstart)·(wend − wstart); the window is then clipped
    /// to the input and y = Σ x / divisor with divisor = the padded size when <paramref name="countIncludePad"/>, else the
    /// clipped size. (So a ceil_mode window that runs past the padding is divided by what it covers of the padded input.)
    /// </summary>
    /// <param name="x">Input [batch, channels, inHeight, inWidth].</param>
    /// <param name="y">Output [batch, channels, outHeight, outWidth].</param>
    /// <param name="batch">Samples N (≥ 0).</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="inHeight">Input rows.</param>
    /// <param name="inWidth">Input columns.</param>
    /// <param name="outHeight">Output rows: PyTorch's size for the window (floor or ceil_mode), as for <see cref="MaxPool2dForward"/> with dilation 1.</param>
    /// <param name="outWidth">Output columns, the same rule.</param>
    /// <param name="kernelHeight">Window rows.</param>
    /// <param name="kernelWidth">Window columns.</param>
    /// <param name="strideHeight">Step between window rows.</param>
    /// <param name="strideWidth">Step between window columns.</param>
    /// <param name="padHeight">Implicit zero rows on each side, at most kernelHeight/2.</param>
    /// <param name="padWidth">Implicit zero columns on each side, at most kernelWidth/2.</param>
    /// <param name="countIncludePad">Whether the zero padding counts in the divisor (PyTorch's default true).</param>
    /// <exception cref="ArgumentException">Sizes that are not a valid pooling, wrong lengths or overlapping spans; nothing is written then.</exception>
    public static void AvgPool2dForward(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int inHeight, int inWidth, int outHeight,
        int outWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth, bool countIncludePad)
    {
        CheckPlanes(x.Length, y.Length, "y", batch, channels, inHeight, inWidth, outHeight, outWidth);
        CheckAxis(inHeight, outHeight, kernelHeight, strideHeight, padHeight, 1, "Height");
        CheckAxis(inWidth, outWidth, kernelWidth, strideWidth, padWidth, 1, "Width");
        LayerKernelChecks.NoOverlap(x, y, nameof(x), nameof(y));

        ForEachAverageWindow(new SumWindow(), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), batch * channels, inHeight, inWidth,
            outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padHeight, padWidth, countIncludePad);
    }

    /// <summary>
    /// Backward of <see cref="AvgPool2dForward"/>: dx is cleared, then each window's dy/divisor is ADDED to every input
    /// position of its clipped window (same windows and divisors as the forward), in output order as PyTorch does.
    /// </summary>
    /// <param name="dy">Gradient with respect to y, [batch, channels, outHeight, outWidth].</param>
    /// <param name="dx">Receives the gradient with respect to x, [batch, channels, inHeight, inWidth] (overwritten).</param>
    /// <param name="batch">Samples N.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="inHeight">Input rows.</param>
    /// <param name="inWidth">Input columns.</param>
    /// <param name="outHeight">Output rows.</param>
    /// <param name="outWidth">Output columns.</param>
    /// <param name="kernelHeight">Window rows.</param>
    /// <param name="kernelWidth">Window columns.</param>
    /// <param name="strideHeight">Step between window rows.</param>
    /// <param name="strideWidth">Step between window columns.</param>
    /// <param name="padHeight">Padding rows on each side.</param>
    /// <param name="padWidth">Padding columns on each side.</param>
    /// <param name="countIncludePad">As in the forward.</param>
    /// <exception cref="ArgumentException">Sizes that are not a valid pooling, wrong lengths or overlapping spans; nothing is written then.</exception>
    public static void AvgPool2dBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int inHeight, int inWidth, int outHeight,
        int outWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth, bool countIncludePad)
    {
        CheckPlanes(dx.Length, dy.Length, "dy", batch, channels, inHeight, inWidth, outHeight, outWidth, inputName: "dx");
        CheckAxis(inHeight, outHeight, kernelHeight, strideHeight, padHeight, 1, "Height");
        CheckAxis(inWidth, outWidth, kernelWidth, strideWidth, padWidth, 1, "Width");
        LayerKernelChecks.NoOverlap(dy, dx, nameof(dy), nameof(dx));

        dx.Clear();
        ForEachAverageWindow(new SpreadWindow(), ref MemoryMarshal.GetReference(dx), ref MemoryMarshal.GetReference(dy), batch * channels, inHeight, inWidth,
            outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padHeight, padWidth, countIncludePad);
    }

    /// <summary>
    /// Global average pooling (PyTorch <c>nn.AdaptiveAvgPool2d(1)</c>): y[n][c] = the mean of the plane x[n][c] of
    /// <paramref name="spatial"/> = H·W values, summed in double (vectorised) and rounded once.
    /// </summary>
    /// <param name="x">Input [batch, channels, H, W].</param>
    /// <param name="y">Output [batch, channels] (= [batch, channels, 1, 1]).</param>
    /// <param name="batch">Samples N (≥ 0).</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="spatial">Values per plane, H·W.</param>
    /// <exception cref="ArgumentException">Wrong sizes or lengths, or overlapping spans; nothing is written then.</exception>
    public static void GlobalAvgPoolForward(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int spatial)
        => GlobalAvgPoolForward(x, y, batch, channels, spatial, SimdDriver.Best);

    internal static void GlobalAvgPoolForward(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int spatial, SimdWidth width)
    {
        LayerKernelChecks.Planes(batch, channels, spatial, x.Length, nameof(x));
        LayerKernelChecks.Length(y.Length, batch * channels, nameof(y), "batch * channels");
        LayerKernelChecks.NoOverlap(x, y, nameof(x), nameof(y));
        for (int plane = 0; plane < y.Length; plane++)
        {
            ReadOnlySpan<float> xp = x.Slice(plane * spatial, spatial);
            y[plane] = (float)(WideningSum.Sum(new PlainTerm(), xp, xp, width) / spatial);
        }
    }

    /// <summary>Backward of <see cref="GlobalAvgPoolForward(ReadOnlySpan{float}, Span{float}, int, int, int)"/>: every value of the plane x[n][c] receives dy[n][c]/spatial.</summary>
    /// <param name="dy">Gradient with respect to y, [batch, channels].</param>
    /// <param name="dx">Receives the gradient with respect to x, [batch, channels, H, W] (overwritten).</param>
    /// <param name="batch">Samples N.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="spatial">Values per plane, H·W.</param>
    /// <exception cref="ArgumentException">Wrong sizes or lengths, or overlapping spans; nothing is written then.</exception>
    public static void GlobalAvgPoolBackward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int channels, int spatial)
    {
        LayerKernelChecks.Planes(batch, channels, spatial, dx.Length, nameof(dx));
        LayerKernelChecks.Length(dy.Length, batch * channels, nameof(dy), "batch * channels");
        LayerKernelChecks.NoOverlap(dy, dx, nameof(dy), nameof(dx));
        for (int plane = 0; plane < dy.Length; plane++)
            dx.Slice(plane * spatial, spatial).Fill(dy[plane] / spatial);
    }

    // ------------------------------------------------------------------ windows

    /// <summary>
    /// MaxPool2d(2) with SSE, four outputs at a time: the even and odd columns of two input rows (shufps), then the four
    /// taps in PyTorch's scan order (top-left, top-right, bottom-left, bottom-right), each taken when greater or NaN, as the
    /// scalar rule — with selects, not branches, which on real data mispredict about every other tap (measured 6.2 ms
    /// against 1.3 ms on constant input for [64, 32, 28, 28]; this path: 0.26 ms). Rows of four outputs or more end with a
    /// group that overlaps the previous one; narrower rows take the scalar loop.
    /// </summary>
    private static void TwoByTwo(ref float x0, ref float y0, ref int i0, int planes, int inPlane, int inWidth, int outHeight, int outWidth)
    {
        var lane = Vector128.Create(0, 2, 4, 6);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            ref float xp = ref Unsafe.Add(ref x0, plane * inPlane);
            for (int oh = 0; oh < outHeight; oh++)
            {
                int top = 2 * oh * inWidth;
                if (outWidth >= 4)
                {
                    // The last group overlaps the one before it when the row is not a multiple of four: those outputs are
                    // written twice with the same values.
                    for (int ow = 0; ow < outWidth; ow += 4)
                    {
                        int at = Math.Min(ow, outWidth - 4);
                        Four(ref xp, ref Unsafe.Add(ref y0, o + at), ref Unsafe.Add(ref i0, o + at), top + 2 * at, inWidth, lane);
                    }
                    o += outWidth;
                    continue;
                }
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    int start = top + 2 * ow;
                    float max = float.NegativeInfinity;
                    int best = start;
                    foreach (int at in new TapOffsets(start, inWidth))
                    {
                        float v = Unsafe.Add(ref xp, at);
                        if (v > max || float.IsNaN(v)) { max = v; best = at; }
                    }
                    Unsafe.Add(ref y0, o) = max;
                    Unsafe.Add(ref i0, o) = best;
                }
            }
        }
    }

    /// <summary>
    /// MaxPool2d(2) values only, for inference: the maxima <see cref="TwoByTwo"/> computes (the same taps, the same
    /// greater-or-NaN rule, so the same bits), eight windows at a time with AVX (shufps per 128-bit half, then the
    /// halves' pairs put in order), four with SSE, one by one below four; rows end with a group that overlaps the one before.
    /// </summary>
    private static void TwoByTwoValues(float* x, float* y, int planes, int inPlane, int inWidth, int outHeight, int outWidth)
    {
        const byte Evens = 0b10_00_10_00, Odds = 0b11_01_11_01;
        bool avx = System.Runtime.Intrinsics.X86.Avx2.IsSupported, sse = System.Runtime.Intrinsics.X86.Sse.IsSupported;
        float* to = y;
        for (int plane = 0; plane < planes; plane++)
        {
            float* xp = x + (long)plane * inPlane;
            for (int oh = 0; oh < outHeight; oh++, to += outWidth)
            {
                float* r0 = xp + 2 * oh * inWidth, r1 = r0 + inWidth;
                if (avx && outWidth >= 8)
                {
                    for (int ow = 0; ow < outWidth; ow += 8)
                    {
                        int at = Math.Min(ow, outWidth - 8);
                        Vector256<float> a0 = Vector256.Load(r0 + 2 * at), b0 = Vector256.Load(r0 + 2 * at + 8);
                        Vector256<float> a1 = Vector256.Load(r1 + 2 * at), b1 = Vector256.Load(r1 + 2 * at + 8);
                        // Lanes hold windows 0, 1, 4, 5, 2, 3, 6, 7 until the last step.
                        Vector256<float> max = System.Runtime.Intrinsics.X86.Avx.Shuffle(a0, b0, Evens);
                        max = Larger(System.Runtime.Intrinsics.X86.Avx.Shuffle(a0, b0, Odds), max);
                        max = Larger(System.Runtime.Intrinsics.X86.Avx.Shuffle(a1, b1, Evens), max);
                        max = Larger(System.Runtime.Intrinsics.X86.Avx.Shuffle(a1, b1, Odds), max);
                        System.Runtime.Intrinsics.X86.Avx2.Permute4x64(max.AsDouble(), 0b11_01_10_00).AsSingle().Store(to + at);
                    }
                    continue;
                }
                if (sse && outWidth >= 4)
                {
                    for (int ow = 0; ow < outWidth; ow += 4)
                    {
                        int at = Math.Min(ow, outWidth - 4);
                        Vector128<float> a0 = Vector128.Load(r0 + 2 * at), b0 = Vector128.Load(r0 + 2 * at + 4);
                        Vector128<float> a1 = Vector128.Load(r1 + 2 * at), b1 = Vector128.Load(r1 + 2 * at + 4);
                        Vector128<float> max = System.Runtime.Intrinsics.X86.Sse.Shuffle(a0, b0, Evens);
                        max = Larger(System.Runtime.Intrinsics.X86.Sse.Shuffle(a0, b0, Odds), max);
                        max = Larger(System.Runtime.Intrinsics.X86.Sse.Shuffle(a1, b1, Evens), max);
                        max = Larger(System.Runtime.Intrinsics.X86.Sse.Shuffle(a1, b1, Odds), max);
                        max.Store(to + at);
                    }
                    continue;
                }
                for (int ow = 0; ow < outWidth; ow++)
                {
                    float max = r0[2 * ow];
                    float v = r0[2 * ow + 1];
                    if (v > max || float.IsNaN(v)) max = v;
                    v = r1[2 * ow];
                    if (v > max || float.IsNaN(v)) max = v;
                    v = r1[2 * ow + 1];
                    if (v > max || float.IsNaN(v)) max = v;
                    to[ow] = max;
                }
            }
        }
    }

    /// <summary>The candidate where it is greater than the running maximum or NaN (PyTorch's rule), else the maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Larger(Vector256<float> candidate, Vector256<float> max) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(candidate, max) | ~Vector256.Equals(candidate, candidate), candidate, max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Larger(Vector128<float> candidate, Vector128<float> max) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(candidate, max) | ~Vector128.Equals(candidate, candidate), candidate, max);

    /// <summary>Four 2×2 windows starting at <paramref name="start"/> (top-left of the first) into y and indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four(ref float xp, ref float y, ref int indices, int start, int inWidth, Vector128<int> lane)
    {
        const byte Evens = 0b10_00_10_00, Odds = 0b11_01_11_01;
        ref float r0 = ref Unsafe.Add(ref xp, start);
        ref float r1 = ref Unsafe.Add(ref xp, start + inWidth);
        var a0 = Vector128.LoadUnsafe(ref r0);
        var b0 = Vector128.LoadUnsafe(ref r0, 4);
        var a1 = Vector128.LoadUnsafe(ref r1);
        var b1 = Vector128.LoadUnsafe(ref r1, 4);
        var index = lane + Vector128.Create(start);
        var max = System.Runtime.Intrinsics.X86.Sse.Shuffle(a0, b0, Evens);
        var best = index;
        Take(System.Runtime.Intrinsics.X86.Sse.Shuffle(a0, b0, Odds), index + Vector128.Create(1), ref max, ref best);
        Take(System.Runtime.Intrinsics.X86.Sse.Shuffle(a1, b1, Evens), index + Vector128.Create(inWidth), ref max, ref best);
        Take(System.Runtime.Intrinsics.X86.Sse.Shuffle(a1, b1, Odds), index + Vector128.Create(inWidth + 1), ref max, ref best);
        max.StoreUnsafe(ref y);
        best.StoreUnsafe(ref indices);
    }

    /// <summary>Where a candidate is greater than the running maximum, or NaN (PyTorch's rule), it becomes the maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(System.Runtime.Intrinsics.Vector128<float> candidate, System.Runtime.Intrinsics.Vector128<int> index,
        ref System.Runtime.Intrinsics.Vector128<float> max, ref System.Runtime.Intrinsics.Vector128<int> best)
    {
        var take = System.Runtime.Intrinsics.Vector128.GreaterThan(candidate, max) | ~System.Runtime.Intrinsics.Vector128.Equals(candidate, candidate);
        max = System.Runtime.Intrinsics.Vector128.ConditionalSelect(take, candidate, max);
        best = System.Runtime.Intrinsics.Vector128.ConditionalSelect(take.AsInt32(), index, best);
    }

    /// <summary>The four taps of a 2×2 window at <c>start</c> in scan order.</summary>
    private readonly struct TapOffsets
    {
        private readonly int _start, _width;
        public TapOffsets(int start, int width) { _start = start; _width = width; }
        public Enumerator GetEnumerator() => new(_start, _width);
        public struct Enumerator
        {
            private readonly int _start, _width;
            private int _k;
            public Enumerator(int start, int width) { _start = start; _width = width; _k = -1; }
            public int Current => _start + (_k >> 1) * _width + (_k & 1);
            public bool MoveNext() => ++_k < 4;
        }
    }

    /// <summary>Max pooling when every window is inside its plane: first maximum in scan order, NaN wins (PyTorch's rule).</summary>
    private static void InsideWindows(ref float x0, ref float y0, ref int i0, int planes, int inPlane, int inWidth, int outHeight, int outWidth,
        int kernelHeight, int kernelWidth, int strideHeight, int strideWidth)
    {
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            ref float xp = ref Unsafe.Add(ref x0, plane * inPlane);
            for (int oh = 0; oh < outHeight; oh++)
            {
                int top = oh * strideHeight * inWidth;
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    int start = top + ow * strideWidth;
                    float max = float.NegativeInfinity;
                    int best = start;
                    for (int i = 0, row = start; i < kernelHeight; i++, row += inWidth)
                        for (int at = row, end = row + kernelWidth; at < end; at++)
                        {
                            float v = Unsafe.Add(ref xp, at);
                            if (v > max || float.IsNaN(v)) { max = v; best = at; }
                        }
                    Unsafe.Add(ref y0, o) = max;
                    Unsafe.Add(ref i0, o) = best;
                }
            }
        }
    }

    /// <summary>
    /// The taps of a max-pool window along one axis inside the input: from the first tap at or after 0 to <c>end</c>
    /// (exclusive), every <paramref name="dilation"/>-th position (PyTorch's ih0/ih1 after <c>while (ih0 &lt; 0) ih0 += dilation</c>).
    /// Empty when start ≥ end.
    /// </summary>
    private static (int Start, int End) DilatedTaps(int o, int kernel, int stride, int pad, int dilation, int size)
    {
        long start = (long)o * stride - pad;
        long end = Math.Min(start + (long)(kernel - 1) * dilation + 1, size);
        if (start < 0) start += (-start + dilation - 1) / dilation * dilation;
        return ((int)Math.Min(start, size), (int)end);
    }

    /// <summary>What average pooling does with one window: [h0, h1) × [w0, w1) of an input plane (row stride inWidth), its output value and divisor.</summary>
    private interface IAverageWindow
    {
        void Apply(ref float plane, ref float output, int inWidth, int h0, int h1, int w0, int w1, int divisor);
    }

    /// <summary>Forward: output = Σ window / divisor, summed in float row by row as PyTorch does.</summary>
    private readonly struct SumWindow : IAverageWindow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref float plane, ref float output, int inWidth, int h0, int h1, int w0, int w1, int divisor)
        {
            float sum = 0f;
            for (int row = h0 * inWidth, end = h1 * inWidth; row < end; row += inWidth)
                for (int at = row + w0, rowEnd = row + w1; at < rowEnd; at++)
                    sum += Unsafe.Add(ref plane, at);
            output = sum / divisor;
        }
    }

    /// <summary>Backward: every position of the window gets output (dy) / divisor added.</summary>
    private readonly struct SpreadWindow : IAverageWindow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref float plane, ref float output, int inWidth, int h0, int h1, int w0, int w1, int divisor)
        {
            float delta = output / divisor;
            for (int row = h0 * inWidth, end = h1 * inWidth; row < end; row += inWidth)
                for (int at = row + w0, rowEnd = row + w1; at < rowEnd; at++)
                    Unsafe.Add(ref plane, at) += delta;
        }
    }

    /// <summary>
    /// Walks the average-pool windows of every plane in output order with PyTorch's avg_pool2d bounds and divisors, handing
    /// each to <paramref name="action"/> with its input plane and its element of <paramref name="outputs"/> (y or dy).
    /// An empty window (impossible with PyTorch's output sizes) gets divisor 1 and so outputs 0, as PyTorch's kernel does.
    /// </summary>
    private static void ForEachAverageWindow<T>(T action, ref float planes, ref float outputs, int planeCount, int inHeight, int inWidth, int outHeight,
        int outWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth, bool countIncludePad)
        where T : struct, IAverageWindow
    {
        int o = 0;
        for (int plane = 0; plane < planeCount; plane++)
        {
            ref float p = ref Unsafe.Add(ref planes, plane * inHeight * inWidth);
            for (int oh = 0; oh < outHeight; oh++)
            {
                (int h0, int h1, int paddedRows) = AverageWindow(oh, kernelHeight, strideHeight, padHeight, inHeight);
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    (int w0, int w1, int paddedColumns) = AverageWindow(ow, kernelWidth, strideWidth, padWidth, inWidth);
                    int divisor = h0 >= h1 || w0 >= w1 ? 1 : countIncludePad ? paddedRows * paddedColumns : (h1 - h0) * (w1 - w0);
                    action.Apply(ref p, ref Unsafe.Add(ref outputs, o), inWidth, h0, h1, w0, w1, divisor);
                }
            }
        }
    }

    /// <summary>An average-pool window along one axis: the part inside the input [Start, End) and the size it covers of the padded input.</summary>
    private static (int Start, int End, int Padded) AverageWindow(int o, int kernel, int stride, int pad, int size)
    {
        int start = o * stride - pad;
        int end = Math.Min(start + kernel, size + pad);
        return (Math.Max(start, 0), Math.Min(end, size), end - start);
    }

    /// <summary>PyTorch's pooling output size along one axis (pooling_output_shape): floor, or ceil with the last window starting inside the input or the left padding.</summary>
    internal static long OutputSize(long input, long kernel, long stride, long pad, long dilation, bool ceilMode)
    {
        long numerator = input + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long size = (numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)) + 1;
        if (ceilMode && (size - 1) * stride >= input + pad) size--;
        return size;
    }

    // ------------------------------------------------------------------ argument checks (cheap; messages built only when thrown)

    /// <summary>Sizes ≥ 1 (batch ≥ 0) and the input/output lengths of [batch, channels, in…] and [batch, channels, out…].</summary>
    private static void CheckPlanes(int inputLength, int outputLength, string outputName, int batch, int channels, int inHeight, int inWidth,
        int outHeight, int outWidth, string inputName = "x")
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must not be negative.");
        Positive(channels, nameof(channels));
        Positive(inHeight, nameof(inHeight));
        Positive(inWidth, nameof(inWidth));
        Positive(outHeight, nameof(outHeight));
        Positive(outWidth, nameof(outWidth));
        long planes = (long)batch * channels;
        if (planes * inHeight * inWidth != inputLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{inputName}.Length must be batch * channels * inHeight * inWidth = {batch} * {channels} * {inHeight} * {inWidth} = {planes * inHeight * inWidth} (got {inputLength})."), inputName);
        if (planes * outHeight * outWidth != outputLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{outputName}.Length must be batch * channels * outHeight * outWidth = {batch} * {channels} * {outHeight} * {outWidth} = {planes * outHeight * outWidth} (got {outputLength})."), outputName);
    }

    /// <summary>kernel, stride, dilation ≥ 1, 0 ≤ pad ≤ kernel/2 (PyTorch's rule), and the output size PyTorch gives with or without ceil_mode.</summary>
    private static void CheckAxis(int input, int output, int kernel, int stride, int pad, int dilation, string axis)
    {
        if (kernel < 1) throw new ArgumentOutOfRangeException("kernel" + axis, kernel, "The kernel size must be positive.");
        if (stride < 1) throw new ArgumentOutOfRangeException("stride" + axis, stride, "The stride must be positive.");
        if (dilation < 1) throw new ArgumentOutOfRangeException("dilation" + axis, dilation, "The dilation must be positive.");
        if (pad < 0 || pad > kernel / 2)
            throw new ArgumentOutOfRangeException("pad" + axis, pad, string.Create(CultureInfo.InvariantCulture,
                $"pad{axis} must be between 0 and half of kernel{axis} = {kernel} (PyTorch's rule), got {pad}."));
        long floor = OutputSize(input, kernel, stride, pad, dilation, ceilMode: false), ceil = OutputSize(input, kernel, stride, pad, dilation, ceilMode: true);
        if (output != floor && output != ceil)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"out{axis} = {output} is not PyTorch's pooling output size for in{axis} = {input}, kernel {kernel}, stride {stride}, padding {pad}, dilation {dilation}: {floor} (floor) or {ceil} (ceil_mode)."),
                "out" + axis);
    }

    /// <summary>
    /// Every dilated max-pool window along the axis has a tap inside the input. With dilation the taps can all fall in the
    /// padding (e.g. input 2, kernel 2, padding 1, dilation 3), where PyTorch returns −∞ and an index outside the plane.
    /// </summary>
    private static void CheckEveryWindowCoversInput(int input, int output, int kernel, int stride, int pad, int dilation, string axis)
    {
        for (int o = 0; o < output; o++)
        {
            (int start, int end) = DilatedTaps(o, kernel, stride, pad, dilation, input);
            if (start >= end)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The max-pool window at output {o} along {axis.ToLowerInvariant()} covers no input value: its taps {(long)o * stride - pad}, {(long)o * stride - pad + dilation}, … (every {dilation}) all fall in the padding of in{axis} = {input}."),
                    "dilation" + axis);
        }
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, "must be positive.");
    }
}
