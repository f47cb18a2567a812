using System;
using System.Text.Json;
using NetGen.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.LayerKernels;

/// <summary>The four batch-norm kernels at one shape: BatchNormKernels on [batch, features] or BatchNorm2dKernels on [batch, channels, H·W].</summary>
internal interface IBatchNormUnderTest
{
    int Channels { get; }

    void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> savedMean,
        Span<float> savedInvStd, Span<float> runningMean, Span<float> runningVar, double factor, float eps);

    void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> gamma, Span<float> dgamma,
        Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd);

    void ForwardInference(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps);

    void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> gamma, Span<float> dgamma,
        Span<float> dbeta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps);
}

/// <summary>nn.BatchNorm1d on [batch, features].</summary>
internal sealed class BatchNorm1dUnderTest(int batch, int features) : IBatchNormUnderTest
{
    public int Channels => features;

    public void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> savedMean,
        Span<float> savedInvStd, Span<float> runningMean, Span<float> runningVar, double factor, float eps) =>
        BatchNormKernels.ForwardTraining(x, y, batch, features, gamma, beta, savedMean, savedInvStd, true, runningMean, runningVar, factor, eps);

    public void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> gamma, Span<float> dgamma,
        Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd) =>
        BatchNormKernels.BackwardTraining(x, dy, dx, batch, features, gamma, dgamma, dbeta, savedMean, savedInvStd);

    public void ForwardInference(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps) =>
        BatchNormKernels.ForwardInference(x, y, batch, features, gamma, beta, runningMean, runningVar, eps);

    public void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> gamma, Span<float> dgamma,
        Span<float> dbeta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps) =>
        BatchNormKernels.BackwardInference(x, dy, dx, batch, features, gamma, dgamma, dbeta, runningMean, runningVar, eps);
}

/// <summary>nn.BatchNorm2d on [batch, channels, H, W] with spatial = H·W.</summary>
internal sealed class BatchNorm2dUnderTest(int batch, int channels, int spatial) : IBatchNormUnderTest
{
    public int Channels => channels;

    public void ForwardTraining(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> savedMean,
        Span<float> savedInvStd, Span<float> runningMean, Span<float> runningVar, double factor, float eps) =>
        BatchNorm2dKernels.ForwardTraining(x, y, batch, channels, spatial, gamma, beta, savedMean, savedInvStd, true, runningMean, runningVar, factor, eps);

    public void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> gamma, Span<float> dgamma,
        Span<float> dbeta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd) =>
        BatchNorm2dKernels.BackwardTraining(x, dy, dx, batch, channels, spatial, gamma, dgamma, dbeta, savedMean, savedInvStd);

    public void ForwardInference(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps) =>
        BatchNorm2dKernels.ForwardInference(x, y, batch, channels, spatial, gamma, beta, runningMean, runningVar, eps);

    public void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<float> gamma, Span<float> dgamma,
        Span<float> dbeta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps) =>
        BatchNorm2dKernels.BackwardInference(x, dy, dx, batch, channels, spatial, gamma, dgamma, dbeta, runningMean, runningVar, eps);
}

/// <summary>
/// Replays one batch-norm fixture case written by Fixtures/layers/generate.py or Fixtures/layers2d/generate.py: the
/// training steps (y, running statistics, dx, dgamma, dbeta after each, with the factor PyTorch used) and then eval.
/// </summary>
internal static class BatchNormReplay
{
    public static void Run(JsonElement c, string name, IBatchNormUnderTest bn, double tolerance, ITestOutputHelper output)
    {
        float eps = c.Float("eps");
        bool cumulative = c.GetProperty("momentum").ValueKind == JsonValueKind.Null;
        float[] gamma = c.Floats("gamma"), beta = c.Floats("beta");
        float[] runningMean = c.Floats("runningMean0"), runningVar = c.Floats("runningVar0");
        var savedMean = new float[bn.Channels];
        var savedInvStd = new float[bn.Channels];
        int numBatchesTracked = 0;
        foreach (JsonElement step in c.GetProperty("steps").EnumerateArray())
        {
            numBatchesTracked++;
            Assert.Equal(numBatchesTracked, step.Int("numBatchesTracked"));
            // The caller's factor, computed as PyTorch does; checked against the factor torch used.
            double factor = cumulative ? 1.0 / numBatchesTracked : c.GetProperty("momentum").GetDouble();
            Assert.Equal(step.GetProperty("factor").GetDouble(), factor, 15);
            float[] x = step.Floats("x"), dy = step.Floats("dy");
            var y = new float[x.Length];
            bn.ForwardTraining(x, y, gamma, beta, savedMean, savedInvStd, runningMean, runningVar, factor, eps);
            string at = $"{name} step {numBatchesTracked}";
            LayerFixtures.AssertClose(step.Floats("y"), y, tolerance, $"{at} y", output);
            LayerFixtures.AssertClose(step.Floats("runningMean"), runningMean, tolerance, $"{at} runningMean", output);
            LayerFixtures.AssertClose(step.Floats("runningVar"), runningVar, tolerance, $"{at} runningVar", output);
            Gradients(step, at, tolerance, output, (dx, dgamma, dbeta) => bn.BackwardTraining(x, dy, dx, gamma, dgamma, dbeta, savedMean, savedInvStd));
        }

        JsonElement ev = c.GetProperty("eval");
        float[] xe = ev.Floats("x"), dye = ev.Floats("dy");
        var ye = new float[xe.Length];
        bn.ForwardInference(xe, ye, gamma, beta, runningMean, runningVar, eps);
        LayerFixtures.AssertClose(ev.Floats("y"), ye, tolerance, $"{name} eval y", output);
        Gradients(ev, name + " eval", tolerance, output, (dx, dgamma, dbeta) => bn.BackwardInference(xe, dye, dx, gamma, dgamma, dbeta, runningMean, runningVar, eps));
    }

    /// <summary>Runs a backward into fresh dx/dgamma/dbeta (gradients zeroed, as the fixtures' steps) and compares all three.</summary>
    private static void Gradients(JsonElement expected, string at, double tolerance, ITestOutputHelper output, Action<float[], float[], float[]> backward)
    {
        float[] dx = new float[expected.GetProperty("dx").GetArrayLength()];
        float[] dgamma = new float[expected.GetProperty("dgamma").GetArrayLength()], dbeta = new float[dgamma.Length];
        backward(dx, dgamma, dbeta);
        LayerFixtures.AssertClose(expected.Floats("dx"), dx, tolerance, $"{at} dx", output);
        LayerFixtures.AssertClose(expected.Floats("dgamma"), dgamma, tolerance, $"{at} dgamma", output);
        LayerFixtures.AssertClose(expected.Floats("dbeta"), dbeta, tolerance, $"{at} dbeta", output);
    }
}
