using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>A term t(a, b) of a sum taken in double: the float inputs are widened first, so the term itself is double math.</summary>
internal interface IWideningTerm
{
    double Invoke(double a, double b);
    Vector128<double> Invoke(Vector128<double> a, Vector128<double> b);
    Vector256<double> Invoke(Vector256<double> a, Vector256<double> b);
    Vector512<double> Invoke(Vector512<double> a, Vector512<double> b);
}

/// <summary>Σ a (the second input is ignored).</summary>
internal readonly struct PlainTerm : IWideningTerm
{
    public double Invoke(double a, double b) => a;
    public Vector128<double> Invoke(Vector128<double> a, Vector128<double> b) => a;
    public Vector256<double> Invoke(Vector256<double> a, Vector256<double> b) => a;
    public Vector512<double> Invoke(Vector512<double> a, Vector512<double> b) => a;
}

/// <summary>Σ (a − mean)² (the second input is ignored): the two-pass variance, without cancellation.</summary>
internal readonly struct SquaredDeviationTerm(double mean) : IWideningTerm
{
    private readonly double _mean = mean;
    public double Invoke(double a, double b) { double d = a - _mean; return d * d; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Invoke(Vector128<double> a, Vector128<double> b) { Vector128<double> d = a - Vector128.Create(_mean); return d * d; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Invoke(Vector256<double> a, Vector256<double> b) { Vector256<double> d = a - Vector256.Create(_mean); return d * d; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Invoke(Vector512<double> a, Vector512<double> b) { Vector512<double> d = a - Vector512.Create(_mean); return d * d; }
}

/// <summary>Σ a·(b − mean): a gradient against centred inputs (batch norm's Σ dy·(x − μ)).</summary>
internal readonly struct CentredProductTerm(double mean) : IWideningTerm
{
    private readonly double _mean = mean;
    public double Invoke(double a, double b) => a * (b - _mean);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<double> Invoke(Vector128<double> a, Vector128<double> b) => a * (b - Vector128.Create(_mean));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Invoke(Vector256<double> a, Vector256<double> b) => a * (b - Vector256.Create(_mean));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Invoke(Vector512<double> a, Vector512<double> b) => a * (b - Vector512.Create(_mean));
}

/// <summary>
/// The shared reduction loop: Σ t(a[i], b[i]) accumulated in double lanes. Full vectors of the widest allowed width
/// first, then at most one vector of each narrower width, then scalars, so every width (and the cascade between them)
/// runs on short spans too. The order of summation depends on the width; results agree to double rounding.
/// </summary>
internal static class WideningSum
{
    /// <summary>Σ t(a[i], b[i]) over a.Length elements (b must be at least as long; pass a again when the term ignores b).</summary>
    public static double Sum<T>(T term, ReadOnlySpan<float> a, ReadOnlySpan<float> b, SimdWidth width) where T : struct, IWideningTerm
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        nuint n = (nuint)a.Length, i = 0;
        double sum = 0;
        if (width >= SimdWidth.V512 && n >= (nuint)Vector512<float>.Count)
        {
            Vector512<double> acc = Vector512<double>.Zero;
            for (; i + (nuint)Vector512<float>.Count <= n; i += (nuint)Vector512<float>.Count)
            {
                (Vector512<double> al, Vector512<double> ah) = Vector512.Widen(Vector512.LoadUnsafe(ref ar, i));
                (Vector512<double> bl, Vector512<double> bh) = Vector512.Widen(Vector512.LoadUnsafe(ref br, i));
                acc += term.Invoke(al, bl) + term.Invoke(ah, bh);
            }
            sum += Vector512.Sum(acc);
        }
        if (width >= SimdWidth.V256 && n - i >= (nuint)Vector256<float>.Count)
        {
            Vector256<double> acc = Vector256<double>.Zero;
            for (; i + (nuint)Vector256<float>.Count <= n; i += (nuint)Vector256<float>.Count)
            {
                (Vector256<double> al, Vector256<double> ah) = Vector256.Widen(Vector256.LoadUnsafe(ref ar, i));
                (Vector256<double> bl, Vector256<double> bh) = Vector256.Widen(Vector256.LoadUnsafe(ref br, i));
                acc += term.Invoke(al, bl) + term.Invoke(ah, bh);
            }
            sum += Vector256.Sum(acc);
        }
        if (width >= SimdWidth.V128 && n - i >= (nuint)Vector128<float>.Count)
        {
            Vector128<double> acc = Vector128<double>.Zero;
            for (; i + (nuint)Vector128<float>.Count <= n; i += (nuint)Vector128<float>.Count)
            {
                (Vector128<double> al, Vector128<double> ah) = Vector128.Widen(Vector128.LoadUnsafe(ref ar, i));
                (Vector128<double> bl, Vector128<double> bh) = Vector128.Widen(Vector128.LoadUnsafe(ref br, i));
                acc += term.Invoke(al, bl) + term.Invoke(ah, bh);
            }
            sum += Vector128.Sum(acc);
        }
        for (; i < n; i++) sum += term.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i));
        return sum;
    }
}
