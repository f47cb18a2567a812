using System;

namespace NetGen.Kernels;

/// <summary>
/// The dense-layer products without the packed GEMM, on <see cref="GemmSmall"/>'s unpacked kernels: for
/// short batches and layers whose operands fit in cache. Callers validate the arguments.
/// </summary>
internal static unsafe class GemmDirect
{
    /// <summary>Forward products with at most this many rows or output units use dot products.</summary>
    internal const int DotMaxSize = 4;

    public static void Forward(GemmVariant variant, float* x, float* w, float* bias, float* y, int m, int k, int n)
    {
        if (m <= DotMaxSize || n <= DotMaxSize)
        {
            switch (variant)
            {
                case GemmVariant.Vector512: GemmSmall.ForwardDots<GemmLane512>(x, w, bias, y, m, k, n); break;
                case GemmVariant.Vector256: GemmSmall.ForwardDots<GemmLane256>(x, w, bias, y, m, k, n); break;
                case GemmVariant.Vector128: GemmSmall.ForwardDots<GemmLane128>(x, w, bias, y, m, k, n); break;
                default: GemmSmall.ForwardDots<GemmLaneScalar>(x, w, bias, y, m, k, n); break;
            }
            return;
        }

        // Y = X·Wᵀ: Wᵀ [k, n] is copied once (8 x 8 transposes), then broadcast from X's rows in place.
        GemmScratch scratch = GemmScratch.ForCurrentThread((nint)k * n, 0);
        GemmDriver.PackB(w, 1, k, k, n, n, scratch.A);
        Broadcast(variant, m, n, k, x, k, 1, scratch.A, n, y, n, bias, accumulate: false);
    }

    /// <summary>dX[m, k] = dY[m, n]·W[n, k]: W's rows are B's rows, nothing is copied.</summary>
    public static void BackwardInput(GemmVariant variant, float* dy, float* w, float* dx, int m, int k, int n)
    {
        Broadcast(variant, m, k, n, dy, n, 1, w, k, dx, k, null, accumulate: false);
    }

    /// <summary>dW[n, k] += dY[m, n]ᵀ·X[m, k]: dYᵀ is read through its strides, X's rows are B's rows.</summary>
    public static void BackwardWeights(GemmVariant variant, float* dy, float* x, float* dw, int m, int k, int n)
    {
        Broadcast(variant, n, k, m, dy, 1, n, x, k, dw, k, null, accumulate: true);
    }

    /// <summary>Splits large products by rows of C over <see cref="GemmParallel"/>'s workers (B is shared, read in place).</summary>
    private static void Broadcast(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint ldb,
        float* c, nint ldc, float* bias, bool accumulate)
    {
        if (!GemmParallel.TryRun(variant, M, N, K, a, ars, acs, b, ldb, 1, c, ldc, bias, accumulate, GemmParallel.MinRowsPerThreadDirect, &BroadcastBody))
            BroadcastBody(variant, M, N, K, a, ars, acs, b, ldb, 1, c, ldc, bias, accumulate);
    }

    private static void BroadcastBody(GemmVariant variant, int M, int N, int K, float* a, nint ars, nint acs, float* b, nint ldb, nint unitStride,
        float* c, nint ldc, float* bias, bool accumulate)
    {
        switch (variant)
        {
            case GemmVariant.Vector512: GemmSmall.Broadcast<GemmLane512>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate); break;
            case GemmVariant.Vector256: GemmSmall.Broadcast<GemmLane256>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate); break;
            case GemmVariant.Vector128: GemmSmall.Broadcast<GemmLane128>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate); break;
            default: GemmSmall.Broadcast<GemmLaneScalar>(M, N, K, a, ars, acs, b, ldb, c, ldc, bias, accumulate); break;
        }
    }
}
