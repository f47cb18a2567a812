using System;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The finite check behind Dataset's validation and Fit's divergence guard (TensorPrimitives.IsFiniteAll plus a scan)
/// against float.IsFinite on odd sizes and every position; CI runs it again without AVX-512 and without AVX2, so every
/// vector width is covered. An empty span holds nothing non-finite.
/// </summary>
public class FiniteValuesTests
{
    private static readonly int[] Sizes = Enumerable.Range(0, 68).Concat(new[] { 97, 127, 128, 129, 255, 257, 1021, 4099 }).ToArray();

    [Fact]
    public void FindsTheFirstNonFiniteValueAtEveryPosition()
    {
        var random = new Random(11);
        foreach (int n in Sizes)
        {
            // Finite values of every magnitude, the largest and the smallest included.
            float[] values = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? float.MaxValue * (i % 2 == 0 ? 1 : -1)
                : i % 7 == 0 ? float.Epsilon : (float)(random.NextDouble() * 2e6 - 1e6)).ToArray();
            Assert.Equal(-1, FiniteValues.IndexOfNonFinite(values));
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                for (int at = 0; at < n; at += n > 300 ? 37 : 1)
                {
                    float saved = values[at];
                    values[at] = bad;
                    Assert.Equal(at, FiniteValues.IndexOfNonFinite(values));
                    if (at + 1 < n)
                    {
                        float last = values[n - 1];
                        values[n - 1] = float.NaN; // a later one does not hide the first
                        Assert.Equal(at, FiniteValues.IndexOfNonFinite(values));
                        values[n - 1] = last;
                    }
                    values[at] = saved;
                }
                Assert.Equal(-1, FiniteValues.IndexOfNonFinite(values));
            }
        }
    }
}
