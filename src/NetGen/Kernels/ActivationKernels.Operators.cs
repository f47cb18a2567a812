using System.Runtime.CompilerServices;
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

// Operator structs of the activation kernels: each has a scalar form (used for short spans; computed in double
// where a transcendental is involved) and Vector128/256/512 forms driven by SimdDriver.

/// <summary>ReLU: a ≤ 0 ? 0 : a (NaN propagates, as PyTorch).</summary>
internal readonly struct ReluOp : IUnaryOp
{
    public float Invoke(float a) => a <= 0f ? 0f : a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> a) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(a, Vector128<float>.Zero), Vector128<float>.Zero, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a, Vector256<float>.Zero), Vector256<float>.Zero, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> a) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a, Vector512<float>.Zero), Vector512<float>.Zero, a);
}

/// <summary>ReLU backward (x, dy): x &gt; 0 ? dy : 0.</summary>
internal readonly struct ReluBackwardOp : IBinaryOp
{
    public float Invoke(float x, float dy) => x > 0f ? dy : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), dy, Vector128<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dy, Vector256<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dy, Vector512<float>.Zero);
}

/// <summary>Leaky ReLU: a &gt; 0 ? a : a·slope.</summary>
internal readonly struct LeakyReluOp(float slope) : IUnaryOp
{
    private readonly float _slope = slope;
    public float Invoke(float a) => a > 0f ? a : a * _slope;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> a) => Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128<float>.Zero), a, a * _slope);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a) => Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<float>.Zero), a, a * _slope);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> a) => Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), a, a * _slope);
}

/// <summary>Leaky ReLU backward (x, dy): x &gt; 0 ? dy : dy·slope (PyTorch's leaky_relu_backward).</summary>
internal readonly struct LeakyReluBackwardOp(float slope) : IBinaryOp
{
    private readonly float _slope = slope;
    public float Invoke(float x, float dy) => x > 0f ? dy : dy * _slope;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), dy, dy * _slope);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dy, dy * _slope);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dy, dy * _slope);
}

/// <summary>ELU / SELU: a &gt; 0 ? scale·a : scale·alpha·expm1(a).</summary>
internal readonly struct EluOp(float alpha, float scale) : IUnaryOp
{
    private readonly float _scale = scale;
    private readonly float _alphaScale = alpha * scale;
    private readonly double _alphaScaleD = (double)alpha * scale;
    public float Invoke(float a) => a > 0f ? _scale * a : (float)(_alphaScaleD * ActivationKernels.ExpM1(a));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> a) => Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128<float>.Zero), a * _scale, VectorMath.ExpM1NonPositive(a) * _alphaScale);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a) => Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<float>.Zero), a * _scale, VectorMath.ExpM1NonPositive(a) * _alphaScale);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> a) => Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), a * _scale, VectorMath.ExpM1NonPositive(a) * _alphaScale);
}

/// <summary>
/// ELU / SELU backward (x, dy): x &gt; 0 ? dy·scale : dy·scale·alpha·exp(x) (PyTorch: the negative branch for x ≤ 0).
/// Uses exp(x) rather than y + scale·alpha, which cancels to garbage for very negative x.
/// </summary>
internal readonly struct EluBackwardOp(float alpha, float scale) : IBinaryOp
{
    private readonly float _scale = scale;
    private readonly float _alphaScale = alpha * scale;
    private readonly double _alphaScaleD = (double)alpha * scale;
    public float Invoke(float x, float dy) => x > 0f ? dy * _scale : (float)(dy * (_alphaScaleD * Math.Exp(x)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), dy * _scale, dy * (VectorMath.ExpNonPositive(x) * _alphaScale));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dy * _scale, dy * (VectorMath.ExpNonPositive(x) * _alphaScale));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dy * _scale, dy * (VectorMath.ExpNonPositive(x) * _alphaScale));
}

/// <summary>Sigmoid backward (y, dy): dy·(1 − y)·y.</summary>
internal readonly struct SigmoidBackwardOp : IBinaryOp
{
    public float Invoke(float y, float dy) => dy * ((1f - y) * y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => dy * ((Vector128<float>.One - y) * y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => dy * ((Vector256<float>.One - y) * y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => dy * ((Vector512<float>.One - y) * y);
}

/// <summary>Tanh backward (y, dy): dy·(1 − y²).</summary>
internal readonly struct TanhBackwardOp : IBinaryOp
{
    public float Invoke(float y, float dy) => dy * (1f - y * y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => dy * (Vector128<float>.One - y * y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => dy * (Vector256<float>.One - y * y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => dy * (Vector512<float>.One - y * y);
}

/// <summary>SiLU forward second half (x, s = σ(x)): x·s.</summary>
internal readonly struct MultiplyOp : IBinaryOp
{
    public float Invoke(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => a * b;
}

/// <summary>SiLU backward (x, s = σ(x), dy): dy·s·(1 + x·(1 − s)).</summary>
internal readonly struct SiluBackwardOp : ITernaryOp
{
    public float Invoke(float x, float s, float dy) => dy * (s * (1f + x * (1f - s)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> s, Vector128<float> dy) => dy * (s * (Vector128<float>.One + x * (Vector128<float>.One - s)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> s, Vector256<float> dy) => dy * (s * (Vector256<float>.One + x * (Vector256<float>.One - s)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> s, Vector512<float> dy) => dy * (s * (Vector512<float>.One + x * (Vector512<float>.One - s)));
}

/// <summary>Softplus backward (x, s = σ(beta·x), dy): beta·x &gt; threshold ? dy : dy·s.</summary>
internal readonly struct SoftplusBackwardOp(float beta, float threshold) : ITernaryOp
{
    private readonly float _beta = beta, _threshold = threshold;
    public float Invoke(float x, float s, float dy) => x * _beta > _threshold ? dy : dy * s;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> s, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(x * _beta, Vector128.Create(_threshold)), dy, dy * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> s, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(x * _beta, Vector256.Create(_threshold)), dy, dy * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> s, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(x * _beta, Vector512.Create(_threshold)), dy, dy * s);
}

/// <summary>Softmax backward of one row (y, dy) with s = Σ dy·y: y·(dy − s).</summary>
internal readonly struct SoftmaxBackwardOp(float s) : IBinaryOp
{
    private readonly float _s = s;
    public float Invoke(float y, float dy) => y * (dy - _s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => y * (dy - Vector128.Create(_s));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => y * (dy - Vector256.Create(_s));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => y * (dy - Vector512.Create(_s));
}

/// <summary>Log-softmax backward of one row (y ≤ 0, dy) with s = Σ dy: dy − exp(y)·s.</summary>
internal readonly struct LogSoftmaxBackwardOp(float s) : IBinaryOp
{
    private readonly float _s = s;
    private readonly double _sD = s;
    public float Invoke(float y, float dy) => (float)(dy - Math.Exp(y) * _sD);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => dy - VectorMath.ExpNonPositive(y) * _s;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => dy - VectorMath.ExpNonPositive(y) * _s;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => dy - VectorMath.ExpNonPositive(y) * _s;
}

/// <summary>
/// tanh(a) = sign(a)·(−t)/(2 + t) with t = expm1(−2|a|) ∈ (−1, 0]: no cancellation anywhere, so tiny inputs keep
/// full relative accuracy (TensorPrimitives.Tanh 10.0.0 returns ±6e-8 for inputs near 0, hence this operator).
/// </summary>
internal readonly struct TanhOp : IUnaryOp
{
    public float Invoke(float a) => (float)Math.Tanh(a);

    /// <summary>From this |a| on, the vector formula gives exactly ±1.</summary>
    private const float TanhSaturation = 9f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> a)
    {
        // |a| above 9 gives exactly ±1 either way (expm1(−18) rounds to −1); bounding it here leaves expm1 nothing
        // to clamp. NaN: the comparison is false and NaN goes through.
        Vector128<float> sign = Vector128.Create(-0f);
        Vector128<float> m = Vector128.AndNot(a, sign); // |a|, sharing the sign-mask constant
        m = Sse.IsSupported
            ? Sse.Min(Vector128.Create(TanhSaturation), m) // minps returns its second operand when either is NaN
            : Vector128.ConditionalSelect(Vector128.GreaterThan(m, Vector128.Create(TanhSaturation)), Vector128.Create(TanhSaturation), m);
        Vector128<float> t = VectorMath.ExpM1InRange(m * Vector128.Create(-2f));
        // −t/(2 + t) ≥ 0 but is −0 for t = 0: take its magnitude, then a's sign (tanh(±0) = ±0).
        Vector128<float> r = Vector128.AndNot((t ^ sign) / (Vector128.Create(2f) + t), sign);
        return r | (a & sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a)
    {
        // |a| above 9 gives exactly ±1 either way (expm1(−18) rounds to −1); bounding it here leaves expm1 nothing
        // to clamp. NaN: the comparison is false and NaN goes through.
        Vector256<float> sign = Vector256.Create(-0f);
        Vector256<float> m = Vector256.AndNot(a, sign); // |a|, sharing the sign-mask constant
        m = Avx.IsSupported
            ? Avx.Min(Vector256.Create(TanhSaturation), m) // minps returns its second operand when either is NaN
            : Vector256.ConditionalSelect(Vector256.GreaterThan(m, Vector256.Create(TanhSaturation)), Vector256.Create(TanhSaturation), m);
        Vector256<float> t = VectorMath.ExpM1InRange(m * Vector256.Create(-2f));
        // −t/(2 + t) ≥ 0 but is −0 for t = 0: take its magnitude, then a's sign (tanh(±0) = ±0).
        Vector256<float> r = Vector256.AndNot((t ^ sign) / (Vector256.Create(2f) + t), sign);
        return r | (a & sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> a)
    {
        // |a| above 9 gives exactly ±1 either way (expm1(−18) rounds to −1); bounding it here leaves expm1 nothing
        // to clamp. NaN: the comparison is false and NaN goes through.
        Vector512<float> sign = Vector512.Create(-0f);
        Vector512<float> m = Vector512.AndNot(a, sign); // |a|, sharing the sign-mask constant
        m = Avx512F.IsSupported
            ? Avx512F.Min(Vector512.Create(TanhSaturation), m) // minps returns its second operand when either is NaN
            : Vector512.ConditionalSelect(Vector512.GreaterThan(m, Vector512.Create(TanhSaturation)), Vector512.Create(TanhSaturation), m);
        Vector512<float> t = VectorMath.ExpM1InRange(m * Vector512.Create(-2f));
        // −t/(2 + t) ≥ 0 but is −0 for t = 0: take its magnitude, then a's sign (tanh(±0) = ±0).
        Vector512<float> r = Vector512.AndNot((t ^ sign) / (Vector512.Create(2f) + t), sign);
        return r | (a & sign);
    }
}

/// <summary>e^a for a ≤ 0 (softmax rows after subtracting the max); exp(0) is exactly 1.</summary>
internal readonly struct ExpNonPositiveOp : IUnaryOp
{
    public float Invoke(float a) => (float)Math.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> a) => VectorMath.ExpNonPositive(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> a) => VectorMath.ExpNonPositive(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> a) => VectorMath.ExpNonPositive(a);
}
