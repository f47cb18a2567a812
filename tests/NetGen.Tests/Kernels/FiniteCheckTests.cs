using System;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>Every variant of the finite check against the scalar definition (float.IsFinite), on odd sizes and every position.</summary>
public class FiniteCheckTests
{
    public static System.Collections.Generic.IEnumerable<object[]> Variants() => GemmVariants.Supported.Select(v => new object[] { v.ToString() });

    private static readonly int[] Sizes = Enumerable.Range(0, 68).Concat(new[] { 97, 127, 128, 129, 255, 257, 1021, 4099 }).ToArray();

    [Theory]
    [MemberData(nameof(Variants))]
    public void FindsTheFirstNonFiniteValueAtEveryPosition(string variantName)
    {
        GemmVariant variant = Enum.Parse<GemmVariant>(variantName);
        var random = new Random(11);
        foreach (int n in Sizes)
        {
            // Finite values of every magnitude, the largest ones included: x − x is still 0 for them.
            float[] values = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? float.MaxValue * (i % 2 == 0 ? 1 : -1)
                : i % 7 == 0 ? float.Epsilon : (float)(random.NextDouble() * 2e6 - 1e6)).ToArray();
            Assert.Equal(-1, FiniteCheck.IndexOfNonFinite(values, variant));
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                for (int at = 0; at < n; at += n > 300 ? 37 : 1)
                {
                    float saved = values[at];
                    values[at] = bad;
                    Assert.Equal(at, FiniteCheck.IndexOfNonFinite(values, variant));
                    if (at + 1 < n)
                    {
                        float last = values[n - 1];
                        values[n - 1] = float.NaN; // a later one does not hide the first
                        Assert.Equal(at, FiniteCheck.IndexOfNonFinite(values, variant));
                        values[n - 1] = last;
                    }
                    values[at] = saved;
                }
                Assert.Equal(-1, FiniteCheck.IndexOfNonFinite(values, variant));
            }
        }
    }
}
