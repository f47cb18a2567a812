using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>
/// A model summary in the spirit of torchsummary / Keras' <c>model.summary()</c>: each layer's name,
/// type, output shape and parameter count, then the totals. Culture-invariant.
/// </summary>
/// <remarks>Thread safety: stateless; every member is safe to call from any number of threads at once (on distinct output buffers).</remarks>
public static class NetworkSummary
{
    /// <summary>Trainable scalars plus non-trainable running statistics of a network.</summary>
    /// <remarks>Thread safety: an immutable value.</remarks>
    public readonly record struct Counts(int Trainable, int NonTrainable)
    {
        /// <summary>Trainable plus non-trainable.</summary>
        public int Total => Trainable + NonTrainable;
    }

    /// <summary>
    /// Counts parameters: trainable = the flat parameter buffer; non-trainable = batch-norm running mean
    /// and variance (as Keras counts them; the batch counter is not a parameter).
    /// </summary>
    public static Counts CountParameters(this INetwork network)
    {
        if (network is null) throw new ArgumentNullException(nameof(network));
        int nonTrainable = 0;
        foreach (Layer layer in network.Layers) nonTrainable += NonTrainable(layer);
        return new Counts(network.Parameters.Count, nonTrainable);
    }

    /// <summary>The summary table as text.</summary>
    public static string Summary(this INetwork network)
    {
        if (network is null) throw new ArgumentNullException(nameof(network));
        var rows = new List<(string Layer, string Shape, string Count)>();
        foreach (Layer layer in network.Layers)
            rows.Add((layer.Name + " (" + layer.Kind + ")", Shape(layer.OutputShape), Number(layer.ParameterCount + NonTrainable(layer))));

        int w1 = "Layer (type)".Length, w2 = "Output shape".Length, w3 = "Param #".Length;
        foreach (var row in rows)
        {
            w1 = Math.Max(w1, row.Layer.Length);
            w2 = Math.Max(w2, row.Shape.Length);
            w3 = Math.Max(w3, row.Count.Length);
        }
        int width = w1 + w2 + w3 + 4;
        var text = new StringBuilder();
        text.Append(network.GetType().Name).Append(": ").Append(Number(network.InputSize)).Append(" inputs -> ")
            .Append(Number(network.OutputSize)).Append(" outputs\n");
        text.Append('-', width).Append('\n');
        text.Append("Layer (type)".PadRight(w1)).Append("  ").Append("Output shape".PadRight(w2)).Append("  ").Append("Param #".PadLeft(w3)).Append('\n');
        text.Append('=', width).Append('\n');
        foreach (var row in rows)
            text.Append(row.Layer.PadRight(w1)).Append("  ").Append(row.Shape.PadRight(w2)).Append("  ").Append(row.Count.PadLeft(w3)).Append('\n');
        text.Append('=', width).Append('\n');
        Counts counts = network.CountParameters();
        text.Append("Total params: ").Append(Number(counts.Total)).Append('\n');
        text.Append("Trainable params: ").Append(Number(counts.Trainable)).Append('\n');
        text.Append("Non-trainable params: ").Append(Number(counts.NonTrainable)).Append('\n');
        double megabytes = counts.Total * 4.0 / (1024 * 1024);
        text.Append("Parameter memory: ").Append(megabytes.ToString("0.00", CultureInfo.InvariantCulture)).Append(" MB\n");
        text.Append('-', width).Append('\n');
        return text.ToString();
    }

    private static int NonTrainable(Layer layer) =>
        layer is BatchNormLayer norm ? norm.RunningMean.Length + norm.RunningVar.Length : 0;

    /// <summary>torchsummary's form: <c>[-1, 16, 24, 24]</c>, the batch first.</summary>
    private static string Shape(System.Collections.Generic.IReadOnlyList<int> shape)
    {
        var text = new StringBuilder("[-1");
        foreach (int d in shape) text.Append(", ").Append(d.ToString(CultureInfo.InvariantCulture)); // no digit grouping, as torchsummary
        return text.Append(']').ToString();
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
