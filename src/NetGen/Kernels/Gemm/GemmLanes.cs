using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// One SIMD register of floats, as a type parameter: lets the unpacked kernels of <see cref="GemmSmall"/> be
/// written once and compiled per instruction set (the JIT specialises each struct instantiation and keeps the
/// single-field wrappers in registers). Same variants as <see cref="GemmVariant"/>.
/// </summary>
internal unsafe interface IGemmLane<TV> where TV : struct, IGemmLane<TV>
{
    /// <summary>Floats per register.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TV Zero { get; }

    /// <summary>Loads <see cref="Count"/> floats (unaligned).</summary>
    static abstract TV Load(float* p);

    /// <summary>Every lane = <paramref name="x"/>.</summary>
    static abstract TV Splat(float x);

    /// <summary>a·b + c per lane (fused when the hardware has FMA).</summary>
    static abstract TV MulAdd(TV a, TV b, TV c);

    /// <summary>a + b per lane.</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>ReLU per lane as <c>ActivationKernels.Relu</c>: 0 where a ≤ 0, else a (NaN stays NaN).</summary>
    static abstract TV Relu(TV a);

    /// <summary>ReLU's backward per lane as <c>ActivationKernels.ReluBackward</c>: a where mask &gt; 0, else 0.</summary>
    static abstract TV KeepWherePositive(TV a, TV mask);

    /// <summary>Stores <see cref="Count"/> floats (unaligned).</summary>
    static abstract void Store(TV v, float* p);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TV v);

    /// <summary>
    /// (Σa, Σb, Σc, Σd): four horizontal sums at once. Each lane group is summed pairwise, as
    /// ((v0 + v1) + (v2 + v3)) + ((v4 + v5) + (v6 + v7)) for eight lanes (a 512-bit register folds its halves first).
    /// </summary>
    static abstract Vector128<float> Sum4(TV a, TV b, TV c, TV d);

    /// <summary>(Σa, …, Σh): eight horizontal sums, each in exactly the order of <see cref="Sum4"/>.</summary>
    static abstract Vector256<float> Sum8(TV a, TV b, TV c, TV d, TV e, TV f, TV g, TV h);
}

/// <summary>The shared last step of <see cref="IGemmLane{TV}.Sum4"/>.</summary>
internal static class GemmLaneSums
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse3.IsSupported)
            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }
}

/// <summary>AVX-512: 16 floats.</summary>
internal readonly unsafe struct GemmLane512 : IGemmLane<GemmLane512>
{
    private readonly Vector512<float> _v;
    private GemmLane512(Vector512<float> v) => _v = v;
    public static int Count => 16;
    public static GemmLane512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane512 Load(float* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane512 Splat(float x) => new(Vector512.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane512 MulAdd(GemmLane512 a, GemmLane512 b, GemmLane512 c) => new(GemmFma.Fma512(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane512 Add(GemmLane512 a, GemmLane512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane512 KeepWherePositive(GemmLane512 a, GemmLane512 mask) => new(default(ReluBackwardOp).Invoke(mask._v, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane512 Relu(GemmLane512 a) => new(Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a._v, Vector512<float>.Zero), Vector512<float>.Zero, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(GemmLane512 v, float* p) => v._v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(GemmLane512 v) => Vector512.Sum(v._v);

    // Each row's sum, in every group size (and in GemmGemv's sixteen-row reduction): within each 128-bit block
    // B_q = (l0 + l1) + (l2 + l3) of its lanes 4q..4q+3, then (B0 + B1) + (B2 + B3). The in-block steps are in-lane
    // shuffles (vshufps), which Zen 5 runs at twice the rate of the cross-block ones (vshuff32x4), and they come
    // first, while there are the most registers to reduce.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(GemmLane512 a, GemmLane512 b, GemmLane512 c, GemmLane512 d)
    {
        Vector512<float> v = Blocks4(a._v, b._v, c._v, d._v);
        Vector512<float> s = v + Avx512F.Shuffle4x128(v, v, 0xB1); // blocks [B0 + B1, ·, B2 + B3, ·]
        return (s + Avx512F.Shuffle4x128(s, s, 0x4E)).GetLower().GetLower();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum8(GemmLane512 a, GemmLane512 b, GemmLane512 c, GemmLane512 d, GemmLane512 e, GemmLane512 f, GemmLane512 g, GemmLane512 h)
    {
        Vector512<float> w = Halves(Blocks4(a._v, b._v, c._v, d._v), Blocks4(e._v, f._v, g._v, h._v));
        return Halves(w, w).GetLower();
    }

    /// <summary>Block q: [B_q(a), B_q(b), B_q(c), B_q(d)], each B_q the in-block sum (l0 + l1) + (l2 + l3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Blocks4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        PairAdd(PairAdd(a, b), PairAdd(c, d));

    /// <summary>[x.q0 + x.q1, x.q2 + x.q3, y.q0 + y.q1, y.q2 + y.q3] (q: 128-bit blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Halves(Vector512<float> x, Vector512<float> y) =>
        Avx512F.Shuffle4x128(x, y, 0x88) + Avx512F.Shuffle4x128(x, y, 0xDD);

    /// <summary>Per 128-bit block: [a0 + a1, a2 + a3, b0 + b1, b2 + b3] (vhaddps on 512 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairAdd(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle(a, b, 0x88) + Avx512F.Shuffle(a, b, 0xDD);
}

/// <summary>AVX2 + FMA: 8 floats.</summary>
internal readonly unsafe struct GemmLane256 : IGemmLane<GemmLane256>
{
    private readonly Vector256<float> _v;
    private GemmLane256(Vector256<float> v) => _v = v;
    public static int Count => 8;
    public static GemmLane256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane256 Load(float* p) => new(Vector256.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane256 Splat(float x) => new(Vector256.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane256 MulAdd(GemmLane256 a, GemmLane256 b, GemmLane256 c) => new(GemmFma.Fma256(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane256 Add(GemmLane256 a, GemmLane256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane256 KeepWherePositive(GemmLane256 a, GemmLane256 mask) => new(default(ReluBackwardOp).Invoke(mask._v, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane256 Relu(GemmLane256 a) => new(Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a._v, Vector256<float>.Zero), Vector256<float>.Zero, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(GemmLane256 v, float* p) => v._v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(GemmLane256 v) => Vector256.Sum(v._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(GemmLane256 a, GemmLane256 b, GemmLane256 c, GemmLane256 d) => Sum4(a._v, b._v, c._v, d._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum8(GemmLane256 a, GemmLane256 b, GemmLane256 c, GemmLane256 d, GemmLane256 e, GemmLane256 f, GemmLane256 g, GemmLane256 h) =>
        Sum8(a._v, b._v, c._v, d._v, e._v, f._v, g._v, h._v);

    // vhaddps works within each 128-bit half: hadd(hadd(a, b), hadd(c, d)) holds ((a0+a1)+(a2+a3), …, (d0+d1)+(d2+d3)) in
    // its low half and the same for lanes 4-7 in its high half; adding the halves finishes four sums.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (!Avx.IsSupported) return Vector128.Create(Tree(a), Tree(b), Tree(c), Tree(d));
        Vector256<float> q = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
        return q.GetLower() + q.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sum8(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d,
        Vector256<float> e, Vector256<float> f, Vector256<float> g, Vector256<float> h)
    {
        if (!Avx.IsSupported) return Vector256.Create(Sum4(a, b, c, d), Sum4(e, f, g, h));
        Vector256<float> q0 = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
        Vector256<float> q1 = Avx.HorizontalAdd(Avx.HorizontalAdd(e, f), Avx.HorizontalAdd(g, h));
        // (low halves of q0, q1) + (high halves of q0, q1): the eight sums in order.
        return Avx.Permute2x128(q0, q1, 0x20) + Avx.Permute2x128(q0, q1, 0x31);
    }

    private static float Tree(Vector256<float> v) =>
        ((v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3))) + ((v.GetElement(4) + v.GetElement(5)) + (v.GetElement(6) + v.GetElement(7)));
}

/// <summary>SSE / NEON: 4 floats.</summary>
internal readonly unsafe struct GemmLane128 : IGemmLane<GemmLane128>
{
    private readonly Vector128<float> _v;
    private GemmLane128(Vector128<float> v) => _v = v;
    public static int Count => 4;
    public static GemmLane128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane128 Load(float* p) => new(Vector128.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane128 Splat(float x) => new(Vector128.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane128 MulAdd(GemmLane128 a, GemmLane128 b, GemmLane128 c) => new(GemmFma.Fma128(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane128 Add(GemmLane128 a, GemmLane128 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane128 KeepWherePositive(GemmLane128 a, GemmLane128 mask) => new(default(ReluBackwardOp).Invoke(mask._v, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLane128 Relu(GemmLane128 a) => new(Vector128.ConditionalSelect(Vector128.LessThanOrEqual(a._v, Vector128<float>.Zero), Vector128<float>.Zero, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(GemmLane128 v, float* p) => v._v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(GemmLane128 v) => Vector128.Sum(v._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(GemmLane128 a, GemmLane128 b, GemmLane128 c, GemmLane128 d) => GemmLaneSums.Sum4(a._v, b._v, c._v, d._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum8(GemmLane128 a, GemmLane128 b, GemmLane128 c, GemmLane128 d, GemmLane128 e, GemmLane128 f, GemmLane128 g, GemmLane128 h) =>
        Vector256.Create(GemmLaneSums.Sum4(a._v, b._v, c._v, d._v), GemmLaneSums.Sum4(e._v, f._v, g._v, h._v));
}

/// <summary>Plain floats: one lane (the reference the vector lanes are tested against, and the no-SIMD fallback).</summary>
internal readonly unsafe struct GemmLaneScalar : IGemmLane<GemmLaneScalar>
{
    private readonly float _v;
    private GemmLaneScalar(float v) => _v = v;
    public static int Count => 1;
    public static GemmLaneScalar Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLaneScalar Load(float* p) => new(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLaneScalar Splat(float x) => new(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLaneScalar MulAdd(GemmLaneScalar a, GemmLaneScalar b, GemmLaneScalar c) => new(a._v * b._v + c._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLaneScalar Add(GemmLaneScalar a, GemmLaneScalar b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLaneScalar KeepWherePositive(GemmLaneScalar a, GemmLaneScalar mask) => new(default(ReluBackwardOp).Invoke(mask._v, a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static GemmLaneScalar Relu(GemmLaneScalar a) => new(a._v <= 0f ? 0f : a._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(GemmLaneScalar v, float* p) => *p = v._v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(GemmLaneScalar v) => v._v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(GemmLaneScalar a, GemmLaneScalar b, GemmLaneScalar c, GemmLaneScalar d) => Vector128.Create(a._v, b._v, c._v, d._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum8(GemmLaneScalar a, GemmLaneScalar b, GemmLaneScalar c, GemmLaneScalar d, GemmLaneScalar e, GemmLaneScalar f, GemmLaneScalar g, GemmLaneScalar h) =>
        Vector256.Create(a._v, b._v, c._v, d._v, e._v, f._v, g._v, h._v);
}
