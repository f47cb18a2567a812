using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>What the dense-product kernel tests share: every variant the machine runs, random and filled arrays.</summary>
internal static class KernelData
{
    /// <summary>Every GEMM variant the machine supports, by name (xUnit theory data).</summary>
    public static TheoryData<string> Variants()
    {
        var data = new TheoryData<string>();
        foreach (GemmVariant v in GemmVariants.Supported) data.Add(v.ToString());
        return data;
    }

    /// <summary><paramref name="n"/> values uniform in [-1, 1).</summary>
    public static float[] Random(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary><paramref name="n"/> copies of <paramref name="value"/>: a sentinel a kernel must overwrite or leave.</summary>
    public static float[] Filled(int n, float value)
    {
        var a = new float[n];
        Array.Fill(a, value);
        return a;
    }
}
