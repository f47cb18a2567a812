using System;
using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The inference convolution for stride 1 (any padding, dilation and groups), without im2col: each sample is copied
/// once into a zero-padded buffer, where output row <c>oh</c>, column <c>ow</c> reads input
/// <c>(oh + i·dh) · PW + ow + j·dw</c>, so a run of consecutive "wide" positions <c>q = oh · PW + ow</c> (the output rows
/// continued over the padded width, whose last columns are discarded) reads a run of consecutive inputs. A register
/// tile of 3 vectors of wide positions × 8 output channels accumulates Σ w[o, c, i, j] · x over the patch with one
/// unaligned load per vector and one broadcast weight per channel; the valid columns are then copied into NCHW.
/// Wasted work: the (kw − 1)·dw discarded columns of each padded row.
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

    /// <summary>Floats per sample of the padded copy: every channel padded, plus what the last vector may read past it.</summary>
    public static long SampleLength(in Conv2dGeometry g) =>
        (long)g.InChannels * (g.InHeight + 2L * g.PadHeight) * (g.InWidth + 2L * g.PadWidth) + (long)(g.KernelWidth - 1) * g.DilationWidth + MaxLanes;

    private struct Job
    {
        public float* X, Weight, Bias, Y, Padded;
        public Conv2dGeometry Geometry;
        public GemmVariant Variant;
        public bool Relu;
    }

    /// <summary>
    /// y = conv(x, weight) + bias for stride-1 geometries (<see cref="Applies"/>); <paramref name="padded"/> holds
    /// batch · <see cref="SampleLength"/> floats; with <paramref name="relu"/>, y = max(0, …). The caller validated every length.
    /// </summary>
    public static void Forward(GemmVariant variant, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> padded, int batch, in Conv2dGeometry g, bool relu)
    {
        fixed (float* px = x)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* py = y)
        fixed (float* pp = padded)
        {
            var job = new Job { X = px, Weight = pw, Bias = bias.IsEmpty ? null : pb, Y = py, Padded = pp, Geometry = g, Variant = variant, Relu = relu };
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
            float* padded = job->Padded + n * sample;
            Pad(job->X + (long)n * g.InChannels * g.InPlane, padded, sample, g);
            float* y = job->Y + (long)n * g.OutChannels * g.OutPlane;
            switch (job->Variant)
            {
                case GemmVariant.Vector512: Sample<GemmLane512>(padded, job->Weight, job->Bias, y, g, wide: 3, job->Relu); break;
                case GemmVariant.Vector256: Sample<GemmLane256>(padded, job->Weight, job->Bias, y, g, wide: 1, job->Relu); break;
                case GemmVariant.Vector128: Sample<GemmLane128>(padded, job->Weight, job->Bias, y, g, wide: 1, job->Relu); break;
                default: Sample<GemmLaneScalar>(padded, job->Weight, job->Bias, y, g, wide: 1, job->Relu); break;
            }
        }
    }

    /// <summary>One sample's channels into the zero-padded layout [C, H + 2·ph, W + 2·pw]; the slack after it zeroed.</summary>
    private static void Pad(float* x, float* padded, long sample, in Conv2dGeometry g)
    {
        int ph = g.PadHeight, pw = g.PadWidth, h = g.InHeight, w = g.InWidth, rowLength = w + 2 * pw;
        long planeLength = (long)(h + 2 * ph) * rowLength;
        float* target = padded;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* plane = target + c * planeLength;
            if (pw == 0 && ph == 0)
            {
                new ReadOnlySpan<float>(x + (long)c * h * w, h * w).CopyTo(new Span<float>(plane, h * w));
                continue;
            }
            new Span<float>(plane, ph * rowLength).Clear();
            new Span<float>(plane + (long)(ph + h) * rowLength, ph * rowLength).Clear();
            for (int r = 0; r < h; r++)
            {
                float* row = plane + (long)(ph + r) * rowLength;
                new Span<float>(row, pw).Clear();
                new ReadOnlySpan<float>(x + ((long)c * h + r) * w, w).CopyTo(new Span<float>(row + pw, w));
                new Span<float>(row + pw + w, pw).Clear();
            }
        }
        long used = g.InChannels * planeLength;
        new Span<float>(padded + used, (int)(sample - used)).Clear();
    }

    /// <summary>One sample: every group, every tile of <paramref name="wide"/> vectors × 8 channels.</summary>
    private static void Sample<TV>(float* padded, float* weight, float* bias, float* y, in Conv2dGeometry g, int wide, bool relu) where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, rowLength = g.InWidth + 2 * g.PadWidth;
        int planeLength = (g.InHeight + 2 * g.PadHeight) * rowLength;
        int positions = g.OutHeight * rowLength; // wide positions per output channel
        int vectors = (positions + lanes - 1) / lanes;
        int groupIn = g.GroupInChannels, groupOut = g.GroupOutChannels, patch = g.PatchLength;
        float* tile = stackalloc float[Channels * 3 * MaxLanes];
        for (int group = 0; group < g.Groups; group++)
        {
            float* input = padded + (long)group * groupIn * planeLength;
            for (int o = 0; o < groupOut; o += Channels)
            {
                int channels = Math.Min(Channels, groupOut - o), first = group * groupOut + o;
                float* w = weight + (long)first * patch;
                int v = 0;
                for (; v + wide <= vectors && wide == 3; v += 3)
                {
                    Tile3<TV>(input + v * lanes, w, bias == null ? null : bias + first, channels, tile, g, planeLength, rowLength);
                    Scatter<TV>(tile, 3 * lanes, v * lanes, 3 * lanes, channels, y + (long)first * g.OutPlane, g, rowLength, positions, relu);
                }
                for (; v < vectors; v++)
                {
                    Tile1<TV>(input + v * lanes, w, bias == null ? null : bias + first, channels, tile, g, planeLength, rowLength);
                    Scatter<TV>(tile, lanes, v * lanes, lanes, channels, y + (long)first * g.OutPlane, g, rowLength, positions, relu);
                }
            }
        }
    }

    /// <summary>
    /// Copies the tile's valid wide positions [q0, q0 + count) of each of <paramref name="channels"/> channels (rows of
    /// <paramref name="stride"/> floats in <paramref name="tile"/>) into y[channel, oh, ow], dropping the columns ow ≥ OutWidth.
    /// Whole vectors are copied while they end inside the channel's plane: the values past a run land on positions
    /// that a later run of the same channel (later tiles go to later positions) overwrites.
    /// </summary>
    private static void Scatter<TV>(float* tile, int stride, int q0, int count, int channels, float* y, in Conv2dGeometry g, int rowLength, int positions, bool relu)
        where TV : struct, IGemmLane<TV>
    {
        int end = Math.Min(q0 + count, positions), outW = g.OutWidth, outPlane = g.OutPlane, lanes = TV.Count;
        for (int q = q0; q < end;)
        {
            int oh = q / rowLength, ow = q - oh * rowLength;
            int run = Math.Min(rowLength - ow, end - q), valid = Math.Min(run, outW - ow);
            if (valid > 0)
            {
                int at = oh * outW + ow;
                // Vectors [k, k + lanes) with at + k + lanes ≤ outPlane; the rest one float at a time.
                int whole = Math.Min(valid, outPlane - at - lanes + 1);
                for (int r = 0; r < channels; r++)
                {
                    float* from = tile + r * stride + (q - q0), to = y + (long)r * outPlane + at;
                    int k = 0;
                    if (relu)
                    {
                        for (; k < whole; k += lanes) TV.Store(TV.Relu(TV.Load(from + k)), to + k);
                        for (; k < valid; k++) to[k] = from[k] <= 0f ? 0f : from[k];
                        continue;
                    }
                    for (; k < whole; k += lanes) TV.Store(TV.Load(from + k), to + k);
                    for (; k < valid; k++) to[k] = from[k];
                }
            }
            q += run;
        }
    }

    /// <summary>The weight offset of tile channel r: channels past the last valid one repeat it (their results are not stored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Offset(int r, int channels, int patch) => (long)Math.Min(r, channels - 1) * patch;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TV>(float* bias, int r, int channels) where TV : struct, IGemmLane<TV> =>
        bias == null ? TV.Zero : TV.Splat(bias[Math.Min(r, channels - 1)]);

    /// <summary>3 vectors of wide positions from <paramref name="x"/> × 8 channels of weights from <paramref name="w"/>, into tile[8][3·lanes].</summary>
    [SkipLocalsInit]
    private static void Tile3<TV>(float* x, float* w, float* bias, int channels, float* tile, in Conv2dGeometry g, int planeLength, int rowLength)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, patch = g.PatchLength, kh = g.KernelHeight, kw = g.KernelWidth, dw = g.DilationWidth;
        int rowStep = g.DilationHeight * rowLength;
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
                for (int j = 0; j < kw; j++, xp += dw, wk++)
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
        int s = 3 * lanes;
        TV.Store(a00, tile); TV.Store(a01, tile + lanes); TV.Store(a02, tile + 2 * lanes);
        TV.Store(a10, tile + s); TV.Store(a11, tile + s + lanes); TV.Store(a12, tile + s + 2 * lanes);
        TV.Store(a20, tile + 2 * s); TV.Store(a21, tile + 2 * s + lanes); TV.Store(a22, tile + 2 * s + 2 * lanes);
        TV.Store(a30, tile + 3 * s); TV.Store(a31, tile + 3 * s + lanes); TV.Store(a32, tile + 3 * s + 2 * lanes);
        TV.Store(a40, tile + 4 * s); TV.Store(a41, tile + 4 * s + lanes); TV.Store(a42, tile + 4 * s + 2 * lanes);
        TV.Store(a50, tile + 5 * s); TV.Store(a51, tile + 5 * s + lanes); TV.Store(a52, tile + 5 * s + 2 * lanes);
        TV.Store(a60, tile + 6 * s); TV.Store(a61, tile + 6 * s + lanes); TV.Store(a62, tile + 6 * s + 2 * lanes);
        TV.Store(a70, tile + 7 * s); TV.Store(a71, tile + 7 * s + lanes); TV.Store(a72, tile + 7 * s + 2 * lanes);
    }

    /// <summary>1 vector of wide positions × 8 channels, into tile[8][lanes].</summary>
    [SkipLocalsInit]
    private static void Tile1<TV>(float* x, float* w, float* bias, int channels, float* tile, in Conv2dGeometry g, int planeLength, int rowLength)
        where TV : struct, IGemmLane<TV>
    {
        int lanes = TV.Count, patch = g.PatchLength, kh = g.KernelHeight, kw = g.KernelWidth, dw = g.DilationWidth;
        int rowStep = g.DilationHeight * rowLength;
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
                for (int j = 0; j < kw; j++, xp += dw, wk++)
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
        TV.Store(a0, tile); TV.Store(a1, tile + lanes); TV.Store(a2, tile + 2 * lanes); TV.Store(a3, tile + 3 * lanes);
        TV.Store(a4, tile + 4 * lanes); TV.Store(a5, tile + 5 * lanes); TV.Store(a6, tile + 6 * lanes); TV.Store(a7, tile + 7 * lanes);
    }
}
