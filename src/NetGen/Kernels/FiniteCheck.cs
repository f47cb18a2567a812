using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// Finds a NaN or infinity in a float buffer: Fit checks the parameters and buffers after every optimizer step. The
/// vector loop accumulates x − x, which is 0 for every finite x and NaN for NaN and ±∞, so one compare at the end
/// decides, with one subtract and one add per vector (a read-bandwidth-bound pass); only a hit is located with a
/// scalar scan.
/// </summary>
internal static class FiniteCheck
{
    /// <summary>The index of the first NaN or ±∞ in <paramref name="values"/>, or −1 when every value is finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values) => IndexOfNonFinite(values, GemmVariants.Best);

    internal static int IndexOfNonFinite(ReadOnlySpan<float> values, GemmVariant variant)
    {
        bool finite = variant switch
        {
            GemmVariant.Vector512 => AllFinite512(values),
            GemmVariant.Vector256 => AllFinite256(values),
            GemmVariant.Vector128 => AllFinite128(values),
            _ => true,
        };
        if (finite && variant != GemmVariant.Scalar) return -1;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static bool AllFinite512(ReadOnlySpan<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        Vector512<float> a = Vector512<float>.Zero, b = Vector512<float>.Zero;
        for (; i <= n - 32; i += 32)
        {
            Vector512<float> x = Vector512.LoadUnsafe(ref start, (nuint)i), y = Vector512.LoadUnsafe(ref start, (nuint)(i + 16));
            a += x - x;
            b += y - y;
        }
        a += b;
        for (; i <= n - 16; i += 16)
        {
            Vector512<float> x = Vector512.LoadUnsafe(ref start, (nuint)i);
            a += x - x;
        }
        return a == Vector512<float>.Zero && ScalarTail(values.Slice(i));
    }

    private static bool AllFinite256(ReadOnlySpan<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        Vector256<float> a = Vector256<float>.Zero, b = Vector256<float>.Zero;
        for (; i <= n - 16; i += 16)
        {
            Vector256<float> x = Vector256.LoadUnsafe(ref start, (nuint)i), y = Vector256.LoadUnsafe(ref start, (nuint)(i + 8));
            a += x - x;
            b += y - y;
        }
        a += b;
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> x = Vector256.LoadUnsafe(ref start, (nuint)i);
            a += x - x;
        }
        return a == Vector256<float>.Zero && ScalarTail(values.Slice(i));
    }

    private static bool AllFinite128(ReadOnlySpan<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        Vector128<float> a = Vector128<float>.Zero;
        for (; i <= n - 4; i += 4)
        {
            Vector128<float> x = Vector128.LoadUnsafe(ref start, (nuint)i);
            a += x - x;
        }
        return a == Vector128<float>.Zero && ScalarTail(values.Slice(i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ScalarTail(ReadOnlySpan<float> tail)
    {
        foreach (float x in tail)
            if (!float.IsFinite(x)) return false;
        return true;
    }
}
