using System;
using System.Numerics.Tensors;
using NetGen.Optimizers;

namespace NetGen.Regularization;

/// <summary>Gradient clipping over all of a network's gradients, as <c>torch.nn.utils.clip_grad_norm_ / clip_grad_value_</c>.</summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by <c>min(1, maxNorm / (total + 1e-6))</c>, where <c>total</c> is the
    /// <paramref name="normType"/>-norm of all gradients viewed as one vector, and returns <c>total</c> (exactly
    /// <c>torch.nn.utils.clip_grad_norm_</c>; non-finite norms are not an error, as with its default).
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">Maximum norm, ≥ 0.</param>
    /// <param name="normType">The p of the p-norm, &gt; 0; <see cref="double.PositiveInfinity"/> for the max-norm.</param>
    /// <returns>The total norm before clipping (a float32 value, like the tensor PyTorch returns).</returns>
    public static float ClipByGlobalNorm(ParameterBuffer parameters, double maxNorm, double normType = 2.0)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        Check.NonNegative(maxNorm, nameof(maxNorm));
        if (!(normType > 0))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, $"normType must be > 0 or +∞, got {Check.Format(normType)}.");
        Span<float> g = parameters.Gradients;
        if (g.IsEmpty) return 0f;

        float total;
        if (double.IsPositiveInfinity(normType))
        {
            total = TensorPrimitives.MaxMagnitude(g);
            total = Math.Abs(total);
        }
        else if (normType == 2)
        {
            double sum = 0;
            foreach (float x in g) sum += (double)x * x;
            total = (float)Math.Sqrt(sum);
        }
        else if (normType == 1)
        {
            double sum = 0;
            foreach (float x in g) sum += Math.Abs(x);
            total = (float)sum;
        }
        else
        {
            double sum = 0;
            foreach (float x in g) sum += Math.Pow(Math.Abs(x), normType);
            total = (float)Math.Pow(sum, 1.0 / normType);
        }

        // torch multiplies by clamp(coef, max=1) unconditionally; multiplying by 1 is the identity, so skip it
        // (a NaN coefficient still propagates, as in torch). Like torch, max_norm meets the float32 norm as a float32.
        float coef = (float)maxNorm / (total + 1e-6f);
        if (!(coef >= 1f)) TensorPrimitives.Multiply(g, coef, g);
        return total;
    }

    /// <summary>Clamps every gradient to [−clipValue, clipValue] (<c>torch.nn.utils.clip_grad_value_</c>).</summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="clipValue">The bound, ≥ 0.</param>
    public static void ClipByValue(ParameterBuffer parameters, double clipValue)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        Check.NonNegative(clipValue, nameof(clipValue));
        Span<float> g = parameters.Gradients;
        float bound = (float)clipValue; // torch.clamp casts the bound to the gradients' float32
        TensorPrimitives.Min(g, bound, g);
        TensorPrimitives.Max(g, -bound, g);
    }
}
