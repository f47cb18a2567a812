using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen.Data;

/// <summary>
/// Loads a CSV file (RFC 4180) into a <see cref="Dataset"/>: every column except the label and the excluded ones is a
/// float feature, the label column becomes a class index or a regression target.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Fields are separated by <see cref="CsvOptions.Separator"/>; a field may be enclosed in double quotes and then
/// hold separators, line breaks and doubled quotes (<c>""</c>). A quote inside an unquoted field, text after a closing
/// quote or an unclosed quote is an error.</item>
/// <item>Empty and whitespace-only lines are skipped. Header names and class labels are trimmed of surrounding whitespace.</item>
/// <item>Numbers are parsed with <see cref="CultureInfo.InvariantCulture"/> (<see cref="NumberStyles.Float"/>: sign,
/// '.' decimal point, exponent, surrounding whitespace), never with the current culture. A value that overflows
/// float or reads as NaN/Infinity is an error (list "NaN" in <see cref="CsvOptions.MissingMarkers"/> to treat it as missing).</item>
/// <item>Every row must have as many fields as the header (or as the first row without a header).</item>
/// <item>Missing values follow <see cref="CsvOptions.MissingValues"/>.</item>
/// <item>A row longer than <see cref="CsvOptions.MaxLineLength"/> or a field longer than
/// <see cref="CsvOptions.MaxFieldLength"/> characters is an error, so input that is not CSV text (or never ends) is
/// rejected with bounded memory.</item>
/// </list>
/// Every problem in the data throws a <see cref="CsvFormatException"/> naming the file, the 1-based line and column
/// and the offending text; problems in the options (an unknown column name) throw <see cref="ArgumentException"/>.
/// <para>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</para>
/// </remarks>
public static class CsvLoader
{
    /// <summary>Loads the CSV file at <paramref name="path"/> (UTF-8, or the encoding its byte-order mark names).</summary>
    /// <exception cref="CsvFormatException">The file's content is malformed; the exception names file, line and column.</exception>
    /// <exception cref="ArgumentException">The options do not fit the file (e.g. an unknown label column, or a numeric
    /// label column with non-integer values under <see cref="LabelTask.Classification"/>).</exception>
    public static Dataset Load(string path, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader, path, options);
    }

    /// <summary>Loads CSV text from <paramref name="reader"/>; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the exception names source, line and column.</exception>
    /// <exception cref="ArgumentException">The options do not fit the data (e.g. an unknown label column, or a numeric
    /// label column with non-integer values under <see cref="LabelTask.Classification"/>).</exception>
    public static Dataset Load(TextReader reader, string sourceName, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(options);
        char sep = options.Separator;
        if (sep == '"' || sep == '\r' || sep == '\n')
            throw new ArgumentException($"Separator '{Escape(sep)}' cannot be a quote or a line break.", nameof(options));
        if (options.MaxLineLength < 1 || options.MaxFieldLength < 1)
            throw new ArgumentException(
                $"CsvOptions.MaxLineLength ({options.MaxLineLength.ToString(CultureInfo.InvariantCulture)}) and MaxFieldLength ({options.MaxFieldLength.ToString(CultureInfo.InvariantCulture)}) must be at least 1.", nameof(options));

        var records = new CsvRecordReader(reader, sourceName, sep, options.MaxLineLength, options.MaxFieldLength);
        if (!records.ReadRecord())
            throw new CsvFormatException(sourceName, 1, 0, null, null, options.HasHeader ? "The input is empty: no header row." : "The input is empty: no data rows.");

        int columnCount = records.Fields.Count;
        var names = new string[columnCount];
        if (options.HasHeader)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int j = 0; j < columnCount; j++)
            {
                ReadOnlySpan<char> name = records.GetText(j);
                if (j == 0) name = name.TrimStart('\uFEFF'); // a byte-order mark left by a reader that kept it
                names[j] = name.Trim().ToString();
                if (!seen.TryAdd(names[j], j))
                    throw new CsvFormatException(sourceName, records.Fields[j].Line, j + 1, names[j], names[j],
                        $"Duplicate column name (also column {seen[names[j]] + 1}).");
            }
        }
        else
        {
            for (int j = 0; j < columnCount; j++) names[j] = j.ToString(CultureInfo.InvariantCulture);
        }

        int label = ResolveLabel(options, names);
        var excluded = new bool[columnCount];
        foreach (string name in options.ExcludeColumns)
        {
            int j = Array.IndexOf(names, name);
            if (j < 0)
                throw new ArgumentException(
                    $"CsvOptions.ExcludeColumns names '{name}', which is not a column of {sourceName} (columns: {string.Join(", ", names)}).", nameof(options));
            if (j == label)
                throw new ArgumentException($"CsvOptions.ExcludeColumns names the label column '{name}'.", nameof(options));
            excluded[j] = true;
        }

        var featureColumns = new List<int>();
        for (int j = 0; j < columnCount; j++)
            if (j != label && !excluded[j]) featureColumns.Add(j);
        if (featureColumns.Count == 0)
            throw new ArgumentException($"{sourceName} has no feature column left after the label and ExcludeColumns (columns: {string.Join(", ", names)}).", nameof(options));
        int featureCount = featureColumns.Count;

        var markers = new HashSet<string>(StringComparer.Ordinal);
        foreach (string m in options.MissingMarkers) markers.Add(m.Trim());

        bool classification = options.Task == LabelTask.Classification;
        CsvClassLabels? classes = classification ? new CsvClassLabels(options.ClassNames) : null;

        var features = new FloatList(1024);
        var targets = new FloatList(256);
        var row = new float[featureCount];
        var missingLine = new int[featureCount]; // for FillWithColumnMean: first line where the column was missing
        var missingCount = new int[featureCount];
        bool fill = options.MissingValues == MissingValuePolicy.FillWithColumnMean;
        bool skip = options.MissingValues == MissingValuePolicy.SkipRow;
        bool anyRow = false;

        if (options.HasHeader ? records.ReadRecord() : true)
        {
            do
            {
                int line = records.RecordLine;
                int fields = records.Fields.Count;
                if (fields != columnCount)
                {
                    int col = Math.Min(fields, columnCount) + 1;
                    string? text = fields > columnCount ? records.GetString(columnCount) : null;
                    throw new CsvFormatException(sourceName, line, col, col <= columnCount ? names[col - 1] : null, text,
                        $"The row has {fields} field(s) but {(options.HasHeader ? "the header has" : "the first row has")} {columnCount}.");
                }

                bool skipRow = false;
                for (int f = 0; f < featureCount; f++)
                {
                    int j = featureColumns[f];
                    ReadOnlySpan<char> cell = records.GetText(j);
                    if (IsMissing(cell, markers))
                    {
                        if (skip) { skipRow = true; break; }
                        if (!fill) throw Missing(sourceName, records, j, names[j]);
                        row[f] = float.NaN;
                        continue;
                    }
                    row[f] = ParseNumber(cell, sourceName, records, j, names[j]);
                }
                if (skipRow) continue;

                ReadOnlySpan<char> labelCell = records.GetText(label);
                if (IsMissing(labelCell, markers))
                {
                    if (skip) continue;
                    if (fill)
                        throw new CsvFormatException(sourceName, records.Fields[label].Line, label + 1, names[label], labelCell.ToString(),
                            "The label is missing; a label cannot be imputed (use MissingValuePolicy.SkipRow to drop such rows).");
                    throw Missing(sourceName, records, label, names[label]);
                }

                float target;
                if (classes is not null)
                {
                    string text = labelCell.Trim().ToString();
                    int labelLine = records.Fields[label].Line;
                    if (!classes.IsFixed)
                        target = classes.Discover(text, labelLine);
                    else if (classes.TryGetFixed(text, out int c))
                        target = c;
                    else
                        throw new CsvFormatException(sourceName, labelLine, label + 1, names[label], text,
                            $"The label is not one of CsvOptions.ClassNames ({string.Join(", ", options.ClassNames!)}).");
                }
                else
                {
                    target = ParseNumber(labelCell, sourceName, records, label, names[label]);
                }

                if (fill)
                {
                    for (int f = 0; f < featureCount; f++)
                    {
                        if (float.IsNaN(row[f]) && missingCount[f]++ == 0) missingLine[f] = records.Fields[featureColumns[f]].Line;
                    }
                }
                features.AddRange(row);
                targets.Add(target);
                anyRow = true;
            }
            while (records.ReadRecord());
        }

        if (!anyRow)
            throw new CsvFormatException(sourceName, records.RecordLine, 0, null, null,
                skip ? "No data rows are left after skipping the rows with missing values." : "The input has no data rows.");

        float[] x = features.ToArray();
        float[] y = targets.ToArray();
        int count = y.Length;

        if (fill) FillMeans(x, featureCount, count, missingCount, missingLine, featureColumns, names, sourceName);

        string[]? classNames = classes?.Finish(y, sourceName, names[label]);

        var featureNames = new string[featureCount];
        for (int f = 0; f < featureCount; f++) featureNames[f] = names[featureColumns[f]];
        return new Dataset(x, y, featureCount, 1, featureNames, classNames);
    }

    private static int ResolveLabel(CsvOptions options, string[] names)
    {
        if (options.LabelColumn is not null)
        {
            int j = Array.IndexOf(names, options.LabelColumn);
            if (j < 0)
                throw new ArgumentException(
                    $"CsvOptions.LabelColumn '{options.LabelColumn}' is not a column (columns: {string.Join(", ", names)}).", nameof(options));
            return j;
        }
        if (options.LabelColumnIndex is int index)
        {
            if ((uint)index >= (uint)names.Length)
                throw new ArgumentException(
                    $"CsvOptions.LabelColumnIndex ({index}) is not a column index in [0, {names.Length}).", nameof(options));
            return index;
        }
        if (options.HasHeader)
            throw new ArgumentException(
                $"CsvOptions.LabelColumn is required for a file with a header (columns: {string.Join(", ", names)}).", nameof(options));
        return names.Length - 1;
    }

    private static bool IsMissing(ReadOnlySpan<char> cell, HashSet<string> markers)
    {
        ReadOnlySpan<char> t = cell.Trim();
        if (t.IsEmpty) return true;
        if (markers.Count == 0) return false;
#if NET9_0_OR_GREATER
        return markers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(t);
#else
        return markers.Contains(t.ToString());
#endif
    }

    private static CsvFormatException Missing(string source, CsvRecordReader records, int j, string name)
        => new(source, records.Fields[j].Line, j + 1, name, records.GetString(j),
            "Missing value (an empty cell or a CsvOptions.MissingMarkers entry). Choose CsvOptions.MissingValues = SkipRow or FillWithColumnMean to accept missing values.");

    private static float ParseNumber(ReadOnlySpan<char> cell, string source, CsvRecordReader records, int j, string name)
    {
        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
            throw new CsvFormatException(source, records.Fields[j].Line, j + 1, name, cell.ToString(),
                "Not a number (numbers use the invariant culture: '.' as the decimal point, no thousands separators).");
        if (!float.IsFinite(v))
            throw new CsvFormatException(source, records.Fields[j].Line, j + 1, name, cell.ToString(),
                "Not a finite float (NaN, infinity, or beyond ±3.4e38). List it in CsvOptions.MissingMarkers to treat it as missing.");
        return v;
    }

    private static void FillMeans(float[] x, int featureCount, int count, int[] missingCount, int[] missingLine,
        List<int> featureColumns, string[] names, string source)
    {
        for (int f = 0; f < featureCount; f++)
        {
            if (missingCount[f] == 0) continue;
            if (missingCount[f] == count)
            {
                int j = featureColumns[f];
                throw new CsvFormatException(source, missingLine[f], j + 1, names[j], null,
                    "Every value of the column is missing, so FillWithColumnMean has no mean to fill with.");
            }
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                float v = x[i * featureCount + f];
                if (!float.IsNaN(v)) sum += v;
            }
            float mean = (float)(sum / (count - missingCount[f]));
            for (int i = 0; i < count; i++)
                if (float.IsNaN(x[i * featureCount + f])) x[i * featureCount + f] = mean;
        }
    }

    private static string Escape(char c) => c switch { '\r' => "\\r", '\n' => "\\n", _ => c.ToString() };

    /// <summary>A growable float buffer that appends whole rows at once.</summary>
    private sealed class FloatList
    {
        private float[] _items;
        private int _count;
        public FloatList(int capacity) => _items = new float[capacity];
        public void Add(float v)
        {
            if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            _items[_count++] = v;
        }
        public void AddRange(ReadOnlySpan<float> values)
        {
            if (_count + values.Length > _items.Length) Array.Resize(ref _items, Math.Max(_items.Length * 2, _count + values.Length));
            values.CopyTo(_items.AsSpan(_count));
            _count += values.Length;
        }
        public float[] ToArray() => _items.AsSpan(0, _count).ToArray();
    }
}
