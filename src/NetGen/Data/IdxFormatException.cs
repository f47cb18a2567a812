using System;
using static System.FormattableString;

namespace NetGen.Data;

/// <summary>
/// An IDX file (the format of MNIST and Fashion-MNIST) could not be loaded: it is not an IDX file, its header does not
/// fit the role it was given (images or labels), it is shorter or longer than its header says, or a label is out of
/// range. The message names the file, the byte offset and field of the problem, and the values involved.
/// </summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed class IdxFormatException : FormatException
{
    /// <summary>Creates the exception; the message is composed from the location and <paramref name="problem"/>.</summary>
    /// <param name="fileName">The file path or source name.</param>
    /// <param name="offset">The byte offset of the offending field in the IDX content (after gunzipping a compressed file).</param>
    /// <param name="field">The field at that offset (e.g. "magic number", "dimension 1 (rows)", "label of sample 7"),
    /// when there is one.</param>
    /// <param name="problem">What is wrong, as a sentence.</param>
    /// <param name="innerException">The exception that revealed the problem (e.g. corrupt gzip data), if any.</param>
    public IdxFormatException(string fileName, long offset, string? field, string problem, Exception? innerException = null)
        : base(Compose(fileName, offset, field, problem), innerException)
    {
        FileName = fileName;
        Offset = offset;
        Field = field;
    }

    /// <summary>The file path or the source name given to the loader.</summary>
    public string FileName { get; }

    /// <summary>The byte offset of the problem in the IDX content: in the decompressed bytes for a gzip file.</summary>
    public long Offset { get; }

    /// <summary>The header field or data item at <see cref="Offset"/>, when there is one.</summary>
    public string? Field { get; }

    private static string Compose(string fileName, long offset, string? field, string problem)
        => field is null ? Invariant($"{fileName}, byte {offset}: {problem}") : Invariant($"{fileName}, byte {offset} ({field}): {problem}");
}
