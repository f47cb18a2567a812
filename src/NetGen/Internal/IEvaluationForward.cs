using System;
using System.ComponentModel;

namespace NetGen.Internal;

/// <summary>
/// Implemented by generated networks for <see cref="InferenceContext"/>: the evaluation-mode forward pass over a
/// workspace the caller owns, so that many contexts can run one network's weights at once. Not meant to be called directly.
/// </summary>
/// <remarks>Thread safety: ForwardEvaluation reads only shared parameters and buffers and writes only the caller's workspace, so calls with distinct workspaces may run concurrently.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IEvaluationForward
{
    /// <summary>Workspace floats per sample of the batch.</summary>
    int WorkspacePerSample { get; }

    /// <summary>Floats of per-call statistics scratch (batch norm without running statistics); 0 when none.</summary>
    int StatisticsLength { get; }

    /// <summary>
    /// The forward pass in evaluation mode without keeping anything for Backward, reading only the network's parameters
    /// and buffers and writing only <paramref name="workspace"/>, <paramref name="statistics"/> and <paramref name="output"/>.
    /// Arguments are checked by the caller.
    /// </summary>
    void ForwardEvaluation(ReadOnlySpan<float> input, Span<float> output, int batchSize, Span<float> workspace, int maxBatchSize, Span<float> statistics);
}
