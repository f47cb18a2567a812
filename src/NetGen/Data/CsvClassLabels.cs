using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Data;

/// <summary>
/// Maps the label cells of a CSV file to class indices under <see cref="LabelTask.Classification"/>, following the
/// rules documented there: fixed <see cref="CsvOptions.ClassNames"/> are matched by text, or by value when they are all
/// numbers; discovered labels are sorted, and a column whose labels are all numbers is mapped by value (so "1" and
/// "1.0" are one class) and refused when a value is not an integer (a regression target, not classes).
/// </summary>
internal sealed class CsvClassLabels
{
    private readonly string[]? _fixedNames;
    private readonly Dictionary<string, int>? _fixedByText;
    private readonly Dictionary<double, int>? _fixedByValue; // when every fixed name is a number
    private readonly Dictionary<string, int> _discovered = new(StringComparer.Ordinal); // label → provisional index
    private readonly List<string> _texts = new();  // provisional index → label, in order of first appearance
    private readonly List<int> _lines = new();     // provisional index → line of first appearance

    /// <summary>Reads and checks <see cref="CsvOptions.ClassNames"/> (no label twice, by text or by value).</summary>
    public CsvClassLabels(IReadOnlyList<string>? classNames)
    {
        if (classNames is null) return;
        _fixedNames = new string[classNames.Count];
        _fixedByText = new Dictionary<string, int>(StringComparer.Ordinal);
        var byValue = new Dictionary<double, int>();
        for (int c = 0; c < _fixedNames.Length; c++)
        {
            string name = _fixedNames[c] = classNames[c].Trim();
            if (!_fixedByText.TryAdd(name, c))
                throw new ArgumentException($"CsvOptions.ClassNames lists '{classNames[c]}' twice.", "options");
            if (byValue is not null)
            {
                if (!TryNumber(name, out double v)) byValue = null;
                else if (!byValue.TryAdd(v, c))
                    throw new ArgumentException(
                        $"CsvOptions.ClassNames lists '{name}' and '{_fixedNames[byValue[v]]}', which are the same number (numeric labels are matched by value).", "options");
            }
        }
        _fixedByValue = byValue;
    }

    /// <summary>Whether the classes were fixed by <see cref="CsvOptions.ClassNames"/>.</summary>
    public bool IsFixed => _fixedNames is not null;

    /// <summary>The class of <paramref name="label"/> among the fixed classes: by text, else by numeric value.</summary>
    public bool TryGetFixed(string label, out int c)
    {
        if (_fixedByText!.TryGetValue(label, out c)) return true;
        return _fixedByValue is not null && TryNumber(label, out double v) && _fixedByValue.TryGetValue(v, out c);
    }

    /// <summary>A provisional index for a discovered label (first appearance order); <see cref="Finish"/> renumbers them.</summary>
    public int Discover(string label, int line)
    {
        if (!_discovered.TryGetValue(label, out int c))
        {
            c = _texts.Count;
            _discovered.Add(label, c);
            _texts.Add(label);
            _lines.Add(line);
        }
        return c;
    }

    /// <summary>
    /// The class names; for discovered labels, also rewrites the provisional indices in <paramref name="targets"/> into
    /// the final sorted ones.
    /// </summary>
    /// <exception cref="ArgumentException">Every discovered label is a number and one of them is not an integer.</exception>
    public string[] Finish(float[] targets, string source, string column)
    {
        if (_fixedNames is not null) return _fixedNames;
        int n = _texts.Count;
        var values = new double[n];
        bool numeric = true;
        for (int c = 0; c < n && numeric; c++) numeric = TryNumber(_texts[c], out values[c]);

        string[] names;
        int[] remap = numeric ? ByValue(values, source, column, out names) : ByText(_texts, out names);
        for (int i = 0; i < targets.Length; i++) targets[i] = remap[(int)targets[i]];
        return names;
    }

    /// <summary>Numeric labels: one class per distinct value, in increasing order, named by the value's shortest text.</summary>
    private int[] ByValue(double[] values, string source, string column, out string[] names)
    {
        var distinct = new SortedSet<double>(values);
        for (int c = 0; c < values.Length; c++)
        {
            if (values[c] != Math.Floor(values[c]))
                throw new ArgumentException(
                    $"{source}: the label column '{column}' holds numbers that are not all integers (e.g. \"{_texts[c]}\" on line {_lines[c].ToString(CultureInfo.InvariantCulture)}), which reads as a regression target: as classes, each of its {distinct.Count.ToString(CultureInfo.InvariantCulture)} distinct values would become a class. Set CsvOptions.Task = LabelTask.Regression to load the numbers as targets, or list the labels in CsvOptions.ClassNames if they really are classes.",
                    "options");
        }
        var order = new List<double>(distinct);
        names = new string[order.Count];
        for (int k = 0; k < names.Length; k++) names[k] = order[k].ToString("R", CultureInfo.InvariantCulture);
        var remap = new int[values.Length];
        for (int c = 0; c < values.Length; c++) remap[c] = order.BinarySearch(values[c]);
        return remap;
    }

    /// <summary>Text labels: sorted ordinally (scikit-learn's LabelEncoder on strings).</summary>
    private static int[] ByText(List<string> labels, out string[] names)
    {
        int n = labels.Count;
        var order = new int[n];
        for (int c = 0; c < n; c++) order[c] = c;
        Array.Sort(order, (a, b) => string.CompareOrdinal(labels[a], labels[b]));
        names = new string[n];
        var remap = new int[n];
        for (int k = 0; k < n; k++)
        {
            names[k] = labels[order[k]];
            remap[order[k]] = k;
        }
        return remap;
    }

    /// <summary>A finite number in the invariant culture; −0 reads as 0 so that both are one class.</summary>
    private static bool TryNumber(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            value += 0.0;
            return true;
        }
        return false;
    }
}
