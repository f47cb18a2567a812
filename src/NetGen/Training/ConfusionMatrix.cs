using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Data;

namespace NetGen.Training;

/// <summary>
/// Counts of (actual class, predicted class) pairs: <c>Counts[actual, predicted]</c>, rows are the true classes and
/// columns the predictions (scikit-learn's <c>confusion_matrix</c> layout).
/// </summary>
/// <remarks>Thread safety: immutable after construction; safe to use from any number of threads.</remarks>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;
    private readonly string[] _names;

    private ConfusionMatrix(int[,] counts, string[] names)
    {
        _counts = counts;
        _names = names;
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount => _names.Length;

    /// <summary>The class labels (the dataset's class names, or "0", "1", …).</summary>
    public IReadOnlyList<string> ClassNames => _names;

    /// <summary>A copy of the counts, [actual, predicted].</summary>
    public int[,] Counts => (int[,])_counts.Clone();

    /// <summary>The number of samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>The number of samples counted.</summary>
    public int Total
    {
        get
        {
            int total = 0;
            foreach (int v in _counts) total += v;
            return total;
        }
    }

    /// <summary>The fraction on the diagonal (NaN when empty).</summary>
    public double Accuracy
    {
        get
        {
            int diagonal = 0;
            for (int k = 0; k < ClassCount; k++) diagonal += _counts[k, k];
            int total = Total;
            return total == 0 ? double.NaN : (double)diagonal / total;
        }
    }

    /// <summary>
    /// The confusion matrix of <paramref name="network"/> on the classification dataset <paramref name="data"/>, using
    /// <see cref="NetworkTraining.PredictClass(INetwork, Dataset, double)"/> (argmax, or threshold 0.5 for one output).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a classification dataset, or the network's outputs
    /// do not match its class count (one output needs at most 2 classes, several outputs exactly ClassCount).</exception>
    public static ConfusionMatrix Compute(INetwork network, Dataset data, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsClassification)
            throw new ArgumentException("A confusion matrix needs a classification dataset (ClassNames is null: this is a regression dataset).", nameof(data));
        int classes = data.ClassCount;
        bool fits = network.OutputSize == 1 ? classes <= 2 : network.OutputSize == classes;
        if (!fits)
            throw new ArgumentException(
                $"The network has {network.OutputSize.ToString(CultureInfo.InvariantCulture)} output(s) but the dataset has {classes.ToString(CultureInfo.InvariantCulture)} classes.", nameof(network));
        int[] predicted = network.PredictClass(data, threshold);
        var actual = new int[data.Count];
        for (int i = 0; i < actual.Length; i++) actual[i] = data.GetClass(i);
        var names = new string[network.OutputSize == 1 ? 2 : classes];
        for (int k = 0; k < names.Length; k++) names[k] = k < classes ? data.ClassNames![k] : k.ToString(CultureInfo.InvariantCulture);
        return FromLabels(actual, predicted, names.Length, names);
    }

    /// <summary>Counts pairs of labels.</summary>
    /// <param name="actual">The true class of each sample.</param>
    /// <param name="predicted">The predicted class of each sample.</param>
    /// <param name="classCount">The number of classes (labels must be in [0, classCount)).</param>
    /// <param name="classNames">Labels for <see cref="ToString"/>; <see langword="null"/> for "0", "1", ….</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is out of range, or the name count is wrong.</exception>
    public static ConfusionMatrix FromLabels(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classCount, IReadOnlyList<string>? classNames = null)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"classCount ({classCount.ToString(c)}) must be at least 1.");
        if (actual.Length != predicted.Length)
            throw new ArgumentException($"actual has {actual.Length.ToString(c)} labels but predicted has {predicted.Length.ToString(c)}.", nameof(predicted));
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"classNames has {classNames.Count.ToString(c)} names but classCount is {classCount.ToString(c)}.", nameof(classNames));
        var counts = new int[classCount, classCount];
        for (int i = 0; i < actual.Length; i++)
        {
            if ((uint)actual[i] >= (uint)classCount)
                throw new ArgumentException($"actual[{i.ToString(c)}] ({actual[i].ToString(c)}) is not a class in [0, {classCount.ToString(c)}).", nameof(actual));
            if ((uint)predicted[i] >= (uint)classCount)
                throw new ArgumentException($"predicted[{i.ToString(c)}] ({predicted[i].ToString(c)}) is not a class in [0, {classCount.ToString(c)}).", nameof(predicted));
            counts[actual[i], predicted[i]]++;
        }
        var names = new string[classCount];
        for (int k = 0; k < classCount; k++) names[k] = classNames?[k] ?? k.ToString(c);
        return new ConfusionMatrix(counts, names);
    }

    /// <summary>
    /// A right-aligned text table, culture-invariant: a header row <c>actual \ predicted</c> followed by the class
    /// names, then one row per actual class; columns separated by two spaces, lines by <c>\n</c>.
    /// </summary>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        const string Corner = "actual \\ predicted";
        int first = Corner.Length;
        foreach (string name in _names) first = Math.Max(first, name.Length);
        var widths = new int[ClassCount];
        for (int p = 0; p < ClassCount; p++)
        {
            widths[p] = _names[p].Length;
            for (int a = 0; a < ClassCount; a++) widths[p] = Math.Max(widths[p], _counts[a, p].ToString(c).Length);
        }
        var s = new StringBuilder();
        s.Append(Corner.PadRight(first));
        for (int p = 0; p < ClassCount; p++) s.Append("  ").Append(_names[p].PadLeft(widths[p]));
        s.Append('\n');
        for (int a = 0; a < ClassCount; a++)
        {
            s.Append(_names[a].PadRight(first));
            for (int p = 0; p < ClassCount; p++) s.Append("  ").Append(_counts[a, p].ToString(c).PadLeft(widths[p]));
            s.Append('\n');
        }
        return s.ToString();
    }
}
