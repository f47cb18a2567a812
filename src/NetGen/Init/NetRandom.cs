using System;

namespace NetGen;

/// <summary>
/// A small, fast, seeded random source (xoshiro256** seeded through SplitMix64) that produces the same
/// sequence for a seed on every machine and .NET version.
/// </summary>
/// <remarks>Thread safety: not thread-safe; use an instance from one thread at a time.</remarks>
public sealed class NetRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpareGaussian;

    /// <summary>Creates a generator for <paramref name="seed"/>.</summary>
    public NetRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x); _s1 = SplitMix64(ref x); _s2 = SplitMix64(ref x); _s3 = SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = unchecked(x += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = unchecked(RotateLeft(_s1 * 5, 7) * 9);
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>
    /// A standard normal draw (mean 0, variance 1), by Marsaglia's polar method: two uniforms in (−1, 1)² are
    /// drawn until they fall inside the unit disc, which yields two independent normals; the second is kept for
    /// the next call. Deterministic for a seed (only IEEE-exact operations plus <see cref="Math.Log(double)"/>).
    /// </summary>
    public double NextGaussian()
    {
        if (_hasSpareGaussian)
        {
            _hasSpareGaussian = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpareGaussian = true;
        return u * f;
    }

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>) (returns low when they are equal).</summary>
    /// <exception cref="ArgumentException">A bound is not finite or <paramref name="high"/> &lt; <paramref name="low"/>.</exception>
    public double NextUniform(double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || high < low)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"NextUniform needs finite bounds with low <= high (low = {low}, high = {high})."), nameof(high));
        double r = low + (high - low) * NextDouble();
        return r < high ? r : low == high ? low : Math.BitDecrement(high);
    }
}
