// Straight-line micro-kernels: every accumulator is a named local so the JIT
// keeps the whole mr x nr tile in registers (arrays or ref helpers would force it to the stack).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;


/// <summary>Vector512 micro-kernel: a 12 x 32 tile in 24 zmm accumulators (+2 B vectors + 1 broadcast of 32 registers).</summary>
internal readonly unsafe struct GemmKernel512 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 12;
    /// <inheritdoc/>
    public static int Nr => 32;

    /// <inheritdoc/>
    public static bool ReadsAInPlace => false;

    /// <inheritdoc/>
    public static void RunInPlace(nint kc, float* a, nint ars, nint acs, float* b, float* c, nint ldc, float* bias, bool accumulate)
        => throw new System.NotSupportedException();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float* bias, bool accumulate)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        Vector512<float> c4_0 = default; Vector512<float> c4_1 = default;
        Vector512<float> c5_0 = default; Vector512<float> c5_1 = default;
        Vector512<float> c6_0 = default; Vector512<float> c6_1 = default;
        Vector512<float> c7_0 = default; Vector512<float> c7_1 = default;
        Vector512<float> c8_0 = default; Vector512<float> c8_1 = default;
        Vector512<float> c9_0 = default; Vector512<float> c9_1 = default;
        Vector512<float> c10_0 = default; Vector512<float> c10_1 = default;
        Vector512<float> c11_0 = default; Vector512<float> c11_1 = default;
        for (nint p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]); c0_0 = GemmFma.Fma512(a0, b0, c0_0); c0_1 = GemmFma.Fma512(a0, b1, c0_1);
            Vector512<float> a1 = Vector512.Create(a[1]); c1_0 = GemmFma.Fma512(a1, b0, c1_0); c1_1 = GemmFma.Fma512(a1, b1, c1_1);
            Vector512<float> a2 = Vector512.Create(a[2]); c2_0 = GemmFma.Fma512(a2, b0, c2_0); c2_1 = GemmFma.Fma512(a2, b1, c2_1);
            Vector512<float> a3 = Vector512.Create(a[3]); c3_0 = GemmFma.Fma512(a3, b0, c3_0); c3_1 = GemmFma.Fma512(a3, b1, c3_1);
            Vector512<float> a4 = Vector512.Create(a[4]); c4_0 = GemmFma.Fma512(a4, b0, c4_0); c4_1 = GemmFma.Fma512(a4, b1, c4_1);
            Vector512<float> a5 = Vector512.Create(a[5]); c5_0 = GemmFma.Fma512(a5, b0, c5_0); c5_1 = GemmFma.Fma512(a5, b1, c5_1);
            Vector512<float> a6 = Vector512.Create(a[6]); c6_0 = GemmFma.Fma512(a6, b0, c6_0); c6_1 = GemmFma.Fma512(a6, b1, c6_1);
            Vector512<float> a7 = Vector512.Create(a[7]); c7_0 = GemmFma.Fma512(a7, b0, c7_0); c7_1 = GemmFma.Fma512(a7, b1, c7_1);
            Vector512<float> a8 = Vector512.Create(a[8]); c8_0 = GemmFma.Fma512(a8, b0, c8_0); c8_1 = GemmFma.Fma512(a8, b1, c8_1);
            Vector512<float> a9 = Vector512.Create(a[9]); c9_0 = GemmFma.Fma512(a9, b0, c9_0); c9_1 = GemmFma.Fma512(a9, b1, c9_1);
            Vector512<float> a10 = Vector512.Create(a[10]); c10_0 = GemmFma.Fma512(a10, b0, c10_0); c10_1 = GemmFma.Fma512(a10, b1, c10_1);
            Vector512<float> a11 = Vector512.Create(a[11]); c11_0 = GemmFma.Fma512(a11, b0, c11_0); c11_1 = GemmFma.Fma512(a11, b1, c11_1);
            a += 12;
            b += 32;
        }

        StoreRow(c, c0_0, c0_1, bias, accumulate);
        StoreRow(c + 1 * ldc, c1_0, c1_1, bias, accumulate);
        StoreRow(c + 2 * ldc, c2_0, c2_1, bias, accumulate);
        StoreRow(c + 3 * ldc, c3_0, c3_1, bias, accumulate);
        StoreRow(c + 4 * ldc, c4_0, c4_1, bias, accumulate);
        StoreRow(c + 5 * ldc, c5_0, c5_1, bias, accumulate);
        StoreRow(c + 6 * ldc, c6_0, c6_1, bias, accumulate);
        StoreRow(c + 7 * ldc, c7_0, c7_1, bias, accumulate);
        StoreRow(c + 8 * ldc, c8_0, c8_1, bias, accumulate);
        StoreRow(c + 9 * ldc, c9_0, c9_1, bias, accumulate);
        StoreRow(c + 10 * ldc, c10_0, c10_1, bias, accumulate);
        StoreRow(c + 11 * ldc, c11_0, c11_1, bias, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> v0, Vector512<float> v1, float* bias, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }
        else if (bias != null)
        {
            v0 += Vector512.Load(bias);
            v1 += Vector512.Load(bias + 16);
        }
        v0.Store(c);
        v1.Store(c + 16);
    }
}

/// <summary>
/// Vector256 micro-kernel: a 6 x 16 tile in 12 ymm accumulators (+2 B vectors + 1 broadcast of 16 registers), the k loop
/// unrolled by four (on Zen 3 with L1-resident panels: 81-93 GFLOP/s vs 73-76 rolled, of a 94 GFLOP/s FMA peak).
/// </summary>
internal readonly unsafe struct GemmKernel256 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 6;
    /// <inheritdoc/>
    public static int Nr => 16;

    /// <inheritdoc/>
    public static bool ReadsAInPlace => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunInPlace(nint kc, float* a, nint ars, nint acs, float* b, float* c, nint ldc, float* bias, bool accumulate)
        => GemmKernel256InPlace.Run(kc, a, ars, acs, b, c, ldc, bias, accumulate);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float* bias, bool accumulate)
    {
        Vector256<float> c0_0 = default; Vector256<float> c0_1 = default;
        Vector256<float> c1_0 = default; Vector256<float> c1_1 = default;
        Vector256<float> c2_0 = default; Vector256<float> c2_1 = default;
        Vector256<float> c3_0 = default; Vector256<float> c3_1 = default;
        Vector256<float> c4_0 = default; Vector256<float> c4_1 = default;
        Vector256<float> c5_0 = default; Vector256<float> c5_1 = default;
        // Four k steps per iteration (fewer loop instructions between the 12 FMAs of each step), then the rest.
        nint p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            {
                Vector256<float> b0 = Vector256.Load(b);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> a0 = Vector256.Create(a[0]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[1]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[2]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[3]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[4]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[5]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
            }
            {
                Vector256<float> b0 = Vector256.Load(b + 16);
                Vector256<float> b1 = Vector256.Load(b + 16 + 8);
                Vector256<float> a0 = Vector256.Create(a[6 + 0]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[6 + 1]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[6 + 2]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[6 + 3]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[6 + 4]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[6 + 5]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
            }
            {
                Vector256<float> b0 = Vector256.Load(b + 32);
                Vector256<float> b1 = Vector256.Load(b + 32 + 8);
                Vector256<float> a0 = Vector256.Create(a[12 + 0]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[12 + 1]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[12 + 2]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[12 + 3]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[12 + 4]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[12 + 5]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
            }
            {
                Vector256<float> b0 = Vector256.Load(b + 48);
                Vector256<float> b1 = Vector256.Load(b + 48 + 8);
                Vector256<float> a0 = Vector256.Create(a[18 + 0]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[18 + 1]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[18 + 2]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[18 + 3]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[18 + 4]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[18 + 5]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
            }
            a += 24;
            b += 64;
        }
        for (; p < kc; p++)
        {
            {
                Vector256<float> b0 = Vector256.Load(b);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> a0 = Vector256.Create(a[0]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                Vector256<float> a1 = Vector256.Create(a[1]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                Vector256<float> a2 = Vector256.Create(a[2]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                Vector256<float> a3 = Vector256.Create(a[3]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                Vector256<float> a4 = Vector256.Create(a[4]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                Vector256<float> a5 = Vector256.Create(a[5]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
            }
            a += 6;
            b += 16;
        }

        StoreRow(c, c0_0, c0_1, bias, accumulate);
        StoreRow(c + 1 * ldc, c1_0, c1_1, bias, accumulate);
        StoreRow(c + 2 * ldc, c2_0, c2_1, bias, accumulate);
        StoreRow(c + 3 * ldc, c3_0, c3_1, bias, accumulate);
        StoreRow(c + 4 * ldc, c4_0, c4_1, bias, accumulate);
        StoreRow(c + 5 * ldc, c5_0, c5_1, bias, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreRow(float* c, Vector256<float> v0, Vector256<float> v1, float* bias, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }
        else if (bias != null)
        {
            v0 += Vector256.Load(bias);
            v1 += Vector256.Load(bias + 8);
        }
        v0.Store(c);
        v1.Store(c + 8);
    }
}

/// <summary>
/// The Vector256 6 x 16 tile with A read in place instead of from a packed panel: A(r, p) = a[r·ars + p·acs], through
/// six row pointers each advanced by acs (rows contiguous, acs = 1, unrolled by four; or columns contiguous, ars = 1).
/// Same arithmetic, in the same order, as <see cref="GemmKernel256.Run"/>.
/// </summary>
internal static unsafe class GemmKernel256InPlace
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, nint ars, nint acs, float* b, float* c, nint ldc, float* bias, bool accumulate)
    {
        Vector256<float> c0_0 = default; Vector256<float> c0_1 = default;
        Vector256<float> c1_0 = default; Vector256<float> c1_1 = default;
        Vector256<float> c2_0 = default; Vector256<float> c2_1 = default;
        Vector256<float> c3_0 = default; Vector256<float> c3_1 = default;
        Vector256<float> c4_0 = default; Vector256<float> c4_1 = default;
        Vector256<float> c5_0 = default; Vector256<float> c5_1 = default;
        float* r0 = a, r1 = a + ars, r2 = a + 2 * ars, r3 = a + 3 * ars, r4 = a + 4 * ars, r5 = a + 5 * ars;
        nint p = 0;
        if (acs == 1)
        {
            // Rows contiguous (the usual case): four k steps per iteration, as in GemmKernel256.Run.
            for (; p + 4 <= kc; p += 4)
            {
                {
                    Vector256<float> b0 = Vector256.Load(b);
                    Vector256<float> b1 = Vector256.Load(b + 8);
                    Vector256<float> a0 = Vector256.Create(r0[0]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                    Vector256<float> a1 = Vector256.Create(r1[0]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                    Vector256<float> a2 = Vector256.Create(r2[0]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                    Vector256<float> a3 = Vector256.Create(r3[0]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                    Vector256<float> a4 = Vector256.Create(r4[0]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                    Vector256<float> a5 = Vector256.Create(r5[0]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
                }
                {
                    Vector256<float> b0 = Vector256.Load(b + 16);
                    Vector256<float> b1 = Vector256.Load(b + 24);
                    Vector256<float> a0 = Vector256.Create(r0[1]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                    Vector256<float> a1 = Vector256.Create(r1[1]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                    Vector256<float> a2 = Vector256.Create(r2[1]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                    Vector256<float> a3 = Vector256.Create(r3[1]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                    Vector256<float> a4 = Vector256.Create(r4[1]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                    Vector256<float> a5 = Vector256.Create(r5[1]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
                }
                {
                    Vector256<float> b0 = Vector256.Load(b + 32);
                    Vector256<float> b1 = Vector256.Load(b + 40);
                    Vector256<float> a0 = Vector256.Create(r0[2]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                    Vector256<float> a1 = Vector256.Create(r1[2]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                    Vector256<float> a2 = Vector256.Create(r2[2]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                    Vector256<float> a3 = Vector256.Create(r3[2]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                    Vector256<float> a4 = Vector256.Create(r4[2]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                    Vector256<float> a5 = Vector256.Create(r5[2]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
                }
                {
                    Vector256<float> b0 = Vector256.Load(b + 48);
                    Vector256<float> b1 = Vector256.Load(b + 56);
                    Vector256<float> a0 = Vector256.Create(r0[3]); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
                    Vector256<float> a1 = Vector256.Create(r1[3]); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
                    Vector256<float> a2 = Vector256.Create(r2[3]); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
                    Vector256<float> a3 = Vector256.Create(r3[3]); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
                    Vector256<float> a4 = Vector256.Create(r4[3]); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
                    Vector256<float> a5 = Vector256.Create(r5[3]); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
                }
                r0 += 4; r1 += 4; r2 += 4; r3 += 4; r4 += 4; r5 += 4;
                b += 64;
            }
        }
        // Columns contiguous (ars = 1, dYᵀ) or the last k steps: one k step at a time, each row pointer advanced by acs.
        for (; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(*r0); c0_0 = GemmFma.Fma256(a0, b0, c0_0); c0_1 = GemmFma.Fma256(a0, b1, c0_1);
            Vector256<float> a1 = Vector256.Create(*r1); c1_0 = GemmFma.Fma256(a1, b0, c1_0); c1_1 = GemmFma.Fma256(a1, b1, c1_1);
            Vector256<float> a2 = Vector256.Create(*r2); c2_0 = GemmFma.Fma256(a2, b0, c2_0); c2_1 = GemmFma.Fma256(a2, b1, c2_1);
            Vector256<float> a3 = Vector256.Create(*r3); c3_0 = GemmFma.Fma256(a3, b0, c3_0); c3_1 = GemmFma.Fma256(a3, b1, c3_1);
            Vector256<float> a4 = Vector256.Create(*r4); c4_0 = GemmFma.Fma256(a4, b0, c4_0); c4_1 = GemmFma.Fma256(a4, b1, c4_1);
            Vector256<float> a5 = Vector256.Create(*r5); c5_0 = GemmFma.Fma256(a5, b0, c5_0); c5_1 = GemmFma.Fma256(a5, b1, c5_1);
            r0 += acs; r1 += acs; r2 += acs; r3 += acs; r4 += acs; r5 += acs;
            b += 16;
        }

        GemmKernel256.StoreRow(c, c0_0, c0_1, bias, accumulate);
        GemmKernel256.StoreRow(c + 1 * ldc, c1_0, c1_1, bias, accumulate);
        GemmKernel256.StoreRow(c + 2 * ldc, c2_0, c2_1, bias, accumulate);
        GemmKernel256.StoreRow(c + 3 * ldc, c3_0, c3_1, bias, accumulate);
        GemmKernel256.StoreRow(c + 4 * ldc, c4_0, c4_1, bias, accumulate);
        GemmKernel256.StoreRow(c + 5 * ldc, c5_0, c5_1, bias, accumulate);
    }
}

/// <summary>Vector128 micro-kernel: a 6 x 8 tile in 12 xmm/NEON accumulators.</summary>
internal readonly unsafe struct GemmKernel128 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 6;
    /// <inheritdoc/>
    public static int Nr => 8;

    /// <inheritdoc/>
    public static bool ReadsAInPlace => false;

    /// <inheritdoc/>
    public static void RunInPlace(nint kc, float* a, nint ars, nint acs, float* b, float* c, nint ldc, float* bias, bool accumulate)
        => throw new System.NotSupportedException();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float* bias, bool accumulate)
    {
        Vector128<float> c0_0 = default; Vector128<float> c0_1 = default;
        Vector128<float> c1_0 = default; Vector128<float> c1_1 = default;
        Vector128<float> c2_0 = default; Vector128<float> c2_1 = default;
        Vector128<float> c3_0 = default; Vector128<float> c3_1 = default;
        Vector128<float> c4_0 = default; Vector128<float> c4_1 = default;
        Vector128<float> c5_0 = default; Vector128<float> c5_1 = default;
        for (nint p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> a0 = Vector128.Create(a[0]); c0_0 = GemmFma.Fma128(a0, b0, c0_0); c0_1 = GemmFma.Fma128(a0, b1, c0_1);
            Vector128<float> a1 = Vector128.Create(a[1]); c1_0 = GemmFma.Fma128(a1, b0, c1_0); c1_1 = GemmFma.Fma128(a1, b1, c1_1);
            Vector128<float> a2 = Vector128.Create(a[2]); c2_0 = GemmFma.Fma128(a2, b0, c2_0); c2_1 = GemmFma.Fma128(a2, b1, c2_1);
            Vector128<float> a3 = Vector128.Create(a[3]); c3_0 = GemmFma.Fma128(a3, b0, c3_0); c3_1 = GemmFma.Fma128(a3, b1, c3_1);
            Vector128<float> a4 = Vector128.Create(a[4]); c4_0 = GemmFma.Fma128(a4, b0, c4_0); c4_1 = GemmFma.Fma128(a4, b1, c4_1);
            Vector128<float> a5 = Vector128.Create(a[5]); c5_0 = GemmFma.Fma128(a5, b0, c5_0); c5_1 = GemmFma.Fma128(a5, b1, c5_1);
            a += 6;
            b += 8;
        }

        StoreRow(c, c0_0, c0_1, bias, accumulate);
        StoreRow(c + 1 * ldc, c1_0, c1_1, bias, accumulate);
        StoreRow(c + 2 * ldc, c2_0, c2_1, bias, accumulate);
        StoreRow(c + 3 * ldc, c3_0, c3_1, bias, accumulate);
        StoreRow(c + 4 * ldc, c4_0, c4_1, bias, accumulate);
        StoreRow(c + 5 * ldc, c5_0, c5_1, bias, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector128<float> v0, Vector128<float> v1, float* bias, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector128.Load(c);
            v1 += Vector128.Load(c + 4);
        }
        else if (bias != null)
        {
            v0 += Vector128.Load(bias);
            v1 += Vector128.Load(bias + 4);
        }
        v0.Store(c);
        v1.Store(c + 4);
    }
}

/// <summary>Scalar micro-kernel: a 4 x 4 tile in 16 float accumulators (the reference path when no SIMD is accelerated).</summary>
internal readonly unsafe struct GemmKernelScalar : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 4;
    /// <inheritdoc/>
    public static int Nr => 4;

    /// <inheritdoc/>
    public static bool ReadsAInPlace => false;

    /// <inheritdoc/>
    public static void RunInPlace(nint kc, float* a, nint ars, nint acs, float* b, float* c, nint ldc, float* bias, bool accumulate)
        => throw new System.NotSupportedException();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float* bias, bool accumulate)
    {
        float c0_0 = 0f; float c0_1 = 0f; float c0_2 = 0f; float c0_3 = 0f;
        float c1_0 = 0f; float c1_1 = 0f; float c1_2 = 0f; float c1_3 = 0f;
        float c2_0 = 0f; float c2_1 = 0f; float c2_2 = 0f; float c2_3 = 0f;
        float c3_0 = 0f; float c3_1 = 0f; float c3_2 = 0f; float c3_3 = 0f;
        for (nint p = 0; p < kc; p++)
        {
            float b0 = b[0]; float b1 = b[1]; float b2 = b[2]; float b3 = b[3];
            float a0 = a[0]; c0_0 += a0 * b0; c0_1 += a0 * b1; c0_2 += a0 * b2; c0_3 += a0 * b3;
            float a1 = a[1]; c1_0 += a1 * b0; c1_1 += a1 * b1; c1_2 += a1 * b2; c1_3 += a1 * b3;
            float a2 = a[2]; c2_0 += a2 * b0; c2_1 += a2 * b1; c2_2 += a2 * b2; c2_3 += a2 * b3;
            float a3 = a[3]; c3_0 += a3 * b0; c3_1 += a3 * b1; c3_2 += a3 * b2; c3_3 += a3 * b3;
            a += 4;
            b += 4;
        }

        StoreRow(c, c0_0, c0_1, c0_2, c0_3, bias, accumulate);
        StoreRow(c + 1 * ldc, c1_0, c1_1, c1_2, c1_3, bias, accumulate);
        StoreRow(c + 2 * ldc, c2_0, c2_1, c2_2, c2_3, bias, accumulate);
        StoreRow(c + 3 * ldc, c3_0, c3_1, c3_2, c3_3, bias, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, float v0, float v1, float v2, float v3, float* bias, bool accumulate)
    {
        if (accumulate)
        {
            v0 += c[0];
            v1 += c[1];
            v2 += c[2];
            v3 += c[3];
        }
        else if (bias != null)
        {
            v0 += bias[0];
            v1 += bias[1];
            v2 += bias[2];
            v3 += bias[3];
        }
        c[0] = v0;
        c[1] = v1;
        c[2] = v2;
        c[3] = v3;
    }
}
