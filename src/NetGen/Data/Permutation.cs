using System;

namespace NetGen.Data;

/// <summary>Seeded Fisher–Yates shuffles over <see cref="NetRandom"/>, identical on every machine.</summary>
internal static class Permutation
{
    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject).</summary>
    public static int NextBelow(NetRandom random, int n)
    {
        ulong bound = (ulong)n;
        ulong high = Math.BigMul(random.NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold) high = Math.BigMul(random.NextUInt64(), bound, out low);
        }
        return (int)high;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates, from the end).</summary>
    public static void Shuffle(Span<int> items, NetRandom random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextBelow(random, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public static void Identity(Span<int> items)
    {
        for (int i = 0; i < items.Length; i++) items[i] = i;
    }
}
