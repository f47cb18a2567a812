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

    private readonly Dictionary<string, float[]> _multipliers = new();

    /// <summary>
    /// Replays the network's random draws (dropout masks, RReLU slopes) at the point (theta, x) with the
    /// kernels and a source seeded like the network's, and keeps them fixed for later evaluations,
    /// so finite differences see the same masks that the network's training forward used.
    /// </summary>
    public void CaptureRandomDraws(double[] theta, double[] x, int batch, NetRandom random)
    {
        _multipliers.Clear();
        _capture = random;
        Forward(theta, x, batch);
        _capture = null;
    }

    private NetRandom? _capture;

    public double[] Forward(double[] theta, double[] x, int batch)
    {
        double[] h = (double[])x.Clone();
        int width = _network.InputSize;
        foreach (Layer layer in _network.Layers)
        {
            Activation activation;
            if (layer is Conv2dLayer conv)
            {
                h = Convolve(conv, theta, h, batch);
                width = conv.OutputSize;
                Apply(conv.Activation, _hyper(layer.Name), h, batch, width);
                continue;
            }
            if (ApplyImage(layer, ref h, batch))
            {
                width = layer.OutputSize;
                continue;
            }
            if (ApplyStateful(layer, theta, h, batch, width)) continue;
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

    /// <summary>PyTorch's conv2d: out[n, o, y, x] = b[o] + Σ w[o, c, i, j] · in[n, g·Cg + c, y·s − p + i·d, x·s − p + j·d].</summary>
    private static double[] Convolve(Conv2dLayer conv, double[] theta, double[] h, int batch)
    {
        int inC = conv.InputShape[0], inH = conv.InputShape[1], inW = conv.InputShape[2];
        int outC = conv.OutputShape[0], outH = conv.OutputShape[1], outW = conv.OutputShape[2];
        Window2d k = conv.Window;
        int cg = inC / conv.Groups, og = outC / conv.Groups;
        var y = new double[batch * conv.OutputSize];
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outC; o++)
                for (int oy = 0; oy < outH; oy++)
                    for (int ox = 0; ox < outW; ox++)
                    {
                        double sum = conv.BiasInfo is null ? 0 : theta[conv.BiasInfo.Offset + o];
                        for (int c = 0; c < cg; c++)
                            for (int i = 0; i < k.KernelHeight; i++)
                                for (int j = 0; j < k.KernelWidth; j++)
                                {
                                    int iy = oy * k.StrideHeight - k.PaddingHeight + i * k.DilationHeight;
                                    int ix = ox * k.StrideWidth - k.PaddingWidth + j * k.DilationWidth;
                                    if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                                    sum += theta[conv.WeightInfo.Offset + ((o * cg + c) * k.KernelHeight + i) * k.KernelWidth + j]
                                        * h[((n * inC + o / og * cg + c) * inH + iy) * inW + ix];
                                }
                        y[((n * outC + o) * outH + oy) * outW + ox] = sum;
                    }
        return y;
    }

    /// <summary>The layers without parameters that work on images: flatten, pools, channel dropout.</summary>
    private bool ApplyImage(Layer layer, ref double[] h, int batch)
    {
        switch (layer)
        {
            case FlattenLayer:
                return true;
            case MaxPool2dLayer or AvgPool2dLayer:
            {
                int c = layer.InputShape[0], inH = layer.InputShape[1], inW = layer.InputShape[2];
                int outH = layer.OutputShape[1], outW = layer.OutputShape[2];
                bool max = layer is MaxPool2dLayer;
                Window2d k = max ? ((MaxPool2dLayer)layer).Window : ((AvgPool2dLayer)layer).Window;
                bool countPad = layer is AvgPool2dLayer { CountIncludePad: true };
                var y = new double[batch * layer.OutputSize];
                for (int plane = 0; plane < batch * c; plane++)
                    for (int oy = 0; oy < outH; oy++)
                        for (int ox = 0; ox < outW; ox++)
                        {
                            // PyTorch: the window [start, start + extent) clipped to the padded input for the divisor,
                            // then to the input for the values.
                            int y0 = oy * k.StrideHeight - k.PaddingHeight, x0 = ox * k.StrideWidth - k.PaddingWidth;
                            double best = double.NegativeInfinity, sum = 0;
                            int count = 0;
                            for (int i = 0; i < k.KernelHeight; i++)
                                for (int j = 0; j < k.KernelWidth; j++)
                                {
                                    int iy = y0 + i * k.DilationHeight, ix = x0 + j * k.DilationWidth;
                                    if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                                    double v = h[(plane * inH + iy) * inW + ix];
                                    best = Math.Max(best, v);
                                    sum += v;
                                    count++;
                                }
                            double divisor = count;
                            if (countPad)
                                divisor = (Math.Min(y0 + k.KernelHeight, inH + k.PaddingHeight) - y0) * (Math.Min(x0 + k.KernelWidth, inW + k.PaddingWidth) - x0);
                            y[(plane * outH + oy) * outW + ox] = max ? best : sum / divisor;
                        }
                h = y;
                return true;
            }
            case AdaptiveAvgPool2dLayer:
            {
                int spatial = layer.InputShape[1] * layer.InputShape[2];
                var y = new double[batch * layer.InputShape[0]];
                for (int plane = 0; plane < y.Length; plane++)
                {
                    double sum = 0;
                    for (int i = 0; i < spatial; i++) sum += h[plane * spatial + i];
                    y[plane] = sum / spatial;
                }
                h = y;
                return true;
            }
            case Dropout2dLayer dropout:
            {
                if (dropout.P == 0) return true;
                int spatial = layer.InputShape[1] * layer.InputShape[2];
                if (_capture is not null)
                {
                    var mask = new float[h.Length / spatial];
                    NetGen.Kernels.Dropout2dKernels.Forward(new float[h.Length], new float[h.Length], mask, (float)dropout.P, spatial, _capture);
                    _multipliers[layer.Name] = mask;
                }
                float[] m = _multipliers[layer.Name];
                for (int i = 0; i < h.Length; i++) h[i] *= m[i / spatial];
                return true;
            }
            default:
                return false;
        }
    }

    private bool ApplyStateful(Layer layer, double[] theta, double[] h, int batch, int width)
    {
        const double Eps = 1e-5;
        switch (layer)
        {
            case DropoutLayer dropout:
            {
                if (dropout.P == 0) return true;
                if (_capture is not null)
                {
                    var mask = new float[h.Length];
                    // The generated code passes p to the float kernel as a float literal: the same value here.
                    NetGen.Kernels.DropoutKernels.Forward(new float[h.Length], new float[h.Length], mask, (float)dropout.P, _capture);
                    _multipliers[layer.Name] = mask;
                }
                float[] m = _multipliers[layer.Name];
                for (int i = 0; i < h.Length; i++) h[i] *= m[i];
                return true;
            }
            case RReLULayer rrelu:
            {
                if (_capture is not null)
                {
                    var noise = new float[h.Length];
                    NetGen.Kernels.RReluKernels.ForwardTraining(Array.ConvertAll(h, v => (float)v), new float[h.Length], noise, (float)rrelu.Lower, (float)rrelu.Upper, _capture);
                    _multipliers[layer.Name] = noise;
                }
                float[] n = _multipliers[layer.Name];
                for (int i = 0; i < h.Length; i++) if (h[i] <= 0) h[i] *= n[i];
                return true;
            }
            case PReLULayer prelu:
            {
                ParameterInfo w = _network.Parameters.Find(layer.Name + ".weight")!;
                for (int i = 0; i < h.Length; i++)
                    if (h[i] <= 0) h[i] *= theta[w.Offset + (w.Length == 1 ? 0 : i % width)];
                return true;
            }
            case BatchNormLayer:
            case LayerNormLayer:
            {
                ParameterInfo? gamma = _network.Parameters.Find(layer.Name + ".weight");
                ParameterInfo? beta = _network.Parameters.Find(layer.Name + ".bias");
                bool perFeature = layer is BatchNormLayer; // statistics over the batch, else over the row
                // BatchNorm2d: per channel over the batch and the plane, with the channel's gamma and beta.
                int spatial = layer.InputShape.Count == 3 ? layer.InputShape[1] * layer.InputShape[2] : 1;
                int channels = width / spatial;
                int groups = perFeature ? channels : batch, count = perFeature ? batch * spatial : width;
                for (int g = 0; g < groups; g++)
                {
                    int Index(int k) => perFeature ? (k / spatial * channels + g) * spatial + k % spatial : g * width + k;
                    double mean = 0, variance = 0;
                    for (int k = 0; k < count; k++) mean += h[Index(k)];
                    mean /= count;
                    for (int k = 0; k < count; k++) variance += (h[Index(k)] - mean) * (h[Index(k)] - mean);
                    variance /= count;
                    double inv = 1 / Math.Sqrt(variance + Eps);
                    for (int k = 0; k < count; k++)
                    {
                        int i = Index(k), feature = perFeature ? i / spatial % channels : i % width;
                        double y = (h[i] - mean) * inv;
                        if (gamma is not null) y = y * theta[gamma.Offset + feature] + theta[beta!.Offset + feature];
                        h[i] = y;
                    }
                }
                return true;
            }
            default:
                return false;
        }
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
