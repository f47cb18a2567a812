using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>The vector width a kernel driver may use (tests run every variant against a scalar reference).</summary>
internal enum SimdWidth
{
    /// <summary>Plain scalar loop.</summary>
    Scalar = 0,
    /// <summary>Vector128 (SSE / NEON), scalar below 4 elements.</summary>
    V128 = 1,
    /// <summary>Vector256 (AVX2), narrower below 8 elements.</summary>
    V256 = 2,
    /// <summary>Vector512 (AVX-512), narrower below 16 elements.</summary>
    V512 = 3,
}

/// <summary>An element-wise operator d = f(a) with scalar and vector forms (TensorPrimitives' operator-struct shape).</summary>
internal interface IUnaryOp
{
    float Invoke(float a);
    Vector128<float> Invoke(Vector128<float> a);
    Vector256<float> Invoke(Vector256<float> a);
    Vector512<float> Invoke(Vector512<float> a);
}

/// <summary>An element-wise operator d = f(a, b).</summary>
internal interface IBinaryOp
{
    float Invoke(float a, float b);
    Vector128<float> Invoke(Vector128<float> a, Vector128<float> b);
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
    Vector512<float> Invoke(Vector512<float> a, Vector512<float> b);
}

/// <summary>An element-wise operator d = f(a, b, c).</summary>
internal interface ITernaryOp
{
    float Invoke(float a, float b, float c);
    Vector128<float> Invoke(Vector128<float> a, Vector128<float> b, Vector128<float> c);
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b, Vector256<float> c);
    Vector512<float> Invoke(Vector512<float> a, Vector512<float> b, Vector512<float> c);
}

/// <summary>
/// The shared loops. Full vectors are processed in order; the tail is one overlapping last vector that is
/// computed from the inputs BEFORE the main loop stores anything, so a destination that is exactly the
/// same memory as an input (in-place use) still gives the right answer. Partial overlap is rejected by
/// the public entry points.
/// </summary>
internal static unsafe class SimdDriver
{
    /// <summary>The widest accelerated width on this machine.</summary>
    public static readonly SimdWidth Best =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 :
        Vector128.IsHardwareAccelerated ? SimdWidth.V128 : SimdWidth.Scalar;

    /// <summary>Elements from which a pass is split over the worker threads (by ranges; element-wise, so the same bits).</summary>
    private const int ParallelFloats = 128 * 1024;

    private struct MapJob<T>
    {
        public T Op;
        public float* A, B, C, D;
        public SimdWidth Width;
    }

    private static bool Split<T>(T op, float* a, float* b, float* c, float* d, int n, SimdWidth width, delegate*<void*, int, int, void> body)
    {
        if (n < ParallelFloats || WorkerPool.MaxThreads < 2) return false;
        var job = new MapJob<T> { Op = op, A = a, B = b, C = c, D = d, Width = width };
        return WorkerPool.TryRun(Unsafe.AsPointer(ref job), n, ParallelFloats / 2, 64, body, chunksPerThread: 2);
    }

    private static void UnaryRange<T>(void* context, int first, int count) where T : struct, IUnaryOp
    {
        ref MapJob<T> job = ref Unsafe.AsRef<MapJob<T>>(context);
        MapSerial(job.Op, new ReadOnlySpan<float>(job.A + first, count), new Span<float>(job.D + first, count), job.Width);
    }

    private static void BinaryRange<T>(void* context, int first, int count) where T : struct, IBinaryOp
    {
        ref MapJob<T> job = ref Unsafe.AsRef<MapJob<T>>(context);
        MapSerial(job.Op, new ReadOnlySpan<float>(job.A + first, count), new ReadOnlySpan<float>(job.B + first, count), new Span<float>(job.D + first, count), job.Width);
    }

    private static void TernaryRange<T>(void* context, int first, int count) where T : struct, ITernaryOp
    {
        ref MapJob<T> job = ref Unsafe.AsRef<MapJob<T>>(context);
        MapSerial(job.Op, new ReadOnlySpan<float>(job.A + first, count), new ReadOnlySpan<float>(job.B + first, count), new ReadOnlySpan<float>(job.C + first, count),
            new Span<float>(job.D + first, count), job.Width);
    }

    /// <summary>d = op(a), split over the worker threads when long.</summary>
    public static void Map<T>(T op, ReadOnlySpan<float> a, Span<float> d, SimdWidth width) where T : struct, IUnaryOp
    {
        fixed (float* pa = a)
        fixed (float* pd = d)
            if (Split(op, pa, null, null, pd, d.Length, width, &UnaryRange<T>)) return;
        MapSerial(op, a, d, width);
    }

    /// <summary>d = op(a, b), split over the worker threads when long.</summary>
    public static void Map<T>(T op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d, SimdWidth width) where T : struct, IBinaryOp
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pd = d)
            if (Split(op, pa, pb, null, pd, d.Length, width, &BinaryRange<T>)) return;
        MapSerial(op, a, b, d, width);
    }

    /// <summary>d = op(a, b, c), split over the worker threads when long.</summary>
    public static void Map<T>(T op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> d, SimdWidth width)
        where T : struct, ITernaryOp
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pd = d)
            if (Split(op, pa, pb, pc, pd, d.Length, width, &TernaryRange<T>)) return;
        MapSerial(op, a, b, c, d, width);
    }

    private static void MapSerial<T>(T op, ReadOnlySpan<float> a, Span<float> d, SimdWidth width) where T : struct, IUnaryOp
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length;
        if (width >= SimdWidth.V512 && n >= (nuint)Vector512<float>.Count)
        {
            nuint w = (nuint)Vector512<float>.Count, last = n - w;
            Vector512<float> end = op.Invoke(Vector512.LoadUnsafe(ref ar, last));
            for (nuint i = 0; i < last; i += w) op.Invoke(Vector512.LoadUnsafe(ref ar, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else if (width >= SimdWidth.V256 && n >= (nuint)Vector256<float>.Count)
        {
            nuint w = (nuint)Vector256<float>.Count, last = n - w;
            Vector256<float> end = op.Invoke(Vector256.LoadUnsafe(ref ar, last));
            for (nuint i = 0; i < last; i += w) op.Invoke(Vector256.LoadUnsafe(ref ar, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else if (width >= SimdWidth.V128 && n >= (nuint)Vector128<float>.Count)
        {
            nuint w = (nuint)Vector128<float>.Count, last = n - w;
            Vector128<float> end = op.Invoke(Vector128.LoadUnsafe(ref ar, last));
            for (nuint i = 0; i < last; i += w) op.Invoke(Vector128.LoadUnsafe(ref ar, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else
        {
            for (nuint i = 0; i < n; i++) Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref ar, i));
        }
    }

    private static void MapSerial<T>(T op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d, SimdWidth width) where T : struct, IBinaryOp
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length;
        if (width >= SimdWidth.V512 && n >= (nuint)Vector512<float>.Count)
        {
            nuint w = (nuint)Vector512<float>.Count, last = n - w;
            Vector512<float> end = op.Invoke(Vector512.LoadUnsafe(ref ar, last), Vector512.LoadUnsafe(ref br, last));
            for (nuint i = 0; i < last; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref ar, i), Vector512.LoadUnsafe(ref br, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else if (width >= SimdWidth.V256 && n >= (nuint)Vector256<float>.Count)
        {
            nuint w = (nuint)Vector256<float>.Count, last = n - w;
            Vector256<float> end = op.Invoke(Vector256.LoadUnsafe(ref ar, last), Vector256.LoadUnsafe(ref br, last));
            for (nuint i = 0; i < last; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else if (width >= SimdWidth.V128 && n >= (nuint)Vector128<float>.Count)
        {
            nuint w = (nuint)Vector128<float>.Count, last = n - w;
            Vector128<float> end = op.Invoke(Vector128.LoadUnsafe(ref ar, last), Vector128.LoadUnsafe(ref br, last));
            for (nuint i = 0; i < last; i += w)
                op.Invoke(Vector128.LoadUnsafe(ref ar, i), Vector128.LoadUnsafe(ref br, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else
        {
            for (nuint i = 0; i < n; i++) Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i));
        }
    }

    private static void MapSerial<T>(T op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> d, SimdWidth width)
        where T : struct, ITernaryOp
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)d.Length;
        if (width >= SimdWidth.V512 && n >= (nuint)Vector512<float>.Count)
        {
            nuint w = (nuint)Vector512<float>.Count, last = n - w;
            Vector512<float> end = op.Invoke(Vector512.LoadUnsafe(ref ar, last), Vector512.LoadUnsafe(ref br, last), Vector512.LoadUnsafe(ref cr, last));
            for (nuint i = 0; i < last; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref ar, i), Vector512.LoadUnsafe(ref br, i), Vector512.LoadUnsafe(ref cr, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else if (width >= SimdWidth.V256 && n >= (nuint)Vector256<float>.Count)
        {
            nuint w = (nuint)Vector256<float>.Count, last = n - w;
            Vector256<float> end = op.Invoke(Vector256.LoadUnsafe(ref ar, last), Vector256.LoadUnsafe(ref br, last), Vector256.LoadUnsafe(ref cr, last));
            for (nuint i = 0; i < last; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), Vector256.LoadUnsafe(ref cr, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else if (width >= SimdWidth.V128 && n >= (nuint)Vector128<float>.Count)
        {
            nuint w = (nuint)Vector128<float>.Count, last = n - w;
            Vector128<float> end = op.Invoke(Vector128.LoadUnsafe(ref ar, last), Vector128.LoadUnsafe(ref br, last), Vector128.LoadUnsafe(ref cr, last));
            for (nuint i = 0; i < last; i += w)
                op.Invoke(Vector128.LoadUnsafe(ref ar, i), Vector128.LoadUnsafe(ref br, i), Vector128.LoadUnsafe(ref cr, i)).StoreUnsafe(ref dr, i);
            end.StoreUnsafe(ref dr, last);
        }
        else
        {
            for (nuint i = 0; i < n; i++)
                Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), Unsafe.Add(ref cr, i));
        }
    }
}
