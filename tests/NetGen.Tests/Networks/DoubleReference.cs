using System;
using System.Collections.Generic;

namespace NetGen.Tests.Networks;

/// <summary>
/// An independent double-precision forward pass over a network's layer descriptions, written from the
/// PyTorch formulas, used as the function that finite differences differentiate.
/// </summary>
internal sealed class DoubleReference
{
    private readonly INetwork _network;
    private readonly Func<string, (double Slope, double Alpha, double Beta, double Threshold)> _hyper;

    public DoubleReference(INetwork network, Func<string, (double, double, double, double)>? hyperParameters = null)
    {
        _network = network;
        _hyper = hyperParameters ?? (_ => (0.01, 1.0, 1.0, 20.0));
    }

    /// <summary>Σ output ⊙ weights for parameters <paramref name="theta"/> (flat layout) and inputs <paramref name="x"/>.</summary>
    public double Loss(double[] theta, double[] x, int batch, double[] outputWeights)
    {
        double[] y = Forward(theta, x, batch);
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += y[i] * outputWeights[i];
        return sum;
    }

    public double[] Forward(double[] theta, double[] x, int batch)
    {
        double[] h = (double[])x.Clone();
        int width = _network.InputSize;
        foreach (Layer layer in _network.Layers)
        {
            Activation activation;
            if (layer is DenseLayer dense)
            {
                var next = new double[batch * dense.OutputSize];
                int w0 = dense.WeightInfo.Offset;
                for (int b = 0; b < batch; b++)
                    for (int o = 0; o < dense.OutputSize; o++)
                    {
                        double s = dense.BiasInfo is null ? 0 : theta[dense.BiasInfo.Offset + o];
                        for (int i = 0; i < width; i++) s += h[b * width + i] * theta[w0 + o * width + i];
                        next[b * dense.OutputSize + o] = s;
                    }
                h = next;
                width = dense.OutputSize;
                activation = dense.Activation;
            }
            else
            {
                activation = ((ActivationLayer)layer).Activation;
            }
            Apply(activation, _hyper(layer.Name), h, batch, width);
        }
        return h;
    }

    private static void Apply(Activation activation, (double Slope, double Alpha, double Beta, double Threshold) p, double[] h, int batch, int width)
    {
        const double SeluAlpha = 1.6732632423543772848170429916717, SeluScale = 1.0507009873554804934193349852946;
        if (activation is Activation.Softmax or Activation.LogSoftmax)
        {
            for (int b = 0; b < batch; b++)
            {
                double max = double.NegativeInfinity;
                for (int i = 0; i < width; i++) max = Math.Max(max, h[b * width + i]);
                double sum = 0;
                for (int i = 0; i < width; i++) sum += Math.Exp(h[b * width + i] - max);
                for (int i = 0; i < width; i++)
                {
                    double z = h[b * width + i] - max;
                    h[b * width + i] = activation == Activation.Softmax ? Math.Exp(z) / sum : z - Math.Log(sum);
                }
            }
            return;
        }
        for (int i = 0; i < h.Length; i++)
        {
            double x = h[i];
            h[i] = activation switch
            {
                Activation.Identity => x,
                Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
                Activation.Tanh => Math.Tanh(x),
                Activation.ReLU => Math.Max(0, x),
                Activation.LeakyReLU => x >= 0 ? x : p.Slope * x,
                Activation.ELU => x > 0 ? x : p.Alpha * (Math.Exp(x) - 1),
                Activation.SELU => SeluScale * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1)),
                Activation.GELU => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
                Activation.SiLU => x / (1 + Math.Exp(-x)),
                Activation.Softplus => p.Beta * x > p.Threshold ? x : Math.Log(1 + Math.Exp(p.Beta * x)) / p.Beta,
                _ => throw new NotSupportedException(activation.ToString()),
            };
        }
    }

    /// <summary>erf to ~1e-15: Maclaurin series for |x| ≤ 3, continued fraction for erfc beyond.</summary>
    internal static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (a <= 3)
        {
            double term = a, sum = a;
            for (int n = 1; n < 200; n++)
            {
                term *= -a * a / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * sum;
        }
        // erfc(a) = exp(-a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...)))))
        double f = a;
        for (int k = 60; k >= 1; k--) f = a + k / 2.0 / f;
        double erfc = Math.Exp(-a * a) / Math.Sqrt(Math.PI) / f;
        return Math.Sign(x) * (1 - erfc);
    }
}
