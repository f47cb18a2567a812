using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// The instruction-set variants of the matrix micro-kernel (one struct each, like nietras/Sep's
/// per-ISA parsers). <see cref="GemmVariants.Best"/> is chosen once at start-up; tests run every
/// variant in <see cref="GemmVariants.Supported"/> against a scalar reference.
/// </summary>
internal enum GemmVariant
{
    /// <summary>Plain float code, 4 x 4 tile.</summary>
    Scalar,

    /// <summary>SSE / NEON, 6 x 8 tile.</summary>
    Vector128,

    /// <summary>AVX2 + FMA, 6 x 16 tile.</summary>
    Vector256,

    /// <summary>AVX-512F, 12 x 32 tile.</summary>
    Vector512,
}

/// <summary>Which <see cref="GemmVariant"/>s this process can run and which one it uses by default.</summary>
internal static class GemmVariants
{
    /// <summary>The widest variant the hardware accelerates (honours DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 etc.; .NET 8 and 9 read DOTNET_EnableAVX512F).</summary>
    public static readonly GemmVariant Best = SelectBest();

    /// <summary>Every variant that runs at hardware speed here, narrowest first.</summary>
    public static GemmVariant[] Supported { get; } = ListSupported();

    /// <summary>Whether <paramref name="variant"/> runs at hardware speed on this machine.</summary>
    public static bool IsSupported(GemmVariant variant) => variant switch
    {
        GemmVariant.Scalar => true,
        GemmVariant.Vector128 => Vector128.IsHardwareAccelerated,
        // The 256-bit kernel is written for AVX2 + FMA (16 ymm registers hold the 6 x 16 tile).
        GemmVariant.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        GemmVariant.Vector512 => Vector512.IsHardwareAccelerated && Avx512F.IsSupported,
        _ => false,
    };

    private static GemmVariant SelectBest()
    {
        if (IsSupported(GemmVariant.Vector512)) return GemmVariant.Vector512;
        if (IsSupported(GemmVariant.Vector256)) return GemmVariant.Vector256;
        if (IsSupported(GemmVariant.Vector128)) return GemmVariant.Vector128;
        return GemmVariant.Scalar;
    }

    private static GemmVariant[] ListSupported()
    {
        GemmVariant[] all = { GemmVariant.Scalar, GemmVariant.Vector128, GemmVariant.Vector256, GemmVariant.Vector512 };
        return Array.FindAll(all, IsSupported);
    }
}
