using System.Linq;
using NetGen.Training;

namespace NetGen.Samples;

/// <summary>Draws a training history as PNG charts: loss and accuracy (train and validation) and the learning rate.</summary>
public static class TrainingCharts
{
    /// <summary>Writes <c>{prefix}-loss.png</c>, <c>{prefix}-accuracy.png</c> and <c>{prefix}-lr.png</c>; returns the loss chart's path.</summary>
    public static string Save(History history, string title, string prefix)
    {
        double[] epochs = history.Epochs.Where(e => e.Completed).Select(e => (double)e.Epoch).ToArray();

        var loss = new ScottPlot.Plot();
        Line(loss, epochs, history, "loss", "train");
        Line(loss, epochs, history, "val_loss", "validation");
        Finish(loss, title + ": loss", prefix + "-loss.png");

        var accuracy = new ScottPlot.Plot();
        Line(accuracy, epochs, history, "accuracy", "train");
        Line(accuracy, epochs, history, "val_accuracy", "validation");
        Finish(accuracy, title + ": accuracy", prefix + "-accuracy.png");

        var rate = new ScottPlot.Plot();
        Line(rate, epochs, history, "lr", "learning rate");
        Finish(rate, title + ": learning rate", prefix + "-lr.png");
        return prefix + "-loss.png";
    }

    private static void Finish(ScottPlot.Plot plot, string title, string path)
    {
        plot.Title(title);
        plot.XLabel("epoch");
        plot.ShowLegend();
        plot.SavePng(path, 600, 400);
    }

    private static void Line(ScottPlot.Plot plot, double[] epochs, History history, string name, string label)
    {
        double[] values = history.Epochs.Where(e => e.Completed).Select(e => e.TryGetValue(name, out double v) ? v : double.NaN).ToArray();
        if (values.Length == 0 || values.All(double.IsNaN)) return;
        var line = plot.Add.ScatterLine(epochs, values);
        line.LegendText = label;
    }
}
