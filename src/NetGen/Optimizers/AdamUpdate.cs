using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen.Optimizers;

/// <summary>The element-wise update shared by <see cref="Adam"/> (coupled decay) and <see cref="AdamW"/> (decoupled).</summary>
internal struct AdamUpdate : IParameterUpdate
{
    public Vector<float> WeightDecay, DecoupledFactor, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, BiasCorrection2Sqrt, Eps, NegStepSize;
    public bool CoupledDecay, DecoupledDecay, Maximize, AmsGrad;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> v, ref Vector<float> vMax)
    {
        if (Maximize) g = -g;
        if (DecoupledDecay) p *= DecoupledFactor;
        if (CoupledDecay) g += WeightDecay * p;
        m = m * Beta1 + OneMinusBeta1 * g;
        v = v * Beta2 + OneMinusBeta2 * g * g;
        Vector<float> denom;
        if (AmsGrad)
        {
            vMax = Vector.Max(vMax, v);
            denom = Vector.SquareRoot(vMax) / BiasCorrection2Sqrt + Eps;
        }
        else
        {
            denom = Vector.SquareRoot(v) / BiasCorrection2Sqrt + Eps;
        }
        p += NegStepSize * m / denom;
    }

    /// <summary>Fills the step-dependent scalars exactly as PyTorch computes them (double, then cast to float).</summary>
    public static AdamUpdate Create(double lr, double beta1, double beta2, double eps, long step, bool maximize, bool amsGrad)
    {
        double bc1 = 1.0 - System.Math.Pow(beta1, step);
        double bc2 = 1.0 - System.Math.Pow(beta2, step);
        return new AdamUpdate
        {
            Beta1 = new Vector<float>((float)beta1),
            OneMinusBeta1 = new Vector<float>((float)(1.0 - beta1)),
            Beta2 = new Vector<float>((float)beta2),
            OneMinusBeta2 = new Vector<float>((float)(1.0 - beta2)),
            BiasCorrection2Sqrt = new Vector<float>((float)System.Math.Sqrt(bc2)),
            Eps = new Vector<float>((float)eps),
            NegStepSize = new Vector<float>((float)-(lr / bc1)),
            Maximize = maximize,
            AmsGrad = amsGrad,
        };
    }
}

/// <summary><see cref="AdamUpdate"/> without maximize, weight decay or AMSGrad: the same operations.</summary>
internal struct PlainAdamUpdate(in AdamUpdate op) : IParameterUpdate
{
    private readonly Vector<float> _beta1 = op.Beta1, _oneMinusBeta1 = op.OneMinusBeta1, _beta2 = op.Beta2, _oneMinusBeta2 = op.OneMinusBeta2,
        _biasCorrection2Sqrt = op.BiasCorrection2Sqrt, _eps = op.Eps, _negStepSize = op.NegStepSize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> v, ref Vector<float> unused)
    {
        m = m * _beta1 + _oneMinusBeta1 * g;
        v = v * _beta2 + _oneMinusBeta2 * g * g;
        Vector<float> denom = Vector.SquareRoot(v) / _biasCorrection2Sqrt + _eps;
        p += _negStepSize * m / denom;
    }
}
