using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen.IO;

/// <summary>
/// A checkpoint file is valid safetensors but does not fit the network (missing or unexpected tensors,
/// different shapes, missing optimizer step). Thrown by <see cref="Checkpoint.Load(string, ParameterBuffer, ICheckpointState?, System.Collections.Generic.IReadOnlyList{NamedTensor}?)"/> before anything is
/// copied, so the network and optimizer state are unchanged. (It derives from <see cref="IOException"/>
/// because <see cref="InvalidDataException"/> is sealed; corrupt files raise <see cref="InvalidDataException"/>.)
/// </summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed class CheckpointMismatchException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> with one line per mismatch.</summary>
    public CheckpointMismatchException(string path, IReadOnlyList<string> mismatches)
        : base(BuildMessage(path, mismatches))
    {
        Path = path;
        Mismatches = mismatches;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>
    /// One entry per problem, e.g. <c>Hidden1.weight: file [64, 20], network [128, 20]</c>,
    /// <c>missing Output.bias [1]</c>, <c>unexpected Extra.weight [3, 3]</c>.
    /// </summary>
    public IReadOnlyList<string> Mismatches { get; }

    private static string BuildMessage(string path, IReadOnlyList<string> mismatches)
    {
        if (mismatches is null) throw new ArgumentNullException(nameof(mismatches));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Checkpoint '{path}' does not match the network ({mismatches.Count} mismatch{(mismatches.Count == 1 ? "" : "es")}); nothing was loaded:")
            + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", mismatches);
    }
}
