using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Activations;

/// <summary>
/// Backward kernels against central finite differences of the float32 forward kernels. L(x) = Σ w·f(x) in double;
/// dL/dx_j by the 5-point stencil (−L(+2h) + 8L(+h) − 8L(−h) + L(−2h)) / 12h with h = 2⁻⁷ and inputs on a 2⁻¹⁰ grid
/// in [−4, 4], so every perturbed input is exact in float32. Error budget: rounding of the float32 outputs,
/// 8 ulp each (8·2⁻²⁴) times (1+8+8+1)/12h times Σ|w_i|·max|f_i| over the outputs x_j influences, plus 1e-4·|g|
/// for the truncation term h⁴/30·|f⁽⁵⁾| (≈1e-10·|f⁽⁵⁾|). Inputs within 4h of a kink (x = 0 for ReLU, leaky ReLU,
/// ELU, SELU) are skipped.
/// </summary>
public sealed class GradientCheckTests
{
    private const float H = 1f / 128;

    public static IEnumerable<object[]> Activations() => Act.All().Select((a, i) => new object[] { i, a.Name });

    [Theory, MemberData(nameof(Activations))]
    public void Backward_matches_finite_differences(int index, string name)
    {
        Act act = Act.All()[index];
        int n = act.IsRowWise ? 3 * act.Features : 41;
        var r = new Random(index + 7);
        float[] x = Enumerable.Range(0, n).Select(_ => r.Next(-4096, 4097) / 1024f).ToArray();
        float[] w = Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
        float[] y = new float[n], dx = new float[n], yp = new float[n];
        act.Fwd(x, y);
        act.Bwd(x, y, w, dx);
        bool kinked = name.StartsWith("Relu") || name.StartsWith("LeakyRelu") || name.StartsWith("Elu") || name.StartsWith("Selu");
        int checkedCount = 0;
        for (int j = 0; j < n; j++)
        {
            if (kinked && Math.Abs(x[j]) < 4 * H) continue;
            int lo = act.IsRowWise ? j / act.Features * act.Features : j, hi = act.IsRowWise ? lo + act.Features : j + 1;
            double[] l = new double[5];
            double[] maxAbs = new double[n];
            for (int k = -2; k <= 2; k++)
            {
                float[] xp = (float[])x.Clone();
                xp[j] = x[j] + k * H;
                Assert.Equal((double)x[j] + k * (double)H, xp[j]); // exact step
                act.Fwd(xp, yp);
                double s = 0;
                for (int i = 0; i < n; i++) { s += (double)w[i] * yp[i]; maxAbs[i] = Math.Max(maxAbs[i], Math.Abs(yp[i])); }
                l[k + 2] = s;
            }
            double fd = (-l[4] + 8 * l[3] - 8 * l[1] + l[0]) / (12.0 * H);
            double influence = 0;
            for (int i = lo; i < hi; i++) influence += Math.Abs(w[i]) * maxAbs[i];
            double tol = 1e-4 * Math.Abs(fd) + 8 * Math.Pow(2, -24) * 18.0 / (12.0 * H) * influence;
            Assert.True(Math.Abs(dx[j] - fd) <= tol, $"{name} j={j} x={x[j]}: backward {dx[j]:R}, finite difference {fd:R}, tol {tol:E2}");
            checkedCount++;
        }
        Assert.True(checkedCount > n / 2, $"only {checkedCount} of {n} inputs checked");
    }
}
