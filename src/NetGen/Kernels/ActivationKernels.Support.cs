using System;
using System.Globalization;

namespace NetGen.Kernels;

/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static partial class ActivationKernels
{
    // ------------------------------------------------------------------ scalar special functions (double)

    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>Φ(x) = erfc(−x/√2)/2, accurate in relative terms in both tails.</summary>
    internal static double NormalCdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    /// <summary>φ(x) = e^(−x²/2)/√(2π).</summary>
    internal static double NormalPdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Complementary error function, Numerical Recipes' Chebyshev fit (erfcc): fractional error below 1.2e-7
    /// everywhere, including the far tail (so x·Φ(x) keeps its relative accuracy for negative x).
    /// </summary>
    internal static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                   t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                   t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    /// <summary>e^x − 1 in double without cancellation for tiny |x| (third-order Taylor below 1e-5: relative error &lt; 1e-20).</summary>
    internal static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x * (1.0 + x * (0.5 + x / 6.0)) : Math.Exp(x) - 1.0;

    /// <summary>log(1 + e) for 0 ≤ e ≤ 1, keeping relative accuracy for tiny e.</summary>
    private static double Log1p(double e) => e < 1e-5 ? e * (1.0 - e * (0.5 - e / 3.0)) : Math.Log(1.0 + e);

    // ------------------------------------------------------------------ argument checks (cheap, O(1))

    private static void CheckForward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"x and y must have the same length (x.Length = {x.Length}, y.Length = {y.Length})."), nameof(y));
        CheckOverlap(x, y, nameof(x), nameof(y));
    }

    private static void CheckBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, bool readsX, bool readsY)
    {
        int n = dx.Length;
        if (dy.Length != n)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"dy and dx must have the same length (dy.Length = {dy.Length}, dx.Length = {n})."), nameof(dy));
        CheckInput(x, n, readsX, nameof(x));
        CheckInput(y, n, readsY, nameof(y));
        CheckOverlap(dy, dx, nameof(dy), nameof(dx));
        if (readsX) CheckOverlap(x, dx, nameof(x), nameof(dx));
        if (readsY) CheckOverlap(y, dx, nameof(y), nameof(dx));
    }

    private static void CheckInput(ReadOnlySpan<float> a, int n, bool read, string name)
    {
        if (a.Length != n && (read || a.Length != 0))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} must have the length of dx (or be empty when this activation does not read it): {name}.Length = {a.Length}, dx.Length = {n}."), name);
    }

    private static void CheckOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{outputName} partially overlaps {inputName} (element offset {offset}); it must be the same memory or not overlap at all."), outputName);
    }

    private static void CheckFeatures(int length, int features)
    {
        if (features <= 0 || length % features != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"features must be positive and divide the span length (features = {features}, length = {length})."), nameof(features));
    }

    private static void CheckFinite(float value, string name)
    {
        if (!float.IsFinite(value))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be finite (got {value})."), name);
    }

    private static void CheckSoftplus(float beta, float threshold)
    {
        if (!(beta > 0f) || !float.IsFinite(beta))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"beta must be positive and finite (got {beta})."), nameof(beta));
        if (float.IsNaN(threshold))
            throw new ArgumentException("threshold must not be NaN.", nameof(threshold));
    }
}
