using System;
using System.Globalization;

namespace NetGen.Kernels;

/// <summary>
/// The argument checks that <see cref="BatchNormKernels"/> (per feature of [batch, features]) and
/// <see cref="BatchNorm2dKernels"/> (per channel of [batch, channels, H·W]) share: everything but the shape of x, which
/// each kernel checks first. <c>count</c> is the number of features or channels and <c>what</c> its name in messages.
/// </summary>
internal static class BatchNormChecks
{
    /// <summary>The training forward's lengths, factor, eps and overlaps.</summary>
    internal static void ForwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int count, string what, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInvStd, bool updateRunningStats,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, double exponentialAverageFactor, float eps)
    {
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        LayerKernelChecks.Affine(gamma.Length, beta.Length, count, nameof(gamma), nameof(beta), what);
        LayerKernelChecks.Length(savedMean.Length, count, nameof(savedMean), what);
        LayerKernelChecks.Length(savedInvStd.Length, count, nameof(savedInvStd), what);
        if (updateRunningStats)
        {
            LayerKernelChecks.Length(runningMean.Length, count, nameof(runningMean), what);
            LayerKernelChecks.Length(runningVar.Length, count, nameof(runningVar), what);
            if (!(exponentialAverageFactor >= 0 && exponentialAverageFactor <= 1))
                throw new ArgumentOutOfRangeException(nameof(exponentialAverageFactor), exponentialAverageFactor,
                    "exponentialAverageFactor must be in [0, 1].");
        }
        else
        {
            LayerKernelChecks.EmptyOrLength(runningMean.Length, count, nameof(runningMean), what);
            LayerKernelChecks.EmptyOrLength(runningVar.Length, count, nameof(runningVar), what);
        }
        LayerKernelChecks.Eps(eps);
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(x, savedMean, nameof(x), nameof(savedMean));
        LayerKernelChecks.NoOverlap(y, savedMean, nameof(y), nameof(savedMean));
        LayerKernelChecks.NoOverlap(x, savedInvStd, nameof(x), nameof(savedInvStd));
        LayerKernelChecks.NoOverlap(y, savedInvStd, nameof(y), nameof(savedInvStd));
        LayerKernelChecks.NoOverlap(savedMean, savedInvStd, nameof(savedMean), nameof(savedInvStd));
        LayerKernelChecks.NoOverlap(y, runningMean, nameof(y), nameof(runningMean));
        LayerKernelChecks.NoOverlap(y, runningVar, nameof(y), nameof(runningVar));
        LayerKernelChecks.NoOverlap(runningMean, runningVar, nameof(runningMean), nameof(runningVar));
        LayerKernelChecks.NoOverlap(gamma, y, nameof(gamma), nameof(y));
        LayerKernelChecks.NoOverlap(beta, y, nameof(beta), nameof(y));
    }

    /// <summary>PyTorch refuses to normalise a single value per feature in training: batch must be ≥ 2.</summary>
    internal static void MoreThanOneValue(int batch, int features)
    {
        if (batch < 2) ThrowOneValue(string.Create(CultureInfo.InvariantCulture, $"[{batch}, {features}]"));
    }

    /// <summary>The same per channel of feature maps: batch · spatial must be ≥ 2 (the size is written [batch, channels, H·W]).</summary>
    internal static void MoreThanOneValue(int batch, int channels, int spatial)
    {
        if ((long)batch * spatial < 2) ThrowOneValue(string.Create(CultureInfo.InvariantCulture, $"[{batch}, {channels}, {spatial}]"));
    }

    private static void ThrowOneValue(string size) =>
        throw new ArgumentException("Expected more than 1 value per channel when training, got input size " + size, "x");

    /// <summary>The evaluation forward's lengths, eps and overlaps.</summary>
    internal static void ForwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int count, string what, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
    {
        LayerKernelChecks.SameLength(x.Length, nameof(x), y.Length, nameof(y));
        LayerKernelChecks.Affine(gamma.Length, beta.Length, count, nameof(gamma), nameof(beta), what);
        LayerKernelChecks.Length(runningMean.Length, count, nameof(runningMean), what);
        LayerKernelChecks.Length(runningVar.Length, count, nameof(runningVar), what);
        LayerKernelChecks.Eps(eps);
        LayerKernelChecks.NoPartialOverlap(x, y, nameof(x), nameof(y));
        LayerKernelChecks.NoOverlap(gamma, y, nameof(gamma), nameof(y));
        LayerKernelChecks.NoOverlap(beta, y, nameof(beta), nameof(y));
        LayerKernelChecks.NoOverlap(runningMean, y, nameof(runningMean), nameof(y));
        LayerKernelChecks.NoOverlap(runningVar, y, nameof(runningVar), nameof(y));
    }

    /// <summary>Both backward passes: lengths of dy, dx, gamma, dgamma, dbeta and their overlaps.</summary>
    internal static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> dx, int count, string what,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> dgamma, ReadOnlySpan<float> dbeta)
    {
        LayerKernelChecks.SameLength(x.Length, nameof(x), dy.Length, nameof(dy));
        LayerKernelChecks.SameLength(x.Length, nameof(x), dx.Length, nameof(dx));
        LayerKernelChecks.EmptyOrLength(gamma.Length, count, nameof(gamma), what);
        LayerKernelChecks.Length(dgamma.Length, gamma.Length, nameof(dgamma), "gamma.Length");
        LayerKernelChecks.Length(dbeta.Length, gamma.Length, nameof(dbeta), "gamma.Length");
        LayerKernelChecks.NoPartialOverlap(x, dx, nameof(x), nameof(dx));
        LayerKernelChecks.NoPartialOverlap(dy, dx, nameof(dy), nameof(dx));
        LayerKernelChecks.NoOverlap(dx, gamma, nameof(dx), nameof(gamma));
        LayerKernelChecks.NoOverlap(dx, dgamma, nameof(dx), nameof(dgamma));
        LayerKernelChecks.NoOverlap(dx, dbeta, nameof(dx), nameof(dbeta));
        LayerKernelChecks.NoOverlap(dgamma, dbeta, nameof(dgamma), nameof(dbeta));
    }

    /// <summary>The statistics a backward pass reads (saved or running mean and variance): lengths, and separate from dx.</summary>
    internal static void Statistics(ReadOnlySpan<float> dx, ReadOnlySpan<float> mean, ReadOnlySpan<float> spread, int count, string what,
        string meanName, string spreadName)
    {
        LayerKernelChecks.Length(mean.Length, count, meanName, what);
        LayerKernelChecks.Length(spread.Length, count, spreadName, what);
        LayerKernelChecks.NoOverlap(dx, mean, nameof(dx), meanName);
        LayerKernelChecks.NoOverlap(dx, spread, nameof(dx), spreadName);
    }
}
