using System;
using System.Runtime.InteropServices;
using System.Text.Json;
using NetGen.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// Replays Fixtures/layers2d/layers2d.json (torch 1.13 float32, written by generate.py there): MaxPool2d, AvgPool2d,
/// AdaptiveAvgPool2d(1) and BatchNorm2d forward outputs and input gradients (and dgamma/dbeta, running statistics over
/// two training steps, then eval). Max and average pooling compare and sum in float in PyTorch's order, so their outputs,
/// indices (ties, padding, dilation, ceil_mode, NaN) and gradients must be PyTorch's to the bit (the fixture's 9 digits
/// round-trip float32). The rest: 1e-5 of each tensor's largest magnitude, as <see cref="PyTorchParityTests"/>. The output
/// sizes of the test's formula must equal the sizes PyTorch computed.
/// </summary>
public sealed class PyTorchParity2dTests
{
    private const double Tol = 1e-5;
    private const double Exact = 0;
    private readonly ITestOutputHelper _out;

    public PyTorchParity2dTests(ITestOutputHelper output) => _out = output;

    private sealed record Window(int Batch, int Channels, int InH, int InW, int OutH, int OutW, int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW);

    /// <summary>The case's sizes; asserts that PyTorch's output size is the documented formula's for its ceil_mode.</summary>
    private static Window Read(JsonElement c)
    {
        var g = new Window(c.Int("batch"), c.Int("channels"), c.Int("inHeight"), c.Int("inWidth"), c.Int("outHeight"), c.Int("outWidth"),
            c.Int("kernelHeight"), c.Int("kernelWidth"), c.Int("strideHeight"), c.Int("strideWidth"), c.Int("padHeight"), c.Int("padWidth"),
            c.Int("dilationHeight"), c.Int("dilationWidth"));
        bool ceil = c.Bool("ceilMode");
        Assert.Equal(g.OutH, FeatureMaps.PoolOutputSize(g.InH, g.KH, g.SH, g.PH, g.DH, ceil));
        Assert.Equal(g.OutW, FeatureMaps.PoolOutputSize(g.InW, g.KW, g.SW, g.PW, g.DW, ceil));
        return g;
    }

    [Theory]
    [InlineData("ties_k2s2")]
    [InlineData("ties_k3s1p1")]
    [InlineData("ties_k3s2p1_ceil")]
    [InlineData("constant_k2s2p1_ceil_last_window_dropped")]
    [InlineData("ceil_k3s2")]
    [InlineData("dilation2_pad1")]
    [InlineData("ceil_pad2_dilation2")]
    [InlineData("rect_kernel_stride_dilation_ceil")]
    [InlineData("nan")]
    public void MaxPool2d_outputs_indices_and_input_gradient(string name)
    {
        JsonElement c = LayerFixtures.Case2d("maxpool2d", name);
        Window g = Read(c);
        float[] x = c.Floats("x"), dy = c.Floats("dy");
        foreach (int i in c.Ints("nanAt")) x[i] = float.NaN;
        var y = new float[dy.Length];
        var indices = new float[dy.Length];
        PoolingKernels.MaxPool2dForward(x, y, indices, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.DH, g.DW);
        Assert.Equal(c.Ints("indices"), MemoryMarshal.Cast<float, int>(indices).ToArray());
        bool[] isNan = c.Bools("yIsNan");
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(isNan[i], float.IsNaN(y[i]));
            if (isNan[i]) y[i] = 0f;   // the fixture holds 0 there (JSON has no NaN)
        }
        LayerFixtures.AssertClose(c.Floats("y"), y, Exact, $"{name} y", _out);
        var dx = new float[x.Length];
        PoolingKernels.MaxPool2dBackward(indices, dy, dx, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW);
        LayerFixtures.AssertClose(c.Floats("dx"), dx, Exact, $"{name} dx", _out);
    }

    [Theory]
    [InlineData("k2s2")]
    [InlineData("k3s2p1_include_pad")]
    [InlineData("k3s2p1_exclude_pad")]
    [InlineData("k3s2p1_ceil_include_pad")]
    [InlineData("k3s2p1_ceil_exclude_pad")]
    [InlineData("k2s2_ceil_nopad")]
    [InlineData("rect_ceil_include_pad")]
    [InlineData("k5s3p2_ceil_exclude_pad")]
    public void AvgPool2d_output_and_input_gradient(string name)
    {
        JsonElement c = LayerFixtures.Case2d("avgpool2d", name);
        Window g = Read(c);
        bool countIncludePad = c.Bool("countIncludePad");
        float[] x = c.Floats("x"), dy = c.Floats("dy");
        var y = new float[dy.Length];
        PoolingKernels.AvgPool2dForward(x, y, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, countIncludePad);
        LayerFixtures.AssertClose(c.Floats("y"), y, Exact, $"{name} y", _out);
        var dx = new float[x.Length];
        PoolingKernels.AvgPool2dBackward(dy, dx, g.Batch, g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, countIncludePad);
        LayerFixtures.AssertClose(c.Floats("dx"), dx, Exact, $"{name} dx", _out);
    }

    [Theory]
    [InlineData("global_7x7")]
    [InlineData("global_1x1")]
    [InlineData("global_13x5")]
    public void AdaptiveAvgPool2d_1_output_and_input_gradient(string name)
    {
        JsonElement c = LayerFixtures.Case2d("adaptiveavgpool2d", name);
        int batch = c.Int("batch"), channels = c.Int("channels"), spatial = c.Int("inHeight") * c.Int("inWidth");
        Assert.Equal(1, c.Int("outHeight") * c.Int("outWidth"));
        float[] x = c.Floats("x"), dy = c.Floats("dy");
        var y = new float[batch * channels];
        PoolingKernels.GlobalAvgPoolForward(x, y, batch, channels, spatial);
        LayerFixtures.AssertClose(c.Floats("y"), y, Tol, $"{name} y", _out);
        var dx = new float[x.Length];
        PoolingKernels.GlobalAvgPoolBackward(dy, dx, batch, channels, spatial);
        LayerFixtures.AssertClose(c.Floats("dx"), dx, Tol, $"{name} dx", _out);
    }

    [Theory]
    [InlineData("affine_momentum0.1")]
    [InlineData("noaffine_momentum0.1")]
    [InlineData("affine_cumulative")]
    [InlineData("noaffine_cumulative_eps1e-3")]
    [InlineData("affine_spatial1_batch3")]
    [InlineData("affine_batch1_13x13")]
    public void BatchNorm2d_training_steps_running_statistics_and_eval(string name)
    {
        JsonElement c = LayerFixtures.Case2d("batchnorm2d", name);
        var bn = new BatchNorm2dUnderTest(c.Int("batch"), c.Int("channels"), c.Int("height") * c.Int("width"));
        BatchNormReplay.Run(c, name, bn, Tol, _out);
    }
}
