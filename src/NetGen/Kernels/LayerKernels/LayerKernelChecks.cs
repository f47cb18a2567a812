using System;
using System.Globalization;

namespace NetGen.Kernels;

/// <summary>Cheap O(1) argument checks shared by the stateful-layer kernels; every message names the argument and the numbers.</summary>
internal static class LayerKernelChecks
{
    /// <summary>Features processed per block by the per-feature statistic loops (a stack scratch of doubles per block).</summary>
    internal const int FeatureBlock = 64;

    internal static void SameLength(int expected, string expectedName, int actual, string name)
    {
        if (actual != expected)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} must have the length of {expectedName} ({name}.Length = {actual}, {expectedName}.Length = {expected})."), name);
    }

    internal static void Length(int actual, int expected, string name, string what)
    {
        if (actual != expected)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} must have length {what} = {expected} (got {name}.Length = {actual})."), name);
    }

    internal static void EmptyOrLength(int actual, int expected, string name, string what)
    {
        if (actual != 0 && actual != expected)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} must be empty or have length {what} = {expected} (got {name}.Length = {actual})."), name);
    }

    /// <summary>batch ≥ 0, features ≥ 1, and batch·features = the length of the named span.</summary>
    internal static void Shape(int batch, int features, int length, string name)
    {
        if (batch < 0)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must not be negative.");
        if (features <= 0)
            throw new ArgumentOutOfRangeException(nameof(features), features, "features must be positive.");
        if ((long)batch * features != length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name}.Length must be batch * features = {batch} * {features} = {(long)batch * features} (got {length})."), name);
    }

    /// <summary>batch ≥ 0, channels ≥ 1, spatial ≥ 1, and batch·channels·spatial = the length of the named span (NCHW feature maps, spatial = H·W).</summary>
    internal static void Planes(int batch, int channels, int spatial, int length, string name)
    {
        if (batch < 0)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must not be negative.");
        if (channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be positive.");
        if (spatial <= 0)
            throw new ArgumentOutOfRangeException(nameof(spatial), spatial, "spatial (H·W) must be positive.");
        long expected = (long)batch * channels * spatial;
        if (expected != length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name}.Length must be batch * channels * spatial = {batch} * {channels} * {spatial} = {expected} (got {length})."), name);
    }

    /// <summary>gamma and beta are both empty (no affine) or both of length <paramref name="features"/> (named <paramref name="what"/> in messages).</summary>
    internal static void Affine(int gamma, int beta, int features, string gammaName, string betaName, string what = "features")
    {
        EmptyOrLength(gamma, features, gammaName, what);
        EmptyOrLength(beta, features, betaName, what);
        if (gamma != beta)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{gammaName} and {betaName} must both be empty (no affine) or both have length {what} ({gammaName}.Length = {gamma}, {betaName}.Length = {beta})."), betaName);
    }

    /// <summary>The output may be the very same memory as the input (in place) but must not partially overlap it.</summary>
    internal static void NoPartialOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{outputName} partially overlaps {inputName} (element offset {offset}); it must be the same memory or not overlap at all."), outputName);
    }

    /// <summary>Two outputs (or an output and a saved state) must not share any memory.</summary>
    internal static void NoOverlap(ReadOnlySpan<float> a, ReadOnlySpan<float> b, string aName, string bName)
    {
        if (a.Overlaps(b))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{bName} overlaps {aName} ({aName}.Length = {a.Length}, {bName}.Length = {b.Length}); they must be separate memory."), bName);
    }

    /// <summary>A dropout probability: p in [0, 1) (p = 1 would scale the survivors by 1/0).</summary>
    internal static void DropProbability(float p)
    {
        if (!(p >= 0f && p < 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"p must be in [0, 1) (got {p})."));
    }

    internal static void Eps(float eps)
    {
        if (!(eps >= 0f) || !float.IsFinite(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be finite and non-negative.");
    }
}
