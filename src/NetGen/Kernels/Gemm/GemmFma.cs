using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// a·b + c per lane, fused when the hardware has FMA. Written with the ISA classes (not
/// Vector128.FusedMultiplyAdd) because those are .NET 9+ only and emulate FMA in software when the
/// instruction is missing; here the IsSupported checks are JIT-time constants, so each helper
/// compiles to one instruction.
/// </summary>
internal static class GemmFma
{
    /// <summary>a·b + c, 128-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fma128(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        if (Fma.IsSupported) return Fma.MultiplyAdd(a, b, c);
        if (AdvSimd.IsSupported) return AdvSimd.FusedMultiplyAdd(c, a, b);
        return a * b + c;
    }

    /// <summary>a·b + c, 256-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Fma256(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        if (Fma.IsSupported) return Fma.MultiplyAdd(a, b, c);
        return a * b + c;
    }

    /// <summary>a·b + c, 512-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Fma512(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
        if (Avx512F.IsSupported) return Avx512F.FusedMultiplyAdd(a, b, c);
        return a * b + c;
    }
}
