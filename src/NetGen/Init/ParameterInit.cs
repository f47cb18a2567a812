using System;
using System.Globalization;

namespace NetGen;

/// <summary>Fills tensors according to an <see cref="InitSpec"/>, with PyTorch <c>torch.nn.init</c> formulas.</summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static class ParameterInit
{
    /// <summary>
    /// Fills <paramref name="values"/> (a tensor with the given fans; for a dense weight fan_in = inputs and
    /// fan_out = outputs; for a bias fan_in is the layer's inputs, used by <see cref="Init.Default"/>).
    /// <list type="bullet">
    /// <item><see cref="Init.Default"/>: U(−1/√fan_in, 1/√fan_in) (nn.Linear's default for weight and bias).</item>
    /// <item><see cref="Init.Zeros"/>, <see cref="Init.Ones"/>, <see cref="Init.Constant"/> (<see cref="InitSpec.Value"/>).</item>
    /// <item><see cref="Init.Uniform"/>: U(Low, High); <see cref="Init.Normal"/>: N(Mean, Std²).</item>
    /// <item><see cref="Init.XavierUniform"/>: U(−b, b), b = Gain·√(6/(fan_in + fan_out));
    /// <see cref="Init.XavierNormal"/>: N(0, σ²), σ = Gain·√(2/(fan_in + fan_out)).</item>
    /// <item><see cref="Init.KaimingUniform"/>: U(−b, b), b = gain·√(3/fan); <see cref="Init.KaimingNormal"/>: N(0, σ²),
    /// σ = gain/√fan; fan from <see cref="InitSpec.Mode"/>, gain = <see cref="Gain"/>(Nonlinearity, A).</item>
    /// </list>
    /// Uniform values lie in [low, high) after rounding to float. Arguments are checked before anything is drawn,
    /// so on error neither <paramref name="values"/> nor <paramref name="random"/> change.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid arguments for the scheme (Low ≥ High, Std ≤ 0, a fan ≤ 0 where used, non-finite numbers).</exception>
    public static void Apply(Span<float> values, in InitSpec spec, int fanIn, int fanOut, NetRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (spec.Scheme)
        {
            case Init.Default:
            {
                RequireFan(fanIn, nameof(fanIn), spec.Scheme);
                double bound = 1.0 / Math.Sqrt(fanIn);
                FillUniform(values, -bound, bound, random);
                break;
            }
            case Init.Zeros:
                values.Clear();
                break;
            case Init.Ones:
                values.Fill(1f);
                break;
            case Init.Constant:
                RequireFinite(spec.Value, "Value", spec.Scheme);
                values.Fill((float)spec.Value);
                break;
            case Init.Uniform:
                RequireFinite(spec.Low, "Low", spec.Scheme);
                RequireFinite(spec.High, "High", spec.Scheme);
                if (!(spec.Low < spec.High))
                    throw new ArgumentException(Format($"Init.Uniform needs Low < High (Low = {spec.Low}, High = {spec.High})."), nameof(spec));
                FillUniform(values, spec.Low, spec.High, random);
                break;
            case Init.Normal:
                RequireFinite(spec.Mean, "Mean", spec.Scheme);
                RequireStd(spec.Std, "Std", spec.Scheme);
                FillNormal(values, spec.Mean, spec.Std, random);
                break;
            case Init.XavierUniform:
            case Init.XavierNormal:
            {
                RequireFan(fanIn, nameof(fanIn), spec.Scheme);
                RequireFan(fanOut, nameof(fanOut), spec.Scheme);
                RequireFinite(spec.Gain, "Gain", spec.Scheme);
                double std = spec.Gain * Math.Sqrt(2.0 / ((double)fanIn + fanOut));
                if (spec.Scheme == Init.XavierUniform)
                {
                    double bound = Math.Sqrt(3.0) * std; // = gain·√(6/(fan_in + fan_out))
                    FillUniformSymmetric(values, bound, random);
                }
                else
                {
                    FillNormalOrZero(values, std, random);
                }
                break;
            }
            case Init.KaimingUniform:
            case Init.KaimingNormal:
            {
                int fan = spec.Mode switch
                {
                    FanMode.FanIn => fanIn,
                    FanMode.FanOut => fanOut,
                    _ => throw new ArgumentException(Format($"Unknown FanMode {(int)spec.Mode}."), nameof(spec)),
                };
                RequireFan(fan, spec.Mode == FanMode.FanIn ? nameof(fanIn) : nameof(fanOut), spec.Scheme);
                double std = Gain(spec.Nonlinearity, spec.A) / Math.Sqrt(fan);
                if (spec.Scheme == Init.KaimingUniform)
                    FillUniformSymmetric(values, Math.Sqrt(3.0) * std, random);
                else
                    FillNormalOrZero(values, std, random);
                break;
            }
            default:
                throw new ArgumentException(Format($"Unknown Init scheme {(int)spec.Scheme}."), nameof(spec));
        }
    }

    /// <summary>
    /// PyTorch's <c>torch.nn.init.calculate_gain</c>: Linear and Sigmoid 1, Tanh 5/3, ReLU √2,
    /// LeakyReLU √(2/(1 + a²)) with negative slope <paramref name="a"/>, SELU 3/4. <paramref name="a"/> is read only for LeakyReLU.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown non-linearity or a non-finite <paramref name="a"/> for LeakyReLU.</exception>
    public static double Gain(Nonlinearity nonlinearity, double a) => nonlinearity switch
    {
        Nonlinearity.Linear => 1.0,
        Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.ReLU => Math.Sqrt(2.0),
        Nonlinearity.LeakyReLU => double.IsFinite(a)
            ? Math.Sqrt(2.0 / (1.0 + a * a))
            : throw new ArgumentException(Format($"The leaky ReLU slope a must be finite (a = {a})."), nameof(a)),
        Nonlinearity.SELU => 0.75,
        _ => throw new ArgumentException(Format($"Unknown Nonlinearity {(int)nonlinearity}."), nameof(nonlinearity)),
    };

    private static void FillUniformSymmetric(Span<float> values, double bound, NetRandom random)
    {
        if (bound == 0.0) values.Clear(); // gain 0: PyTorch's uniform_(-0, 0) gives zeros
        else FillUniform(values, -Math.Abs(bound), Math.Abs(bound), random);
    }

    private static void FillNormalOrZero(Span<float> values, double std, NetRandom random)
    {
        if (std == 0.0) values.Clear();
        else FillNormal(values, 0.0, Math.Abs(std), random);
    }

    /// <summary>U[low, high) rounded to float, kept inside [(float)low, (float)high) after rounding.</summary>
    private static void FillUniform(Span<float> values, double low, double high, NetRandom random)
    {
        float lo = (float)low, hi = (float)high;
        float below = lo < hi ? MathF.BitDecrement(hi) : lo;
        double width = high - low;
        for (int i = 0; i < values.Length; i++)
        {
            float v = (float)(low + width * random.NextDouble());
            values[i] = v >= hi ? below : v < lo ? lo : v;
        }
    }

    private static void FillNormal(Span<float> values, double mean, double std, NetRandom random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)(mean + std * random.NextGaussian());
    }

    private static void RequireFan(int fan, string name, Init scheme)
    {
        if (fan <= 0) throw new ArgumentException(Format($"Init.{scheme} needs {name} > 0 (got {fan})."), name);
    }

    private static void RequireFinite(double value, string name, Init scheme)
    {
        if (!double.IsFinite(value)) throw new ArgumentException(Format($"Init.{scheme} needs a finite {name} (got {value})."), "spec");
    }

    private static void RequireStd(double std, string name, Init scheme)
    {
        if (!(std > 0.0) || !double.IsFinite(std)) throw new ArgumentException(Format($"Init.{scheme} needs {name} > 0 (got {std})."), "spec");
    }

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
