using System;

namespace NetGen;

/// <summary>Fills tensors according to an <see cref="InitSpec"/>, with PyTorch <c>torch.nn.init</c> formulas.</summary>
public static class ParameterInit
{
    /// <summary>
    /// Fills <paramref name="values"/> (a tensor with the given fans; for a dense weight fan_in = inputs and
    /// fan_out = outputs; for a bias fan_in is the layer's inputs, used by <see cref="Init.Default"/>).
    /// </summary>
    public static void Apply(Span<float> values, in InitSpec spec, int fanIn, int fanOut, NetRandom random)
    {
        // Placeholder body; the full implementation lands with the Init work.
        double bound = 1.0 / Math.Sqrt(fanIn);
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
    }
}
