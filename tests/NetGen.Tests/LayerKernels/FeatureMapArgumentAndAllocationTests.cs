using System;
using System.Linq;
using System.Runtime.InteropServices;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// The feature-map kernels (pooling, BatchNorm2d, Dropout2d): a wrong length throws an ArgumentException that names the
/// argument and the numbers and leaves every output as it was; after warm-up no call allocates.
/// </summary>
public sealed class FeatureMapArgumentAndAllocationTests
{
    // [2, 3, 5, 5] pooled by 3×3, stride 2, padding 1 → [2, 3, 3, 3].
    private const int N = 2, C = 3, H = 5, W = 5, OH = 3, OW = 3, Spatial = H * W;
    private const int InLength = N * C * H * W, OutLength = N * C * OH * OW;

    private static float[] Filled(int length) => Enumerable.Repeat(7f, length).ToArray();

    /// <summary>Runs the call, expects an ArgumentException for <paramref name="name"/> whose message holds <paramref name="number"/>, and checks the outputs still hold 7.</summary>
    private static void Rejects(string name, string number, Action call, params float[][] outputs)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(number, ex.Message);
        foreach (float[] output in outputs) Assert.All(output, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void MaxPool2dForward_rejects_a_wrong_length()
    {
        float[] y = Filled(OutLength), indices = Filled(OutLength);
        Rejects("x", "149", () => PoolingKernels.MaxPool2dForward(new float[InLength - 1], y, indices, N, C, H, W, OH, OW, 3, 3, 2, 2, 1, 1, 1, 1), y, indices);
        Rejects("indices", "53", () => PoolingKernels.MaxPool2dForward(new float[InLength], y, new float[OutLength - 1], N, C, H, W, OH, OW, 3, 3, 2, 2, 1, 1, 1, 1), y);
    }

    [Fact]
    public void MaxPool2dBackward_rejects_a_wrong_length_or_index()
    {
        float[] dx = Filled(InLength);
        Rejects("dy", "55", () => PoolingKernels.MaxPool2dBackward(new float[OutLength], new float[OutLength + 1], dx, N, C, H, W, OH, OW), dx);
        float[] indices = new float[OutLength];
        MemoryMarshal.Cast<float, int>(indices.AsSpan())[7] = Spatial;   // one past the plane
        Rejects("indices", "25", () => PoolingKernels.MaxPool2dBackward(indices, new float[OutLength], dx, N, C, H, W, OH, OW), dx);
    }

    [Fact]
    public void AvgPool2dForward_rejects_a_wrong_length()
    {
        float[] y = Filled(OutLength + 2);
        Rejects("y", "56", () => PoolingKernels.AvgPool2dForward(new float[InLength], y, N, C, H, W, OH, OW, 3, 3, 2, 2, 1, 1, true), y);
    }

    [Fact]
    public void AvgPool2dBackward_rejects_a_wrong_length()
    {
        float[] dx = Filled(InLength - 3);
        Rejects("dx", "147", () => PoolingKernels.AvgPool2dBackward(new float[OutLength], dx, N, C, H, W, OH, OW, 3, 3, 2, 2, 1, 1, false), dx);
    }

    [Fact]
    public void GlobalAvgPoolForward_rejects_a_wrong_length()
    {
        float[] y = Filled(N * C - 1);
        Rejects("y", "5", () => PoolingKernels.GlobalAvgPoolForward(new float[InLength], y, N, C, Spatial), y);
    }

    [Fact]
    public void GlobalAvgPoolBackward_rejects_a_wrong_length()
    {
        float[] dx = Filled(InLength + 1);
        Rejects("dx", "151", () => PoolingKernels.GlobalAvgPoolBackward(new float[N * C], dx, N, C, Spatial), dx);
    }

    [Fact]
    public void BatchNorm2d_ForwardTraining_rejects_a_wrong_length()
    {
        float[] y = Filled(InLength), mean = Filled(C), inv = Filled(C), rm = Filled(C), rv = Filled(C);
        Rejects("x", "149", () => BatchNorm2dKernels.ForwardTraining(new float[InLength - 1], y, N, C, Spatial, default, default, mean, inv, true, rm, rv, 0.1, 1e-5f),
            y, mean, inv, rm, rv);
        Rejects("runningVar", "2", () => BatchNorm2dKernels.ForwardTraining(new float[InLength], y, N, C, Spatial, default, default, mean, inv, true, rm, new float[2], 0.1, 1e-5f),
            y, mean, inv, rm);
        Rejects("gamma", "channels", () => BatchNorm2dKernels.ForwardTraining(new float[InLength], y, N, C, Spatial, new float[2], new float[2], mean, inv, false, default, default, 0, 1e-5f),
            y, mean, inv);
    }

    [Fact]
    public void BatchNorm2d_ForwardInference_rejects_a_wrong_length()
    {
        float[] y = Filled(InLength);
        Rejects("runningMean", "4", () => BatchNorm2dKernels.ForwardInference(new float[InLength], y, N, C, Spatial, default, default, new float[4], new float[C], 1e-5f), y);
    }

    [Fact]
    public void BatchNorm2d_BackwardTraining_rejects_a_wrong_length()
    {
        float[] dx = Filled(InLength), dgamma = Filled(C), dbeta = Filled(C - 1);
        Rejects("dbeta", "2", () => BatchNorm2dKernels.BackwardTraining(new float[InLength], new float[InLength], dx, N, C, Spatial, new float[C], dgamma, dbeta,
            new float[C], new float[C]), dx, dgamma, dbeta);
    }

    [Fact]
    public void BatchNorm2d_BackwardInference_rejects_a_wrong_length()
    {
        float[] dx = Filled(InLength), dgamma = Filled(C), dbeta = Filled(C);
        Rejects("dy", "148", () => BatchNorm2dKernels.BackwardInference(new float[InLength], new float[InLength - 2], dx, N, C, Spatial, new float[C], dgamma, dbeta,
            new float[C], new float[C], 1e-5f), dx, dgamma, dbeta);
    }

    [Fact]
    public void Dropout2d_Forward_rejects_a_wrong_length()
    {
        float[] y = Filled(InLength), mask = Filled(N * C + 1);
        var random = new NetRandom(1);
        Rejects("mask", "7", () => Dropout2dKernels.Forward(new float[InLength], y, mask, 0.5f, Spatial, random), y, mask);
        Rejects("x", "151", () => Dropout2dKernels.Forward(new float[InLength + 1], y, Filled(N * C), 0.5f, Spatial, random), y);
        Assert.Equal(new NetRandom(1).NextSingle(), random.NextSingle());   // nothing drawn
    }

    [Fact]
    public void Dropout2d_Backward_rejects_a_wrong_length()
    {
        float[] dx = Filled(InLength - 1);
        Rejects("dx", "149", () => Dropout2dKernels.Backward(new float[N * C], new float[InLength], dx, Spatial), dx);
    }

    [Fact]
    public void Every_feature_map_kernel_allocates_nothing_after_warm_up()
    {
        const int batch = 2, channels = 5, h = 13, w = 13, oh = 7, ow = 7, spatial = h * w;
        float[] x = new float[batch * channels * spatial], y = new float[x.Length], dy = new float[x.Length], dx = new float[x.Length];
        for (int i = 0; i < x.Length; i++) { x[i] = MathF.Sin(i) * 2; dy[i] = MathF.Cos(i); }
        float[] pooled = new float[batch * channels * oh * ow], indices = new float[pooled.Length], dpooled = new float[pooled.Length];
        float[] global = new float[batch * channels], mask = new float[batch * channels];
        float[] gamma = Enumerable.Repeat(1.1f, channels).ToArray(), beta = new float[channels], dg = new float[channels], db = new float[channels];
        float[] mean = new float[channels], inv = new float[channels], rm = new float[channels], rv = Enumerable.Repeat(1f, channels).ToArray();
        var random = new NetRandom(3);

        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => PoolingKernels.MaxPool2dForward(x, pooled, indices, batch, channels, h, w, oh, ow, 3, 3, 2, 2, 1, 1, 1, 1)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => PoolingKernels.MaxPool2dBackward(indices, dpooled, dx, batch, channels, h, w, oh, ow)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => PoolingKernels.AvgPool2dForward(x, pooled, batch, channels, h, w, oh, ow, 3, 3, 2, 2, 1, 1, false)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => PoolingKernels.AvgPool2dBackward(dpooled, dx, batch, channels, h, w, oh, ow, 3, 3, 2, 2, 1, 1, false)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => PoolingKernels.GlobalAvgPoolForward(x, global, batch, channels, spatial)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => PoolingKernels.GlobalAvgPoolBackward(global, dx, batch, channels, spatial)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => BatchNorm2dKernels.ForwardTraining(x, y, batch, channels, spatial, gamma, beta, mean, inv, true, rm, rv, 0.1, 1e-5f)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => BatchNorm2dKernels.ForwardInference(x, y, batch, channels, spatial, gamma, beta, rm, rv, 1e-5f)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => BatchNorm2dKernels.BackwardTraining(x, dy, dx, batch, channels, spatial, gamma, dg, db, mean, inv)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => BatchNorm2dKernels.BackwardInference(x, dy, dx, batch, channels, spatial, gamma, dg, db, rm, rv, 1e-5f)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => Dropout2dKernels.Forward(x, y, mask, 0.3f, spatial, random)));
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => Dropout2dKernels.Backward(mask, dy, dx, spatial)));
    }
}
