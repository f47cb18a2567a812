using System;
using System.ComponentModel;
using System.Globalization;

namespace NetGen.Internal;

/// <summary>Argument checks shared by generated networks (kept out of generated code so messages stay uniform).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NetworkGuards
{
    /// <summary>Checks a workspace size.</summary>
    public static void CheckMaxBatchSize(int maxBatchSize)
    {
        if (maxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(maxBatchSize), maxBatchSize, "maxBatchSize must be at least 1.");
    }

    /// <summary>Checks the arguments of a batched Forward.</summary>
    public static void CheckForward(int batchSize, int maxBatchSize, int inputLength, int inputSize, int outputLength, int outputSize)
    {
        if (batchSize < 1 || batchSize > maxBatchSize)
            throw new ArgumentException(Format("batchSize is {0}; it must be between 1 and the network's MaxBatchSize ({1}). Construct the network with a larger maxBatchSize for bigger batches.", batchSize, maxBatchSize), nameof(batchSize));
        if (inputLength != batchSize * inputSize)
            throw new ArgumentException(Format("input has {0} values; expected batchSize ({1}) × InputSize ({2}) = {3}.", inputLength, batchSize, inputSize, batchSize * inputSize), "input");
        if (outputLength != batchSize * outputSize)
            throw new ArgumentException(Format("output has {0} values; expected batchSize ({1}) × OutputSize ({2}) = {3}.", outputLength, batchSize, outputSize, batchSize * outputSize), "output");
    }

    /// <summary>Checks the arguments of Backward against the last Forward's batch.</summary>
    public static void CheckBackward(int batchSize, int outputGradientLength, int outputSize, int inputGradientLength, int inputSize)
    {
        if (batchSize == 0)
            throw new InvalidOperationException("Backward needs the activations of a Forward call; call Forward first.");
        if (outputGradientLength != batchSize * outputSize)
            throw new ArgumentException(Format("outputGradient has {0} values; expected the last Forward's batch ({1}) × OutputSize ({2}) = {3}.", outputGradientLength, batchSize, outputSize, batchSize * outputSize), "outputGradient");
        if (inputGradientLength != 0 && inputGradientLength != batchSize * inputSize)
            throw new ArgumentException(Format("inputGradient has {0} values; expected empty or the last Forward's batch ({1}) × InputSize ({2}) = {3}.", inputGradientLength, batchSize, inputSize, batchSize * inputSize), "inputGradient");
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
