using System;
using System.Collections.Generic;

namespace NetGen.Data;

/// <summary>What the label column of a CSV file holds.</summary>
public enum LabelTask
{
    /// <summary>
    /// Class labels. Each distinct label becomes a class index, and <see cref="Dataset.ClassNames"/> keeps the mapping.
    /// Unless <see cref="CsvOptions.ClassNames"/> fixes it, the column is read like pandas reads it, then encoded like
    /// scikit-learn's <c>LabelEncoder</c>:
    /// <list type="bullet">
    /// <item>When every label is a number (invariant culture), the column is numeric: labels are compared by value, so
    /// "1", "1.0" and "1e0" are one class, named by the value's shortest text ("1"), and classes are numbered in
    /// increasing value ("0".."3" become 0..3, "10" follows "9", "-1" comes first).</item>
    /// <item>A numeric column with a value that is not an integer (such as "17.5") is a regression target, not classes
    /// (scikit-learn's classifiers refuse such "continuous" targets too): loading throws an
    /// <see cref="System.ArgumentException"/> naming the column, the first such value and its line, and telling to set
    /// <see cref="CsvOptions.Task"/> to <see cref="Regression"/>. To use decimal numbers as class labels anyway, list
    /// them in <see cref="CsvOptions.ClassNames"/>.</item>
    /// <item>Otherwise (some label is text) every label is text, compared and sorted ordinally: "1" and "1.0" are then
    /// two labels.</item>
    /// </list>
    /// </summary>
    Classification,

    /// <summary>A numeric target, stored as is (<see cref="Dataset.ClassNames"/> is <see langword="null"/>).</summary>
    Regression,
}

/// <summary>What <see cref="CsvLoader"/> does with a missing value: an empty cell (or whitespace only), or a cell
/// equal to one of <see cref="CsvOptions.MissingMarkers"/>.</summary>
public enum MissingValuePolicy
{
    /// <summary>Throw a <see cref="CsvFormatException"/> naming the file, line and column (the default: nothing is
    /// silently invented).</summary>
    Throw,

    /// <summary>Drop every row that has a missing value in a loaded column (excluded columns are ignored).</summary>
    SkipRow,

    /// <summary>
    /// Replace a missing feature value with the mean of the non-missing values of its column, computed over the whole
    /// file. Convenient, but those means include rows that may later land in the validation or test split: for
    /// leakage-free work, load with <see cref="SkipRow"/> or <see cref="Throw"/> and impute with training statistics
    /// yourself. A missing label cannot be imputed and still throws.
    /// </summary>
    FillWithColumnMean,
}

/// <summary>Options for <see cref="CsvLoader"/>.</summary>
/// <remarks>
/// Numbers are always parsed with the invariant culture ('.' decimal point, optional sign and exponent, no thousands
/// separators), whatever <see cref="System.Globalization.CultureInfo.CurrentCulture"/> is.
/// <para>Thread safety: a plain settings object; configure it on one thread, then it may be shared by concurrent loads as long as nobody changes it.</para>
/// </remarks>
public sealed class CsvOptions
{
    /// <summary>The name of the label column (compared ordinally with the trimmed header). Required when
    /// <see cref="HasHeader"/> is true, unless <see cref="LabelColumnIndex"/> is set.</summary>
    public string? LabelColumn { get; set; }

    /// <summary>The zero-based index of the label column, used when <see cref="LabelColumn"/> is null.
    /// When both are null and the file has no header, the last column is the label.</summary>
    public int? LabelColumnIndex { get; set; }

    /// <summary>Whether the first non-blank line is a header of column names (default true). Without a header the
    /// columns are named by their zero-based index: "0", "1", ….</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>The field separator (default ','). Must not be '"', '\r' or '\n'.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>Whether the label is a class or a number (default <see cref="LabelTask.Classification"/>). Numeric
    /// labels that are not all integers are refused as classes; load such a column with <see cref="LabelTask.Regression"/>.</summary>
    public LabelTask Task { get; set; } = LabelTask.Classification;

    /// <summary>Columns (by name) that are read but not loaded, e.g. an identifier or a free-text name column.
    /// Their cells may hold any text and may be empty.</summary>
    public IReadOnlyCollection<string> ExcludeColumns { get; set; } = Array.Empty<string>();

    /// <summary>What to do with missing values (default <see cref="MissingValuePolicy.Throw"/>).</summary>
    public MissingValuePolicy MissingValues { get; set; } = MissingValuePolicy.Throw;

    /// <summary>Cell texts (compared ordinally after trimming whitespace) that mean "missing", e.g. "?" or "NA".
    /// An empty cell is always missing. Empty by default.</summary>
    public IReadOnlyCollection<string> MissingMarkers { get; set; } = Array.Empty<string>();

    /// <summary>
    /// For classification, a fixed label → index mapping (<c>ClassNames[i]</c> becomes class <c>i</c>), e.g. the
    /// <see cref="Dataset.ClassNames"/> of the training file when loading a separate test file; a label not in it is a
    /// <see cref="CsvFormatException"/>. Labels are matched by text, and when every name is a number also by value (a
    /// test file's "1.0" matches the class "1"); two names of the same value are an error. Any labels may be listed,
    /// decimal numbers included. When null (the default) the classes are discovered and sorted as described under
    /// <see cref="LabelTask.Classification"/>.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>
    /// The longest row accepted, in characters (UTF-16 code units), line break excluded; default 1 048 576 (1 Mi). A row
    /// whose quoted fields hold line breaks counts as one row, breaks included. A longer row throws a
    /// <see cref="CsvFormatException"/> naming the line where the row starts and this limit, so input without line breaks
    /// (a binary file, a stream that never ends) stops early with bounded memory. The reader holds one row at a time:
    /// its memory is at most about 18 bytes per character of this limit (the text and one 16-byte record per field).
    /// Raise it for files with very many columns.
    /// </summary>
    public int MaxLineLength { get; set; } = 1 << 20;

    /// <summary>
    /// The longest field accepted, in characters of its content (after removing the enclosing quotes and undoubling inner
    /// quotes); default 131 072, the default of Python's <c>csv.field_size_limit</c>. A longer field throws a
    /// <see cref="CsvFormatException"/> naming its line, its column and this limit. Raise it for long free-text columns.
    /// </summary>
    public int MaxFieldLength { get; set; } = 131_072;
}
