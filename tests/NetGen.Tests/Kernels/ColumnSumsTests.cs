using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The bias gradient's column sums (db += Σ_batch dY) against the scalar definition, bit for bit: each column
/// added row after row onto its old value. Odd column counts cover every vector width's blocks and tails (the CI
/// pass without AVX-512 and without AVX2 runs the narrower vectors).
/// </summary>
public class ColumnSumsTests
{
    [Fact]
    public unsafe void Accumulate_EqualsRowByRowAdds_BitForBit()
    {
        var rng = new Random(77);
        foreach (int m in new[] { 1, 2, 7, 32, 65 })
            foreach (int n in new[] { 1, 3, 4, 5, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 70, 128, 129, 161, 300 })
            {
                var a = new float[m * n];
                for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * MathF.Pow(10, rng.Next(-3, 4));
                var expected = new float[n + 1];
                for (int j = 0; j < n; j++) expected[j] = (float)rng.NextDouble();
                expected[n] = 999f; // past the end: must stay untouched
                var actual = (float[])expected.Clone();
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++) expected[j] += a[i * n + j];
                fixed (float* pa = a, ps = actual) ColumnSums.Accumulate(pa, ps, m, n);
                for (int j = 0; j <= n; j++)
                    Assert.True(BitConverter.SingleToInt32Bits(expected[j]) == BitConverter.SingleToInt32Bits(actual[j]),
                        $"m = {m}, n = {n}, column {j}: {actual[j]:R}, expected {expected[j]:R}");
            }
    }
}
