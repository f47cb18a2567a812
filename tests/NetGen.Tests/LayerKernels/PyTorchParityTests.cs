using System;
using System.Text.Json;
using NetGen.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.LayerKernels;

/// <summary>
/// Replays Fixtures/layers/layers.json (torch 1.13 float32). Tolerance: 1e-5 of each tensor's largest magnitude. Both sides
/// are float32 results of short sums (≤ 70 terms) and one 1/√: PyTorch accumulates CPU batch-norm statistics in double and
/// layer-norm in float, so honest differences are a few float ulps of the tensor's scale (≈ 1e-7); 1e-5 leaves headroom for
/// the float rounding of the inputs to the normalisation (x − μ cancels up to ~10 bits with these offsets) while still
/// catching any formula error (wrong variance, missing term, wrong factor), which shows up at ≥ 1e-3.
/// </summary>
public sealed class PyTorchParityTests
{
    private const double Tol = 1e-5;
    private readonly ITestOutputHelper _out;

    public PyTorchParityTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [InlineData("affine_momentum0.1")]
    [InlineData("noaffine_momentum0.1")]
    [InlineData("affine_cumulative")]
    [InlineData("noaffine_cumulative")]
    [InlineData("wide_affine_momentum0.3")]
    public void BatchNorm_training_steps_running_statistics_and_eval(string name)
    {
        JsonElement c = LayerFixtures.Case("batchnorm", name);
        BatchNormReplay.Run(c, name, new BatchNorm1dUnderTest(c.Int("batch"), c.Int("features")), Tol, _out);
    }

    [Theory]
    [InlineData("affine_batch1")]
    [InlineData("affine_batch5")]
    [InlineData("noaffine_batch1")]
    [InlineData("noaffine_batch5")]
    [InlineData("wide_affine_batch3")]
    public void LayerNorm_forward_and_backward(string name)
    {
        JsonElement c = LayerFixtures.Case("layernorm", name);
        int batch = c.Int("batch"), features = c.Int("features");
        float[] x = c.Floats("x"), dy = c.Floats("dy"), gamma = c.Floats("gamma"), beta = c.Floats("beta");
        var y = new float[x.Length];
        var mean = new float[batch];
        var inv = new float[batch];
        LayerNormKernels.Forward(x, y, batch, features, gamma, beta, mean, inv, c.Float("eps"));
        LayerFixtures.AssertClose(c.Floats("y"), y, Tol, $"{name} y", _out);
        var dx = new float[x.Length];
        var dgamma = new float[gamma.Length];
        var dbeta = new float[beta.Length];
        LayerNormKernels.Backward(x, dy, dx, batch, features, gamma, dgamma, dbeta, mean, inv);
        LayerFixtures.AssertClose(c.Floats("dx"), dx, Tol, $"{name} dx", _out);
        LayerFixtures.AssertClose(c.Floats("dgamma"), dgamma, Tol, $"{name} dgamma", _out);
        LayerFixtures.AssertClose(c.Floats("dbeta"), dbeta, Tol, $"{name} dbeta", _out);
    }

    [Theory]
    [InlineData("shared")]
    [InlineData("per_feature")]
    [InlineData("per_feature_wide")]
    public void PRelu_forward_and_backward(string name)
    {
        JsonElement c = LayerFixtures.Case("prelu", name);
        int features = c.Int("features");
        float[] x = c.Floats("x"), dy = c.Floats("dy"), w = c.Floats("weight");
        Assert.Contains(0f, x);   // the x = 0 branch is exercised
        var y = new float[x.Length];
        PReluKernels.Forward(x, y, w, features);
        LayerFixtures.AssertClose(c.Floats("y"), y, Tol, $"{name} y", _out);
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        PReluKernels.Backward(x, dy, dx, w, dw, features);
        LayerFixtures.AssertClose(c.Floats("dx"), dx, Tol, $"{name} dx", _out);
        LayerFixtures.AssertClose(c.Floats("dweight"), dw, Tol, $"{name} dweight", _out);
    }

    [Theory]
    [InlineData("eval_default")]
    [InlineData("eval_custom")]
    public void RRelu_eval_forward_and_backward(string name)
    {
        JsonElement c = LayerFixtures.Case("rrelu", name);
        float[] x = c.Floats("x"), dy = c.Floats("dy");
        Assert.Contains(0f, x);
        var y = new float[x.Length];
        var noise = new float[x.Length];
        RReluKernels.ForwardInference(x, y, noise, c.Float("lower"), c.Float("upper"));
        LayerFixtures.AssertClose(c.Floats("y"), y, Tol, $"{name} y", _out);
        var dx = new float[x.Length];
        RReluKernels.Backward(noise, dy, dx);
        LayerFixtures.AssertClose(c.Floats("dx"), dx, Tol, $"{name} dx", _out);
    }
}
