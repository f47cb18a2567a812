using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen.Onnx;

/// <summary>An ONNX model's graph or initializers do not match the network they were to be loaded into; nothing was loaded.</summary>
/// <remarks>Thread safety: an immutable exception.</remarks>
public sealed class OnnxWeightsMismatchException : IOException
{
    /// <summary>Creates the exception for <paramref name="source"/> with one entry per mismatch.</summary>
    public OnnxWeightsMismatchException(string source, IReadOnlyList<string> mismatches)
        : base($"ONNX model '{source}' does not match the network ({mismatches.Count} mismatch{(mismatches.Count == 1 ? "" : "es")}); nothing was loaded:"
            + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", mismatches))
    {
        Path = source;
        Mismatches = mismatches;
    }

    /// <summary>The model's file path, or <c>stream</c> / <c>bytes</c> (as <c>CheckpointMismatchException.Path</c>).</summary>
    public string Path { get; }

    /// <summary>One entry per problem, e.g. <c>node 3: the model has Relu, the network Tanh (layer 'Hidden')</c>.</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
