using System;
using System.ComponentModel;
using System.Globalization;
using System.Threading;

namespace NetGen.Internal;

/// <summary>Argument checks shared by generated networks (kept out of generated code so messages stay uniform).</summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NetworkGuards
{
    /// <summary>
    /// Checks a workspace size: at least 1, and small enough that <paramref name="maxBatchSize"/> ×
    /// <paramref name="workspacePerSample"/> floats fit in one array.
    /// </summary>
    public static void CheckMaxBatchSize(int maxBatchSize, int workspacePerSample, string network)
    {
        if (maxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(maxBatchSize), maxBatchSize, Format("maxBatchSize ({0}) must be at least 1.", maxBatchSize));
        int limit = LargestBatch(workspacePerSample);
        if (maxBatchSize > limit)
            throw new ArgumentOutOfRangeException(nameof(maxBatchSize), maxBatchSize, Format(
                "maxBatchSize ({0}) is too large for {1}: its workspace needs {2} floats per sample, {3} in all, more than one .NET array holds ({4}). The largest maxBatchSize {1} supports is {5}; feed larger sets in chunks (Predict does).",
                maxBatchSize, network, workspacePerSample, (long)maxBatchSize * workspacePerSample, MaxWorkspaceFloats, limit));
    }

    /// <summary>Floats one workspace may hold: the largest array less the alignment padding.</summary>
    internal static int MaxWorkspaceFloats => Array.MaxLength - (AlignedFloats.Alignment / sizeof(float) - 1);

    /// <summary>The largest maxBatchSize whose workspace of <paramref name="workspacePerSample"/> floats per sample fits.</summary>
    internal static int LargestBatch(int workspacePerSample) => workspacePerSample <= 0 ? int.MaxValue : MaxWorkspaceFloats / workspacePerSample;

    /// <summary>
    /// Marks a network as running a call; throws when another thread is inside Forward, ForwardNoGrad or Backward of
    /// the same instance (an interlocked flag: a few nanoseconds). Pair with <see cref="Exit"/> in a <c>finally</c>.
    /// </summary>
    public static void Enter(ref int inUse, string network)
    {
        if (!TryEnter(ref inUse)) ThrowInUse(network);
    }

    /// <summary>Takes the flag when it is free (the shared half of <see cref="Enter"/>, for callers with their own message).</summary>
    internal static bool TryEnter(ref int inUse) => Interlocked.CompareExchange(ref inUse, 1, 0) == 0;

    /// <summary>Ends what <see cref="Enter"/> began.</summary>
    public static void Exit(ref int inUse) => Volatile.Write(ref inUse, 0);

    private static void ThrowInUse(string network) => throw new InvalidOperationException(Format(
        "{0} is already running Forward, ForwardNoGrad or Backward on another thread. One instance holds the activations of one call at a time, "
        + "so calls on it must not overlap. To serve one set of weights from many threads, give each thread its own InferenceContext "
        + "(network.CreateInferenceContext(), e.g. from a pool); to train, use one thread per network or a lock.", network));

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
