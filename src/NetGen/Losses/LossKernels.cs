using System;
using System.Numerics;

namespace NetGen.Losses;

/// <summary>Vectorised sums for the losses: float element math, double accumulation (via <see cref="Vector.Widen(Vector{float}, out Vector{double}, out Vector{double})"/>).</summary>
internal static class LossKernels
{
    /// <summary>Σ (a − b)², each square in float, accumulated in double.</summary>
    public static double SumSquaredDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0, n = a.Length;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> d = new Vector<float>(a.Slice(i)) - new Vector<float>(b.Slice(i));
                Vector.Widen(d * d, out Vector<double> l, out Vector<double> h);
                lo += l; hi += h;
            }
            sum = Vector.Sum(lo + hi);
        }
        for (; i < n; i++) { float d = a[i] - b[i]; sum += d * d; }
        return sum;
    }

    /// <summary>Σ |a − b|, accumulated in double.</summary>
    public static double SumAbsoluteDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0, n = a.Length;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> d = Vector.Abs(new Vector<float>(a.Slice(i)) - new Vector<float>(b.Slice(i)));
                Vector.Widen(d, out Vector<double> l, out Vector<double> h);
                lo += l; hi += h;
            }
            sum = Vector.Sum(lo + hi);
        }
        for (; i < n; i++) sum += MathF.Abs(a[i] - b[i]);
        return sum;
    }

    /// <summary>Σ x, accumulated in double.</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        int i = 0, n = x.Length;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            Vector<double> lo = Vector<double>.Zero, hi = Vector<double>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(x.Slice(i)), out Vector<double> l, out Vector<double> h);
                lo += l; hi += h;
            }
            sum = Vector.Sum(lo + hi);
        }
        for (; i < n; i++) sum += x[i];
        return sum;
    }

    /// <summary>dest = scale · sign(a − b), with sign(0) = 0 (PyTorch's <c>sgn</c>).</summary>
    public static void ScaledSignOfDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scale, Span<float> dest)
    {
        int i = 0, n = a.Length;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            Vector<float> pos = new Vector<float>(scale), neg = new Vector<float>(-scale), zero = Vector<float>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> d = new Vector<float>(a.Slice(i)) - new Vector<float>(b.Slice(i));
                Vector<float> r = Vector.ConditionalSelect(Vector.GreaterThan(d, zero), pos, zero)
                                + Vector.ConditionalSelect(Vector.LessThan(d, zero), neg, zero);
                r.CopyTo(dest.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            float d = a[i] - b[i];
            dest[i] = d > 0f ? scale : d < 0f ? -scale : 0f;
        }
    }
}
