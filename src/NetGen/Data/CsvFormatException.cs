using System;

namespace NetGen.Data;

/// <summary>
/// A CSV file could not be loaded: a malformed row, a wrong number of fields, a missing value (under
/// <see cref="MissingValuePolicy.Throw"/>) or text that is not a number. The message names the file, the line, the
/// column and the offending text.
/// </summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception; the message is composed from the location and <paramref name="problem"/>.</summary>
    /// <param name="fileName">The file path or source name.</param>
    /// <param name="line">The 1-based physical line.</param>
    /// <param name="column">The 1-based column (field) number, or 0 when the problem concerns no single column.</param>
    /// <param name="columnName">The column's header name, when known.</param>
    /// <param name="text">The offending text, when there is one.</param>
    /// <param name="problem">What is wrong, as a sentence.</param>
    public CsvFormatException(string fileName, int line, int column, string? columnName, string? text, string problem)
        : base(Compose(fileName, line, column, columnName, text, problem))
    {
        FileName = fileName;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Text = text;
    }

    /// <summary>The file path or the source name given to the loader.</summary>
    public string FileName { get; }

    /// <summary>The 1-based physical line where the problem is (for a field, the line on which the field starts).</summary>
    public int Line { get; }

    /// <summary>The 1-based column (field) number, or 0 when the problem concerns no single column.</summary>
    public int Column { get; }

    /// <summary>The column's name from the header (or its zero-based index as text without a header), when known.</summary>
    public string? ColumnName { get; }

    /// <summary>The offending text, when there is one.</summary>
    public string? Text { get; }

    private static string Compose(string fileName, int line, int column, string? columnName, string? text, string problem)
    {
        string where = column > 0
            ? columnName is null ? $"{fileName}, line {line}, column {column}" : $"{fileName}, line {line}, column {column} ('{columnName}')"
            : $"{fileName}, line {line}";
        return text is null ? $"{where}: {problem}" : $"{where}: {problem} Text: \"{text}\".";
    }
}
