using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// The forward convolution for stride 1 (any padding, dilation and groups; inference and training), without im2col: each sample is unrolled
/// along the kernel width only, into kw shifted copies <c>S_j[c, r, ow] = x_padded[c, r, ow + j·dw]</c> of OutWidth
/// columns each, so output position <c>q = oh · OutWidth + ow</c> reads tap (c, i, j) at <c>S_j[c, oh + i·dh, ow]</c>, i.e.
/// at <c>S_j + c·PH·OW + i·dh·OW + q</c>: consecutive positions read consecutive floats, across row ends too. A register
/// tile of 3 vectors of positions × 8 output channels accumulates Σ w[o, c, i, j] · x over the patch with one unaligned
/// load per vector and one broadcast weight per channel, and lands in NCHW as it is. No lane is discarded; the copy is
/// kw · C · (H + 2·ph) · OutWidth floats per sample (im2col would be kh times more); training keeps it for
/// <see cref="Conv2dDirectGradients"/>.
/// </summary>
/// <remarks>Thread safety: stateless.</remarks>
internal static unsafe class Conv2dDirect
{
    /// <summary>Output channels per register tile.</summary>
    private const int Channels = 8;

    /// <summary>Widest vector in floats: the over-read past a sample's padded copy is bounded by it.</summary>
    private const int MaxLanes = 16;

    /// <summary>Whether the direct path computes this convolution (stride 1 on both axes).</summary>
    public static bool Applies(in Conv2dGeometry g) => g.StrideHeight == 1 && g.StrideWidth == 1;

    /// <summary>Floats per sample of the shifted copies, plus what the last vector may read past them.</summary>
    public static long SampleLength(in Conv2dGeometry g) => (long)g.KernelWidth * g.InChannels * (g.InHeight + 2L * g.PadHeight) * g.OutWidth + MaxLanes;

    private struct Job
    {
        public float* X, End, Weight, Bias, Y, Padded, Activated, Transformed;
        public Conv2dGeometry Geometry;
        public GemmVariant Variant;
        public bool Relu, Keep;
        public MaxPoolAfter Pool;
    }

    /// <summary>
    /// A max pool over the convolution's output, every window inside the maps (no padding, dilation 1); inactive when
    /// <see cref="Pooled"/> is null; maxima alone when <see cref="Indices"/> is null (2×2 windows, stride 2).
    /// </summary>
    internal struct MaxPoolAfter
    {
        public float* Pooled;
        public int* Indices;
        public int KernelHeight, KernelWidth, StrideHeight, StrideWidth, OutHeight, OutWidth;
    }

    /// <summary>
    /// y = conv(x, weight) + bias for stride-1 geometries (<see cref="Applies"/>); <paramref name="padded"/> holds
    /// batch · <see cref="SampleLength"/> floats; with <paramref name="relu"/>, y = max(0, …). With <paramref name="keep"/>,
    /// sample n's shifted copies stay at n · <see cref="SampleLength"/> for the weight gradient (training); otherwise the
    /// samples of one thread reuse one region, which stays in cache. With <paramref name="activated"/> (batch · OutChannels ·
    /// OutPlane floats), ReLU(y) is also stored there in the same pass. The caller validated every length.
    /// </summary>
    public static void Forward(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> padded, int batch, in Conv2dGeometry g, bool relu, MaxPoolAfter pool = default, bool keep = false, float* activated = null)
    {
        fixed (float* px = x)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* py = y)
        fixed (float* pp = padded)
        {
            var job = new Job { X = px, End = px + x.Length, Weight = pw, Bias = bias.IsEmpty ? null : pb, Y = py, Padded = pp, Geometry = g, Variant = variant, Relu = relu, Keep = keep, Pool = pool, Activated = activated };
            long regions = batch * SampleLength(g);
            if (!keep && activated == null && Conv2dWinograd.Applies(variant, g, padded.Length - regions))
            {
                // Inference: Winograd rows (Conv2dWinograd), the transformed weights cached after the samples' regions
                // (which only training's backward pass uses), read by every thread.
                job.Transformed = Conv2dWinograd.Prepare(pw, pp + regions, g);
            }
            long perSample = Math.Max(1, (long)g.OutChannels * g.OutPlane * g.PatchLength);
            int minSamples = (int)Math.Max(1, Math.Min(batch, WorkerPool.MinParallelWork / perSample));
            if (WorkerPool.TryRun(&job, batch, minSamples, 1, &Range)) return;
            Range(&job, 0, batch);
        }
    }

    private static void Range(void* context, int first, int count)
    {
        var job = (Job*)context;
        Conv2dGeometry g = job->Geometry;
        long sample = SampleLength(g);
        for (int n = first; n < first + count; n++)
        {
            // Unless kept, every sample of the range reuses the first one's region, which stays in cache (the ranges of
            // other threads are disjoint).
            float* padded = job->Padded + (job->Keep ? n : first) * sample;
            // With a pool after it, the maps are only read by the pool: every sample of the range goes through the first
            // one's slice of y, which stays in cache (the other slices are left as they were).
            float* y = job->Y + (long)(job->Pool.Pooled != null ? first : n) * g.OutChannels * g.OutPlane;
            float* x = job->X + (long)n * g.InChannels * g.InPlane;
            if (job->Transformed != null)
            {
                Conv2dWinograd.Sample(x, job->End, padded, job->Transformed, job->Bias, y, g, job->Relu);
                Pool(job, y, n, g);
                continue;
            }
            Pad(x, padded, sample, g);
            float* activated = job->Activated == null ? null : job->Activated + (long)n * g.OutChannels * g.OutPlane;
            switch (job->Variant)
            {
                case GemmVariant.Vector512: Sample<GemmLane512>(padded, job->Weight, job->Bias, y, g, wide: 3, job->Relu, activated); break;
                case GemmVariant.Vector256: Sample<GemmLane256>(padded, job->Weight, job->Bias, y, g, wide: 1, job->Relu, activated); break;
                case GemmVariant.Vector128: Sample<GemmLane128>(padded, job->Weight, job->Bias, y, g, wide: 1, job->Relu, activated); break;
                default: Sample<GemmLaneScalar>(padded, job->Weight, job->Bias, y, g, wide: 1, job->Relu, activated); break;
            }
            Pool(job, y, n, g);
        }
    }

    /// <summary>Sample n's max pool, if any, while its maps are still in cache.</summary>
    private static void Pool(Job* job, float* y, int n, in Conv2dGeometry g)
    {
        MaxPoolAfter pool = job->Pool;
        if (pool.Pooled == null) return;
        long pooledSample = (long)g.OutChannels * pool.OutHeight * pool.OutWidth;
        PoolingKernels.MaxPoolInside(y, pool.Pooled + n * pooledSample, pool.Indices == null ? null : pool.Indices + n * pooledSample, g.OutChannels, g.OutPlane, g.OutWidth,
            pool.OutHeight, pool.OutWidth, pool.KernelHeight, pool.KernelWidth, pool.StrideHeight, pool.StrideWidth);
    }

    /// <summary>One sample into kw shifted, zero-padded copies [kw][C][H + 2·ph][OutWidth]; the slack after them zeroed.</summary>
    private static void Pad(float* x, float* padded, long sample, in Conv2dGeometry g)
    {
        int ph = g.PadHeight, pw = g.PadWidth, h = g.InHeight, w = g.InWidth, outW = g.OutWidth, rows = h + 2 * ph;
        float* target = padded;
        for (int j = 0; j < g.KernelWidth; j++)
        {
            // Output column ow reads input column ow + j·dw − pw: inside the input for ow in [from, to).
            int shift = j * g.DilationWidth - pw;
            int from = Math.Clamp(-shift, 0, outW), to = Math.Clamp(w - shift, from, outW);
            for (int c = 0; c < g.InChannels; c++)
            {
                float* source = x + (long)c * h * w;
                if (from == 0 && to == outW)
                {
                    // No column padding in this copy (the usual case): zero rows, then a block copy without per-row branches.
                    Fill(target, ph * outW, null);
                    CopyBlock(target + ph * outW, source + shift, h, w, outW);
                    Fill(target + (ph + h) * outW, ph * outW, null);
                    target += (long)rows * outW;
                    continue;
                }
                for (int r = 0; r < rows; r++, target += outW)
                {
                    int row = r - ph;
                    if ((uint)row >= (uint)h)
                    {
                        Fill(target, outW, null);
                        continue;
                    }
                    // Rows are short (8–28 floats in the sample networks): inline vector copies, not a memmove call per row.
                    if (from > 0) Fill(target, from, null);
                    Fill(target + from, to - from, source + (long)row * w + from + shift);
                    if (to < outW) Fill(target + to, outW - to, null);
                }
            }
        }
        new Span<float>(target, (int)(padded + sample - target)).Clear();
    }

    /// <summary>
    /// rows × count floats from rows <paramref name="stride"/> apart to contiguous rows: whole vectors, the last one of a
    /// row overlapping the one before it (nothing read or written outside the rows); the branches are outside the row loop.
    /// </summary>
    private static void CopyBlock(float* to, float* from, int rows, int stride, int count)
    {
        if (count >= 16 && Vector512.IsHardwareAccelerated)
        {
            for (int r = 0; r < rows; r++, to += count, from += stride)
            {
                for (int k = 0; k < count - 16; k += 16) Vector512.Store(Vector512.Load(from + k), to + k);
                Vector512.Store(Vector512.Load(from + count - 16), to + count - 16);
            }
            return;
        }
        if (count >= 8 && Vector256.IsHardwareAccelerated)
        {
            for (int r = 0; r < rows; r++, to += count, from += stride)
            {
                for (int k = 0; k < count - 8; k += 8) Vector256.Store(Vector256.Load(from + k), to + k);
                Vector256.Store(Vector256.Load(from + count - 8), to + count - 8);
            }
            return;
        }
        for (int r = 0; r < rows; r++, to += count, from += stride) Fill(to, count, from);
    }

    /// <summary>to[0..count) = from[0..count), or zeros when <paramref name="from"/> is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fill(float* to, int count, float* from)
    {
        int k = 0;
        if (from == null)
        {
            if (Vector512.IsHardwareAccelerated)
                for (; k + 16 <= count; k += 16) Vector512.Store(Vector512<float>.Zero, to + k);
            if (Vector256.IsHardwareAccelerated)
                for (; k + 8 <= count; k += 8) Vector256.Store(Vector256<float>.Zero, to + k);
            for (; k < count; k++) to[k] = 0f;
            return;
        }
        if (Vector512.IsHardwareAccelerated)
            for (; k + 16 <= count; k += 16) Vector512.Store(Vector512.Load(from + k), to + k);
        if (Vector256.IsHardwareAccelerated)
            for (; k + 8 <= count; k += 8) Vector256.Store(Vector256.Load(from + k), to + k);
        for (; k < count; k++) to[k] = from[k];
    }

    /// <summary>One sample: every group, every tile of <paramref name="wide"/> vectors of positions × 8 channels.</summary>
    private static void Sample<TV>(float* padded, float* weight, float* bias, float* y, in Conv2dGeometry g, int wide, bool relu, float* activated) where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, outPlane = g.OutPlane;
        int planeLength = (g.InHeight + 2 * g.PadHeight) * g.OutWidth;
        int vectors = (outPlane + lanes - 1) / lanes;
        int groupIn = g.GroupInChannels, groupOut = g.GroupOutChannels, patch = g.PatchLength;
        float* tile = stackalloc float[Channels * 3 * MaxLanes];
        for (int group = 0; group < g.Groups; group++)
        {
            float* input = padded + (long)group * groupIn * planeLength;
            for (int o = 0; o < groupOut; o += Channels)
            {
                int channels = Math.Min(Channels, groupOut - o), first = group * groupOut + o;
                float* w = weight + (long)first * patch, b = bias == null ? null : bias + first, to = y + (long)first * outPlane;
                float* also = activated == null ? null : activated + (long)first * outPlane;
                // Full tiles store straight from the registers (ReLU or the activated copy applied there); edge tiles through the stack.
                var sink = new Sink { Relu = relu, Also = also != null, AlsoDelta = also == null ? 0 : also - to };
                int v = 0;
                if (wide == 3)
                {
                    // Tiles of 3 vectors, and the remainder as tiles of 2 (one 3 + 1 becomes 2 + 2): a 1-vector tile
                    // loads a weight per 8 FMAs, a 2-vector one per 16.
                    int threes = vectors % 3 == 1 && vectors >= 4 ? vectors / 3 - 1 : vectors / 3;
                    for (; v < 3 * threes; v += 3)
                    {
                        Tile<TV>(3, input + v * lanes, w, b, channels, to + v * lanes, outPlane - v * lanes, sink, tile, also == null ? null : also + v * lanes, g, planeLength);
                    }
                    for (; v + 2 <= vectors; v += 2)
                    {
                        Tile<TV>(2, input + v * lanes, w, b, channels, to + v * lanes, outPlane - v * lanes, sink, tile, also == null ? null : also + v * lanes, g, planeLength);
                    }
                }
                for (; v < vectors; v++)
                {
                    Tile<TV>(1, input + v * lanes, w, b, channels, to + v * lanes, outPlane - v * lanes, sink, tile, also == null ? null : also + v * lanes, g, planeLength);
                }
            }
        }
    }

    /// <summary>
    /// A tile of <paramref name="width"/> vectors of positions × 8 channels into y at <paramref name="to"/> (<paramref name="left"/>
    /// positions left in each map from there): a full tile stores straight from its registers, an edge tile (fewer
    /// channels or positions) through <paramref name="tile"/> on the stack.
    /// </summary>
    private static void Tile<TV>(int width, float* x, float* w, float* bias, int channels, float* to, int left, Sink sink, float* tile, float* also,
        in Conv2dGeometry g, int planeLength) where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, outPlane = g.OutPlane;
        bool full = channels == Channels && width * lanes <= left;
        float* target = full ? to : tile;
        long row = full ? outPlane : width * lanes;
        Sink into = full ? sink : default;
        switch (width)
        {
            case 3: Tile3<TV>(x, w, bias, channels, target, row, into, g, planeLength); break;
            case 2: Tile2<TV>(x, w, bias, channels, target, row, into, g, planeLength); break;
            default: Tile1<TV>(x, w, bias, channels, target, row, into, g, planeLength); break;
        }
        if (!full) Copy<TV>(tile, width * lanes, to, Math.Min(width * lanes, left), outPlane, channels, sink.Relu, also);
    }

    /// <summary>
    /// The first <paramref name="count"/> floats of each channel's tile row (<paramref name="stride"/> apart) to y, ReLU
    /// applied when asked; with <paramref name="activated"/>, ReLU of them also there (y keeps the convolution).
    /// </summary>
    private static void Copy<TV>(float* tile, int stride, float* y, int count, int outPlane, int channels, bool relu, float* activated) where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count;
        for (int r = 0; r < channels; r++)
        {
            float* from = tile + r * stride, to = y + (long)r * outPlane;
            int k = 0;
            if (activated != null)
            {
                float* also = activated + (long)r * outPlane;
                for (; k + lanes <= count; k += lanes)
                {
                    TV v = TV.Load(from + k);
                    TV.Store(v, to + k);
                    TV.Store(TV.Relu(v), also + k);
                }
                for (; k < count; k++)
                {
                    to[k] = from[k];
                    also[k] = from[k] <= 0f ? 0f : from[k];
                }
            }
            else if (relu)
            {
                for (; k + lanes <= count; k += lanes) TV.Store(TV.Relu(TV.Load(from + k)), to + k);
                for (; k < count; k++) to[k] = from[k] <= 0f ? 0f : from[k];
            }
            else
            {
                for (; k + lanes <= count; k += lanes) TV.Store(TV.Load(from + k), to + k);
                for (; k < count; k++) to[k] = from[k];
            }
        }
    }

    /// <summary>Where a tile's sums go: ReLU applied, or kept with ReLU of them also stored <see cref="AlsoDelta"/> floats further.</summary>
    private struct Sink
    {
        public bool Relu, Also;
        public long AlsoDelta;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TV>(TV v, float* to, Sink sink) where TV : struct, IGemmLane<TV>
    {
        if (sink.Also)
        {
            TV.Store(v, to);
            TV.Store(TV.Relu(v), to + sink.AlsoDelta);
        }
        else TV.Store(sink.Relu ? TV.Relu(v) : v, to);
    }

    /// <summary>The weight offset of tile channel r: channels past the last valid one repeat it (their results are not stored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Offset(int r, int channels, int patch) => (long)Math.Min(r, channels - 1) * patch;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TV>(float* bias, int r, int channels) where TV : struct, IGemmLane<TV> =>
        bias == null ? TV.Zero : TV.Splat(bias[Math.Min(r, channels - 1)]);

    /// <summary>3 vectors of positions from <paramref name="x"/> × 8 channels of weights from <paramref name="w"/>, into tile[8][3·lanes].</summary>
    [SkipLocalsInit]
    private static void Tile3<TV>(float* x, float* w, float* bias, int channels, float* tile, long row, Sink sink, in Conv2dGeometry g, int planeLength)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, patch = g.PatchLength, kh = g.KernelHeight, kw = g.KernelWidth;
        int rowStep = g.DilationHeight * g.OutWidth;
        long shift = (long)g.InChannels * planeLength; // from one shifted copy to the next
        long w1 = Offset(1, channels, patch), w2 = Offset(2, channels, patch), w3 = Offset(3, channels, patch), w4 = Offset(4, channels, patch);
        long w5 = Offset(5, channels, patch), w6 = Offset(6, channels, patch), w7 = Offset(7, channels, patch);
        TV a00 = Start<TV>(bias, 0, channels), a10 = Start<TV>(bias, 1, channels), a20 = Start<TV>(bias, 2, channels), a30 = Start<TV>(bias, 3, channels);
        TV a40 = Start<TV>(bias, 4, channels), a50 = Start<TV>(bias, 5, channels), a60 = Start<TV>(bias, 6, channels), a70 = Start<TV>(bias, 7, channels);
        TV a01 = a00, a11 = a10, a21 = a20, a31 = a30, a41 = a40, a51 = a50, a61 = a60, a71 = a70;
        TV a02 = a00, a12 = a10, a22 = a20, a32 = a30, a42 = a40, a52 = a50, a62 = a60, a72 = a70;
        float* wk = w;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            float* xc = x + (long)c * planeLength;
            for (int i = 0; i < kh; i++)
            {
                float* xp = xc + (long)i * rowStep;
                for (int j = 0; j < kw; j++, xp += shift, wk++)
                {
                    TV x0 = TV.Load(xp), x1 = TV.Load(xp + lanes), x2 = TV.Load(xp + 2 * lanes);
                    TV b = TV.Splat(wk[0]);
                    a00 = TV.MulAdd(x0, b, a00); a01 = TV.MulAdd(x1, b, a01); a02 = TV.MulAdd(x2, b, a02);
                    b = TV.Splat(wk[w1]);
                    a10 = TV.MulAdd(x0, b, a10); a11 = TV.MulAdd(x1, b, a11); a12 = TV.MulAdd(x2, b, a12);
                    b = TV.Splat(wk[w2]);
                    a20 = TV.MulAdd(x0, b, a20); a21 = TV.MulAdd(x1, b, a21); a22 = TV.MulAdd(x2, b, a22);
                    b = TV.Splat(wk[w3]);
                    a30 = TV.MulAdd(x0, b, a30); a31 = TV.MulAdd(x1, b, a31); a32 = TV.MulAdd(x2, b, a32);
                    b = TV.Splat(wk[w4]);
                    a40 = TV.MulAdd(x0, b, a40); a41 = TV.MulAdd(x1, b, a41); a42 = TV.MulAdd(x2, b, a42);
                    b = TV.Splat(wk[w5]);
                    a50 = TV.MulAdd(x0, b, a50); a51 = TV.MulAdd(x1, b, a51); a52 = TV.MulAdd(x2, b, a52);
                    b = TV.Splat(wk[w6]);
                    a60 = TV.MulAdd(x0, b, a60); a61 = TV.MulAdd(x1, b, a61); a62 = TV.MulAdd(x2, b, a62);
                    b = TV.Splat(wk[w7]);
                    a70 = TV.MulAdd(x0, b, a70); a71 = TV.MulAdd(x1, b, a71); a72 = TV.MulAdd(x2, b, a72);
                }
            }
        }
        Put(a00, tile, sink); Put(a01, tile + lanes, sink); Put(a02, tile + 2 * lanes, sink);
        Put(a10, tile + row, sink); Put(a11, tile + row + lanes, sink); Put(a12, tile + row + 2 * lanes, sink);
        Put(a20, tile + 2 * row, sink); Put(a21, tile + 2 * row + lanes, sink); Put(a22, tile + 2 * row + 2 * lanes, sink);
        Put(a30, tile + 3 * row, sink); Put(a31, tile + 3 * row + lanes, sink); Put(a32, tile + 3 * row + 2 * lanes, sink);
        Put(a40, tile + 4 * row, sink); Put(a41, tile + 4 * row + lanes, sink); Put(a42, tile + 4 * row + 2 * lanes, sink);
        Put(a50, tile + 5 * row, sink); Put(a51, tile + 5 * row + lanes, sink); Put(a52, tile + 5 * row + 2 * lanes, sink);
        Put(a60, tile + 6 * row, sink); Put(a61, tile + 6 * row + lanes, sink); Put(a62, tile + 6 * row + 2 * lanes, sink);
        Put(a70, tile + 7 * row, sink); Put(a71, tile + 7 * row + lanes, sink); Put(a72, tile + 7 * row + 2 * lanes, sink);
    }

    /// <summary>2 vectors of positions × 8 channels, into tile[8][2·lanes].</summary>
    [SkipLocalsInit]
    private static void Tile2<TV>(float* x, float* w, float* bias, int channels, float* tile, long row, Sink sink, in Conv2dGeometry g, int planeLength)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, patch = g.PatchLength, kh = g.KernelHeight, kw = g.KernelWidth;
        int rowStep = g.DilationHeight * g.OutWidth;
        long shift = (long)g.InChannels * planeLength; // from one shifted copy to the next
        long w1 = Offset(1, channels, patch), w2 = Offset(2, channels, patch), w3 = Offset(3, channels, patch), w4 = Offset(4, channels, patch);
        long w5 = Offset(5, channels, patch), w6 = Offset(6, channels, patch), w7 = Offset(7, channels, patch);
        TV a00 = Start<TV>(bias, 0, channels), a10 = Start<TV>(bias, 1, channels), a20 = Start<TV>(bias, 2, channels), a30 = Start<TV>(bias, 3, channels);
        TV a40 = Start<TV>(bias, 4, channels), a50 = Start<TV>(bias, 5, channels), a60 = Start<TV>(bias, 6, channels), a70 = Start<TV>(bias, 7, channels);
        TV a01 = a00, a11 = a10, a21 = a20, a31 = a30, a41 = a40, a51 = a50, a61 = a60, a71 = a70;
        float* wk = w;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            float* xc = x + (long)c * planeLength;
            for (int i = 0; i < kh; i++)
            {
                float* xp = xc + (long)i * rowStep;
                for (int j = 0; j < kw; j++, xp += shift, wk++)
                {
                    TV x0 = TV.Load(xp), x1 = TV.Load(xp + lanes);
                    TV b = TV.Splat(wk[0]);
                    a00 = TV.MulAdd(x0, b, a00); a01 = TV.MulAdd(x1, b, a01);
                    b = TV.Splat(wk[w1]);
                    a10 = TV.MulAdd(x0, b, a10); a11 = TV.MulAdd(x1, b, a11);
                    b = TV.Splat(wk[w2]);
                    a20 = TV.MulAdd(x0, b, a20); a21 = TV.MulAdd(x1, b, a21);
                    b = TV.Splat(wk[w3]);
                    a30 = TV.MulAdd(x0, b, a30); a31 = TV.MulAdd(x1, b, a31);
                    b = TV.Splat(wk[w4]);
                    a40 = TV.MulAdd(x0, b, a40); a41 = TV.MulAdd(x1, b, a41);
                    b = TV.Splat(wk[w5]);
                    a50 = TV.MulAdd(x0, b, a50); a51 = TV.MulAdd(x1, b, a51);
                    b = TV.Splat(wk[w6]);
                    a60 = TV.MulAdd(x0, b, a60); a61 = TV.MulAdd(x1, b, a61);
                    b = TV.Splat(wk[w7]);
                    a70 = TV.MulAdd(x0, b, a70); a71 = TV.MulAdd(x1, b, a71);
                }
            }
        }
        Put(a00, tile, sink); Put(a01, tile + lanes, sink);
        Put(a10, tile + row, sink); Put(a11, tile + row + lanes, sink);
        Put(a20, tile + 2 * row, sink); Put(a21, tile + 2 * row + lanes, sink);
        Put(a30, tile + 3 * row, sink); Put(a31, tile + 3 * row + lanes, sink);
        Put(a40, tile + 4 * row, sink); Put(a41, tile + 4 * row + lanes, sink);
        Put(a50, tile + 5 * row, sink); Put(a51, tile + 5 * row + lanes, sink);
        Put(a60, tile + 6 * row, sink); Put(a61, tile + 6 * row + lanes, sink);
        Put(a70, tile + 7 * row, sink); Put(a71, tile + 7 * row + lanes, sink);
    }

    /// <summary>1 vector of positions × 8 channels, into tile[8][lanes].</summary>
    [SkipLocalsInit]
    private static void Tile1<TV>(float* x, float* w, float* bias, int channels, float* tile, long row, Sink sink, in Conv2dGeometry g, int planeLength)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, patch = g.PatchLength, kh = g.KernelHeight, kw = g.KernelWidth;
        int rowStep = g.DilationHeight * g.OutWidth;
        long shift = (long)g.InChannels * planeLength; // from one shifted copy to the next
        long w1 = Offset(1, channels, patch), w2 = Offset(2, channels, patch), w3 = Offset(3, channels, patch), w4 = Offset(4, channels, patch);
        long w5 = Offset(5, channels, patch), w6 = Offset(6, channels, patch), w7 = Offset(7, channels, patch);
        TV a0 = Start<TV>(bias, 0, channels), a1 = Start<TV>(bias, 1, channels), a2 = Start<TV>(bias, 2, channels), a3 = Start<TV>(bias, 3, channels);
        TV a4 = Start<TV>(bias, 4, channels), a5 = Start<TV>(bias, 5, channels), a6 = Start<TV>(bias, 6, channels), a7 = Start<TV>(bias, 7, channels);
        float* wk = w;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            float* xc = x + (long)c * planeLength;
            for (int i = 0; i < kh; i++)
            {
                float* xp = xc + (long)i * rowStep;
                for (int j = 0; j < kw; j++, xp += shift, wk++)
                {
                    TV x0 = TV.Load(xp);
                    a0 = TV.MulAdd(x0, TV.Splat(wk[0]), a0);
                    a1 = TV.MulAdd(x0, TV.Splat(wk[w1]), a1);
                    a2 = TV.MulAdd(x0, TV.Splat(wk[w2]), a2);
                    a3 = TV.MulAdd(x0, TV.Splat(wk[w3]), a3);
                    a4 = TV.MulAdd(x0, TV.Splat(wk[w4]), a4);
                    a5 = TV.MulAdd(x0, TV.Splat(wk[w5]), a5);
                    a6 = TV.MulAdd(x0, TV.Splat(wk[w6]), a6);
                    a7 = TV.MulAdd(x0, TV.Splat(wk[w7]), a7);
                }
            }
        }
        Put(a0, tile, sink); Put(a1, tile + row, sink); Put(a2, tile + 2 * row, sink); Put(a3, tile + 3 * row, sink);
        Put(a4, tile + 4 * row, sink); Put(a5, tile + 5 * row, sink); Put(a6, tile + 6 * row, sink); Put(a7, tile + 7 * row, sink);
    }
}
