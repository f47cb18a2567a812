using System;
using System.Linq;

namespace NetGen.Tests.Networks;

/// <summary>Seeded inputs in [-2, 2) for network tests.</summary>
internal static class RandomInputs
{
    public static float[] Create(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
    }
}
