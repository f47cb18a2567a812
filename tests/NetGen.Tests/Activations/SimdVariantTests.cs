using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Activations;

/// <summary>
/// Every vector width of every SIMD kernel (Scalar, Vector128, Vector256, Vector512; the wider ones fall back to
/// narrower vectors below their width) against a plain double-precision reference written here, on odd sizes
/// (1..67, primes, vector widths ±1, above the 512-element scratch chunk). Selects (ReLU, leaky ReLU) must be
/// bit-exact; transcendental kernels pass at |got − ref| ≤ 1e-6·max(|ref| + S, 1e-25) (≈16 float ulp of the
/// terms S combined; see <see cref="ErrorModel"/>).
/// </summary>
public sealed class SimdVariantTests
{
    private const double Rtol = 1e-6;

    public static readonly int[] Sizes = Enumerable.Range(1, 67)
        .Concat(new[] { 97, 101, 127, 128, 129, 255, 256, 257, 509, 511, 512, 513, 1021, 1031 }).ToArray();

    public static IEnumerable<object[]> Widths() =>
        new[] { SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 }.Select(w => new object[] { (int)w, w.ToString() });

    private static float[] Inputs(int n, int seed)
    {
        var r = new Random(seed);
        float[] specials = [0f, -0f, 1e-7f, -1e-7f, -1e-30f, 100f, -100f, -90f, -87.5f, 20f, -20f, 3f, -3f, 1e-3f, -1e-3f];
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = r.Next(4) == 0 ? specials[r.Next(specials.Length)] : (float)(r.NextDouble() * 16 - 8);
        return x;
    }

    private static float[] Gradients(int n, int seed)
    {
        var r = new Random(seed + 1);
        return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 4 - 2)).ToArray();
    }

    private static void AssertClose(ReadOnlySpan<float> got, double[] reference, double[] scale, string what)
    {
        for (int i = 0; i < got.Length; i++)
        {
            double e = ErrorModel.Normalised(got[i], reference[i], scale[i]);
            Assert.True(e <= Rtol, $"{what} n={got.Length} i={i}: got {got[i]:R}, reference {reference[i]:R}, err {e:E2}");
        }
    }

    private static double Sig(double v) => 1 / (1 + Math.Exp(-v));

    private static double ExpM1(double v) => Math.Abs(v) < 1e-5 ? v + v * v / 2 + v * v * v / 6 : Math.Exp(v) - 1;

    private delegate void Un(ReadOnlySpan<float> x, Span<float> y, SimdWidth w);
    private delegate void Bin(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, SimdWidth w);

    private static void CheckForward(SimdWidth w, string name, Un kernel, Func<double, double> f, Func<double, double>? scale = null)
    {
        foreach (int n in Sizes)
        {
            float[] x = Inputs(n, n), y = new float[n];
            kernel(x, y, w);
            AssertClose(y, x.Select(v => f(v)).ToArray(), x.Select(v => scale?.Invoke(v) ?? 0).ToArray(), $"{name} {w}");
        }
    }

    /// <summary>Element-wise backward; y is the float32-rounded reference forward value.</summary>
    private static void CheckBackward(SimdWidth w, string name, Bin kernel, Func<double, double> f, Func<double, double> df, Func<double, double>? scale = null)
    {
        foreach (int n in Sizes)
        {
            float[] x = Inputs(n, n), dy = Gradients(n, n), dx = new float[n];
            float[] y = x.Select(v => (float)f(v)).ToArray();
            kernel(x, y, dy, dx, w);
            double[] reference = new double[n], s = new double[n];
            for (int i = 0; i < n; i++)
            {
                reference[i] = dy[i] * df(x[i]);
                s[i] = Math.Abs(dy[i]) * (scale?.Invoke(x[i]) ?? 0);
            }
            AssertClose(dx, reference, s, $"{name} {w}");
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void Relu_and_leaky_relu_are_bit_exact(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        foreach (int n in Sizes)
        {
            float[] x = Inputs(n, n), dy = Gradients(n, n), y = new float[n], dx = new float[n];
            ActivationKernels.Relu(x, y, w);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? x[i] : 0f, y[i]);
            ActivationKernels.ReluBackward(x, y, dy, dx, w);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? dy[i] : 0f, dx[i]);
            ActivationKernels.LeakyRelu(x, y, 0.2f, w);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? x[i] : x[i] * 0.2f, y[i]);
            ActivationKernels.LeakyReluBackward(x, y, dy, dx, 0.2f, w);
            for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? dy[i] : dy[i] * 0.2f, dx[i]);
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void Relu_propagates_nan(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        float[] x = Enumerable.Repeat(float.NaN, 37).ToArray(), y = new float[37];
        ActivationKernels.Relu(x, y, w);
        Assert.All(y, v => Assert.True(float.IsNaN(v)));
    }

    /// <summary>
    /// Tanh is exactly ±1 (as tanh in double rounded to float) from |x| = 10 up to infinity (the kernel bounds |x| at 9), keeps the sign
    /// of ±0 and propagates NaN, on every width (inputs spread so that each lands in vector lanes and in the tail).
    /// </summary>
    [Theory, MemberData(nameof(Widths))]
    public void Tanh_saturates_keeps_zero_sign_and_propagates_nan(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        float[] special = { 10f, 12.5f, 20f, 43.6f, 50f, 1e30f, float.PositiveInfinity, 0f, float.NaN };
        float[] x = Enumerable.Range(0, 37).Select(i => (i % 2 == 0 ? 1 : -1) * special[i % special.Length]).ToArray();
        var y = new float[x.Length];
        ActivationKernels.Tanh(x, y, w);
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            if (float.IsNaN(v)) Assert.True(float.IsNaN(y[i]), $"tanh(NaN) = {y[i]}");
            else if (v == 0) Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(y[i]));
            else Assert.True((float)Math.Tanh(v) == y[i], $"tanh({v:R}) = {y[i]:R}, expected {(float)Math.Tanh(v):R}");
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void Elu_and_selu_match_reference(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        const double A = 1.6732632423543772848170429916717, S = 1.0507009873554804934193349852946;
        CheckForward(w, "Elu", (x, y, v) => ActivationKernels.Elu(x, y, 0.5f, v), v => v > 0 ? v : 0.5 * ExpM1(v));
        CheckForward(w, "Selu", ActivationKernels.Selu, v => v > 0 ? S * v : S * A * ExpM1(v));
        CheckBackward(w, "EluBackward", (x, y, dy, dx, v) => ActivationKernels.EluBackward(x, y, dy, dx, 0.5f, v),
            v => v > 0 ? v : 0.5 * ExpM1(v), v => v > 0 ? 1 : 0.5 * Math.Exp(v));
        CheckBackward(w, "SeluBackward", ActivationKernels.SeluBackward,
            v => v > 0 ? S * v : S * A * ExpM1(v), v => v > 0 ? S : S * A * Math.Exp(v));
    }

    [Theory, MemberData(nameof(Widths))]
    public void Tanh_and_sigmoid_match_reference(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        CheckForward(w, "Tanh", ActivationKernels.Tanh, Math.Tanh);
        CheckBackward(w, "TanhBackward", ActivationKernels.TanhBackward, Math.Tanh, v => 1 - Math.Tanh(v) * Math.Tanh(v), v => Math.Tanh(v) * Math.Tanh(v));
        CheckBackward(w, "SigmoidBackward", ActivationKernels.SigmoidBackward, Sig, v => Sig(v) * (1 - Sig(v)), Sig);
    }

    /// <summary>
    /// The SIMD tanh (sign(a)·(−t)/(2 + t) with t = expm1(−2|a|)) against tanh in double rounded to float, on a dense
    /// sweep of [−10, 10] (every 2⁻¹⁶), on tiny magnitudes down to 1e-30 and on every float around the bound |a| ≤ 9:
    /// at most 3 float ulp everywhere.
    /// </summary>
    [Theory, MemberData(nameof(Widths))]
    public void Tanh_is_within_3_ulp_on_a_dense_sweep(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        var xs = new System.Collections.Generic.List<float>();
        for (int i = -10 * 65536; i <= 10 * 65536; i++) xs.Add(i / 65536f);
        for (double v = 1e-30; v < 1e-2; v *= 1.01) { xs.Add((float)v); xs.Add((float)-v); }
        for (float v = 8.99f; v < 9.01f; v = MathF.BitIncrement(v)) { xs.Add(v); xs.Add(-v); }
        float[] x = xs.ToArray(), y = new float[x.Length];
        ActivationKernels.Tanh(x, y, w);
        long worst = 0;
        float worstAt = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)Math.Tanh(x[i]);
            long ulps = Math.Abs(OrderedBits(y[i]) - OrderedBits(expected));
            if (ulps > worst) { worst = ulps; worstAt = x[i]; }
        }
        Assert.True(worst <= 3, $"{w}: {worst} ulp at x = {worstAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>Floats mapped onto one integer line in value order (−0 and +0 both at 0), so ulp distance is a difference.</summary>
    private static long OrderedBits(float v)
    {
        int bits = BitConverter.SingleToInt32Bits(v);
        return bits >= 0 ? bits : -(long)(bits & int.MaxValue);
    }

    [Theory, MemberData(nameof(Widths))]
    public void Silu_and_softplus_backward_match_reference(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        CheckForward(w, "Silu", ActivationKernels.Silu, v => v * Sig(v));
        CheckBackward(w, "SiluBackward", ActivationKernels.SiluBackward, v => v * Sig(v),
            v => Sig(v) * (1 + v * (1 - Sig(v))), v => Sig(v) * (1 + Math.Abs(v) * (1 - Sig(v))));
        CheckBackward(w, "SoftplusBackward", (x, y, dy, dx, v) => ActivationKernels.SoftplusBackward(x, y, dy, dx, 2f, 10f, v),
            v => 0, v => 2 * v > 10 ? 1 : Sig(2 * v));
    }

    [Theory, MemberData(nameof(Widths))]
    public void Softmax_and_log_softmax_match_reference(int width, string name)
    {
        _ = name;
        var w = (SimdWidth)width;
        foreach (int features in new[] { 1, 3, 5, 8, 16, 17, 33, 600 })
            foreach (int rows in new[] { 1, 3 })
            {
                int n = rows * features;
                float[] x = Inputs(n, n + features), dy = Gradients(n, n), y = new float[n], dx = new float[n];
                double[] sm = new double[n], lsm = new double[n], dsm = new double[n], dlsm = new double[n];
                double[] xs = x.Select(v => (double)v).ToArray(), dys = dy.Select(v => (double)v).ToArray();
                double[] smScale = new double[n], lsmScale = new double[n], smGradScale = new double[n], lsmGradScale = new double[n];
                for (int r = 0; r < rows; r++)
                {
                    int o = r * features;
                    double max = xs.Skip(o).Take(features).Max();
                    double sum = xs.Skip(o).Take(features).Sum(v => Math.Exp(v - max));
                    for (int j = o; j < o + features; j++) { sm[j] = Math.Exp(xs[j] - max) / sum; lsm[j] = xs[j] - max - Math.Log(sum); }
                    double dot = 0, dsum = 0;
                    for (int j = o; j < o + features; j++) { dot += dys[j] * sm[j]; dsum += dys[j]; }
                    for (int j = o; j < o + features; j++) { dsm[j] = sm[j] * (dys[j] - dot); dlsm[j] = dys[j] - Math.Exp(lsm[j]) * dsum; }
                }
                for (int j = 0; j < n; j++)
                {
                    smScale[j] = ErrorModel.ForwardScale("Softmax", xs, sm, features, j);
                    lsmScale[j] = ErrorModel.ForwardScale("LogSoftmax", xs, lsm, features, j);
                    smGradScale[j] = ErrorModel.BackwardScale("Softmax", xs, sm, dys, features, j);
                    lsmGradScale[j] = ErrorModel.BackwardScale("LogSoftmax", xs, lsm, dys, features, j);
                }
                string what = $"{w} features={features} rows={rows}";
                ActivationKernels.Softmax(x, y, features, w);
                AssertClose(y, sm, smScale, "Softmax " + what);
                float[] yf = sm.Select(v => (float)v).ToArray();
                ActivationKernels.SoftmaxBackward(x, yf, dy, dx, features, w);
                AssertClose(dx, dsm, smGradScale, "SoftmaxBackward " + what);
                ActivationKernels.LogSoftmax(x, y, features, w);
                AssertClose(y, lsm, lsmScale, "LogSoftmax " + what);
                yf = lsm.Select(v => (float)v).ToArray();
                ActivationKernels.LogSoftmaxBackward(x, yf, dy, dx, features, w);
                AssertClose(dx, dlsm, lsmGradScale, "LogSoftmaxBackward " + what);
            }
    }

    [Fact]
    public void In_place_use_gives_the_same_result_as_separate_buffers()
    {
        foreach (int n in new[] { 1, 5, 17, 33, 67, 1031 })
            foreach (Act act in Act.All())
            {
                if (act.IsRowWise && n % act.Features != 0) continue;
                float[] x = Inputs(n, n), dy = Gradients(n, n), y = new float[n], dx = new float[n];
                act.Fwd(x, y);
                float[] inPlace = (float[])x.Clone();
                act.Fwd(inPlace, inPlace);
                Assert.Equal(y, inPlace);
                act.Bwd(x, y, dy, dx);
                float[] g = (float[])dy.Clone();
                act.Bwd(x, y, g, g);
                Assert.Equal(dx, g);
            }
    }
}
