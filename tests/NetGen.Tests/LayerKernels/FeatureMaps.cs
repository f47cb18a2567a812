using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.LayerKernels;

/// <summary>Shared data and checks of the feature-map (NCHW) kernel tests: odd sizes, PyTorch's pooling output size, tolerances.</summary>
internal static class FeatureMaps
{
    /// <summary>Odd plane sides the tests draw from (1, 3, 5, 7, 13 and MNIST's 28).</summary>
    public static readonly int[] Sides = [1, 3, 5, 7, 13, 28];

    /// <summary>Every SIMD width, for [MemberData]: the kernels' internal overloads take the width to use.</summary>
    public static IEnumerable<object[]> Widths() =>
        new[] { SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 }.Select(w => new object[] { (int)w, w.ToString() });

    /// <summary>
    /// PyTorch's pooling output size written from its documentation: ⌊ or ⌈(in + 2p − d(k − 1) − 1)/s⌉ + 1, and with
    /// ceil_mode the last window must start inside the input or the left padding.
    /// </summary>
    public static int PoolOutputSize(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        double steps = (input + 2.0 * pad - dilation * (kernel - 1) - 1) / stride;
        int output = (int)(ceilMode ? Math.Ceiling(steps) : Math.Floor(steps)) + 1;
        if (ceilMode && (output - 1) * stride >= input + pad) output--;
        return output;
    }

    /// <summary>Uniform values in [−2, 2), or with <paramref name="ties"/> small integers (many equal values).</summary>
    public static float[] Values(Random random, int length, bool ties = false)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = ties ? random.Next(4) : (float)(random.NextDouble() * 4 - 2);
        return values;
    }

    /// <summary>Each value within <paramref name="tolerance"/> of the reference tensor's scale (its largest magnitude, at least 1).</summary>
    public static void AssertClose(double[] expected, ReadOnlySpan<float> actual, string what, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1;
        foreach (double v in expected) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (scale {scale:G4})");
    }
}
