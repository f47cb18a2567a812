using System;
using NetGen.Kernels;

namespace NetGen.Tests.Activations;

internal delegate void Forward(ReadOnlySpan<float> x, Span<float> y);
internal delegate void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);

/// <summary>One activation with fixed hyper-parameters, bound to the public kernels.</summary>
internal sealed record Act(string Name, Forward Fwd, Backward Bwd, int Features = 0, float Beta = 1f, float Threshold = 20f)
{
    public bool IsRowWise => Features > 0;

    public override string ToString() => Name;

    /// <summary>Binds a fixture case (name + params) to the public API.</summary>
    public static Act Create(string name, Func<string, double> param) => name switch
    {
        "Sigmoid" => new(name, ActivationKernels.Sigmoid, ActivationKernels.SigmoidBackward),
        "Tanh" => new(name, ActivationKernels.Tanh, ActivationKernels.TanhBackward),
        "Relu" => new(name, ActivationKernels.Relu, ActivationKernels.ReluBackward),
        "LeakyRelu" => LeakyRelu((float)param("negativeSlope")),
        "Elu" => Elu((float)param("alpha")),
        "Selu" => new(name, ActivationKernels.Selu, ActivationKernels.SeluBackward),
        "Gelu" => new(name, ActivationKernels.Gelu, ActivationKernels.GeluBackward),
        "Silu" => new(name, ActivationKernels.Silu, ActivationKernels.SiluBackward),
        "Softplus" => Softplus((float)param("beta"), (float)param("threshold")),
        "Softmax" => Softmax((int)param("features")),
        "LogSoftmax" => LogSoftmax((int)param("features")),
        _ => throw new ArgumentException("unknown activation " + name),
    };

    public static Act LeakyRelu(float s) => new($"LeakyRelu({s})", (x, y) => ActivationKernels.LeakyRelu(x, y, s),
        (x, y, dy, dx) => ActivationKernels.LeakyReluBackward(x, y, dy, dx, s));

    public static Act Elu(float a) => new($"Elu({a})", (x, y) => ActivationKernels.Elu(x, y, a),
        (x, y, dy, dx) => ActivationKernels.EluBackward(x, y, dy, dx, a));

    public static Act Softplus(float b, float t) => new($"Softplus({b},{t})", (x, y) => ActivationKernels.Softplus(x, y, b, t),
        (x, y, dy, dx) => ActivationKernels.SoftplusBackward(x, y, dy, dx, b, t), 0, b, t);

    public static Act Softmax(int f) => new($"Softmax({f})", (x, y) => ActivationKernels.Softmax(x, y, f),
        (x, y, dy, dx) => ActivationKernels.SoftmaxBackward(x, y, dy, dx, f), f);

    public static Act LogSoftmax(int f) => new($"LogSoftmax({f})", (x, y) => ActivationKernels.LogSoftmax(x, y, f),
        (x, y, dy, dx) => ActivationKernels.LogSoftmaxBackward(x, y, dy, dx, f), f);

    public static Act[] All() =>
    [
        Create("Sigmoid", _ => 0), Create("Tanh", _ => 0), Create("Relu", _ => 0), LeakyRelu(0.01f), LeakyRelu(0.2f),
        Elu(1f), Elu(0.5f), Create("Selu", _ => 0), Create("Gelu", _ => 0), Create("Silu", _ => 0),
        Softplus(1f, 20f), Softplus(2f, 10f), Softmax(5), Softmax(7), LogSoftmax(5), LogSoftmax(7),
    ];
}

/// <summary>
/// Error model of the comparisons. A float32 kernel cannot be more accurate than the magnitude of the terms it
/// combines: where the exact result is a difference of larger quantities (1 − y² with y ≈ 1, dy − Σ…, x − max − log Σ)
/// the attainable absolute error is ε times those terms, not ε times the (possibly tiny) result. Each function
/// here returns that term magnitude S (0 where no cancellation occurs), and a result passes when
/// |got − ref| ≤ rtol · max(|ref| + S, 1e-25), i.e. relative with an absolute floor of rtol·1e-25 (≈1e-30) below
/// which float32 underflow (e.g. σ(−100) = 3.7e-44) is indistinguishable from 0.
/// </summary>
internal static class ErrorModel
{
    public const double Floor = 1e-25;

    public static double Normalised(double got, double reference, double scale, double referenceError = 0) =>
        Math.Max(Math.Abs(got - reference) - referenceError, 0) / Math.Max(Math.Abs(reference) + scale, Floor);

    /// <summary>
    /// Absolute error bound of PyTorch's own float64 evaluation where its formula cancels: ELU/SELU compute
    /// exp(x) − 1 (not expm1) and GELU 0.5·x·(1 + erf(x/√2)), so their float64 values carry up to a few
    /// 2^-52 times the cancelled terms (α·scale, |x| and |dy| respectively); e.g. torch says elu(−1e-30) = 0 and
    /// gelu(−10) = −0 where the true values are −1e-30 and −7.6e-23. Bound used: 8·2^-52·terms.
    /// </summary>
    public static double TorchF64Error(string kind, bool backward, double x, double dy, double alphaScale)
    {
        const double Eps8 = 8 * 2.220446049250313e-16;
        return (kind, backward) switch
        {
            ("Elu" or "Selu", false) => Eps8 * Math.Abs(alphaScale),
            ("Gelu", false) => Eps8 * Math.Abs(x),
            ("Gelu", true) => Eps8 * Math.Abs(dy),
            _ => 0,
        };
    }

    private static string Kind(string name) => name.Split('(')[0];

    /// <summary>Term magnitude of the forward value at i (x and yRef exact, yRef in double).</summary>
    public static double ForwardScale(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> yRef, int features, int i)
    {
        // Softmax: x − max is rounded to float (as in PyTorch), a relative error ε·|x − max| in e^(x − max).
        // LogSoftmax: y = (x − max) − log Σ combines terms of that size.
        if (Kind(name) is not ("Softmax" or "LogSoftmax")) return 0;
        int start = i / features * features;
        double max = double.NegativeInfinity;
        for (int j = start; j < start + features; j++) max = Math.Max(max, x[j]);
        if (Kind(name) == "Softmax") return Math.Abs(yRef[i]) * Math.Abs(x[i] - max);
        double sum = 0;
        for (int j = start; j < start + features; j++) sum += Math.Exp(x[j] - max);
        return Math.Abs(x[i] - max) + Math.Log(sum);
    }

    /// <summary>Term magnitude of dx at i.</summary>
    public static double BackwardScale(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> yRef, ReadOnlySpan<double> dy, int features, int i)
    {
        double ady = Math.Abs(dy[i]);
        switch (Kind(name))
        {
            case "Sigmoid": return ady * Math.Abs(yRef[i]);
            case "Tanh": return ady * yRef[i] * yRef[i];
            case "Gelu":
            {
                double phi = Math.Exp(-0.5 * x[i] * x[i]) / Math.Sqrt(2 * Math.PI);
                double cdf = x[i] == 0 ? 0.5 : yRef[i] / x[i];
                return ady * (Math.Abs(cdf) + Math.Abs(x[i]) * phi);
            }
            case "Silu":
            {
                double s = 1 / (1 + Math.Exp(-x[i]));
                return ady * s * (1 + Math.Abs(x[i]) * (1 - s));
            }
            case "Softmax":
            {
                int start = i / features * features;
                double t = 0;
                for (int j = start; j < start + features; j++) t += Math.Abs(dy[j]) * yRef[j];
                return yRef[i] * (ady + t);
            }
            case "LogSoftmax":
            {
                int start = i / features * features;
                double t = 0;
                for (int j = start; j < start + features; j++) t += Math.Abs(dy[j]);
                return ady + Math.Exp(yRef[i]) * t;
            }
            default: return 0;
        }
    }
}
