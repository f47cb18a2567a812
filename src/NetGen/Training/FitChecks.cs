using System;
using System.Globalization;
using NetGen.Data;
using NetGen.Losses;

namespace NetGen.Training;

/// <summary>
/// The checks Fit and Evaluate run before the first forward pass, so that a loss, metric or network that does not fit
/// the data fails with an <see cref="ArgumentException"/> naming the argument, the loss or metric and the numbers,
/// instead of training on meaningless numbers (or failing after parameters and running statistics already moved).
/// </summary>
/// <remarks>
/// <para>What a dataset says about its targets: <see cref="Dataset.ClassNames"/> set means classes, held as one class
/// index per row (<see cref="Dataset.TargetWidth"/> 1) or as one-hot rows (TargetWidth = ClassCount); without class
/// names the targets are plain numbers, which class-based losses and metrics accept when their values are valid classes.</para>
/// <list type="bullet">
/// <item><see cref="CrossEntropyLoss"/> and <see cref="NLLLoss"/>: at least 2 outputs; targets are class indices
/// (TargetWidth 1) below OutputSize (a classification dataset may not have more classes than outputs; other datasets
/// must hold whole numbers in [0, OutputSize) or the loss's IgnoreIndex), or, for cross-entropy only, one probability
/// per output (TargetWidth = OutputSize).</item>
/// <item>Element-wise losses (<see cref="MSELoss"/>, <see cref="L1Loss"/>, <see cref="SmoothL1Loss"/>,
/// <see cref="HuberLoss"/>, <see cref="BCELoss"/>, <see cref="BCEWithLogitsLoss"/>, any <see cref="ElementwiseLoss"/>):
/// TargetWidth = OutputSize; class indices only when they are binary (two classes or fewer, one output), because a
/// class index 0/1 is the 0/1 target of a binary model, while indices of more classes are names, not quantities.
/// One-hot rows are accepted (MSE on one-hot targets is a legitimate choice).</item>
/// <item><see cref="Metric.Accuracy"/> (and <see cref="Metric.BinaryAccuracy"/>): class targets. With one output
/// it is binary: a classification dataset of at most two classes, or other targets in [0, 1]. With several outputs:
/// class indices below OutputSize, or one-hot/probability rows of values in [0, 1].</item>
/// <item><see cref="Metric.MeanAbsoluteError"/> and <see cref="Metric.RootMeanSquaredError"/>: TargetWidth = OutputSize.</item>
/// <item>Fit only: a network whose last layer (after any dropout) applies Softmax cannot be trained with
/// <see cref="CrossEntropyLoss"/>, which expects logits (PyTorch semantics), nor with <see cref="NLLLoss"/>, which
/// expects log-probabilities.</item>
/// </list>
/// <para>Custom <see cref="Loss"/> and <see cref="Metric"/> subclasses (other than element-wise losses) are not checked.</para>
/// </remarks>
internal static class FitChecks
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Checks before Fit: the output activation against the loss, then the training and validation data.</summary>
    public static void BeforeFit(INetwork network, Loss loss, Metric[] metrics, Dataset train, Dataset? validation)
    {
        OutputActivation(network, loss);
        Data(network, loss, metrics, train, "train");
        if (validation is not null) Data(network, loss, metrics, validation, "validation");
    }

    /// <summary>Checks before Evaluate (the output activation is not checked: evaluating a softmax network is legitimate).</summary>
    public static void BeforeEvaluate(INetwork network, Loss loss, Metric[] metrics, Dataset data)
        => Data(network, loss, metrics, data, "data");

    private static void Data(INetwork network, Loss loss, Metric[] metrics, Dataset data, string name)
    {
        switch (loss)
        {
            case CrossEntropyLoss ce: ClassLoss(network, data, name, "CrossEntropyLoss", ce.IgnoreIndex, probabilitiesAllowed: true); break;
            case NLLLoss nll: ClassLoss(network, data, name, "NLLLoss", nll.IgnoreIndex, probabilitiesAllowed: false); break;
            case ElementwiseLoss: ElementwiseTargets(network, data, name, loss.GetType().Name); break;
        }
        foreach (Metric metric in metrics)
        {
            if (metric is AccuracyMetric) AccuracyTargets(network, data, name, metric.Name);
            else if (metric is MeanAbsoluteErrorMetric or RootMeanSquaredErrorMetric && data.TargetWidth != network.OutputSize)
                throw new ArgumentException(
                    $"Metric '{metric.Name}' compares each output with the target at the same position, so {name}.TargetWidth ({I(data.TargetWidth)}) must equal network.OutputSize ({I(network.OutputSize)}).{IndexHint(data, name)}",
                    "metrics");
        }
    }

    private static void OutputActivation(INetwork network, Loss loss)
    {
        if (loss is not (CrossEntropyLoss or NLLLoss) || !EndsWithSoftmax(network, out string layer)) return;
        throw new ArgumentException(loss is CrossEntropyLoss
            ? $"CrossEntropyLoss expects logits (PyTorch semantics: it applies log-softmax itself), but the network's last layer '{layer}' applies Softmax, so training would apply softmax twice and learn slowly toward wrong probabilities. Give the output layer Activation.Identity (apply softmax only to read probabilities), or end with LogSoftmax and use NLLLoss."
            : $"NLLLoss expects log-probabilities, but the network's last layer '{layer}' applies Softmax (probabilities). End with LogSoftmax instead, or output logits (Activation.Identity) and use CrossEntropyLoss.",
            nameof(loss));
    }

    /// <summary>Whether the last layer that is not dropout applies Softmax (fused in a dense layer or on its own).</summary>
    private static bool EndsWithSoftmax(INetwork network, out string layer)
    {
        layer = "";
        var layers = network.Layers;
        int k = layers.Count - 1;
        while (k >= 0 && layers[k] is DropoutLayer) k--;
        if (k < 0) return false;
        layer = layers[k].Name;
        return layers[k] switch
        {
            DenseLayer dense => dense.Activation == Activation.Softmax,
            ActivationLayer activation => activation.Activation == Activation.Softmax,
            _ => false,
        };
    }

    private static void ClassLoss(INetwork network, Dataset data, string name, string lossName, int ignoreIndex, bool probabilitiesAllowed)
    {
        int outputs = network.OutputSize, width = data.TargetWidth;
        if (outputs < 2)
            throw new ArgumentException(
                $"{lossName} needs one output per class (at least 2), but network.OutputSize is {I(outputs)}. For a single-output binary classifier use BCEWithLogitsLoss on 0/1 targets.",
                "loss");
        if (width == 1)
        {
            if (data.IsClassification)
            {
                if (data.ClassCount > outputs)
                    throw new ArgumentException(
                        $"{name} has {I(data.ClassCount)} classes but network.OutputSize is {I(outputs)}: {lossName} needs one output per class.", name);
                return;
            }
            for (int i = 0; i < data.Targets.Length; i++)
            {
                float t = data.Targets[i];
                if (!(t >= 0 && t < outputs && t == MathF.Floor(t)) && t != ignoreIndex)
                    throw new ArgumentException(
                        $"{lossName} takes class indices, but {name}.Targets[{I(i)}] ({F(t)}) is not a whole number in [0, {I(outputs)}) (network.OutputSize) nor ignoreIndex ({I(ignoreIndex)}). {name} has no ClassNames, so its targets are plain numbers: for a numeric target use a regression loss such as MSELoss.",
                        name);
            }
            return;
        }
        if (probabilitiesAllowed && width == outputs) return;
        throw new ArgumentException(probabilitiesAllowed
            ? $"{lossName} takes class indices ({name}.TargetWidth 1) or one probability per output ({name}.TargetWidth = network.OutputSize = {I(outputs)}), but {name}.TargetWidth is {I(width)}."
            : $"{lossName} takes one class index per sample ({name}.TargetWidth 1), but {name}.TargetWidth is {I(width)}.{(data.IsClassification && width == data.ClassCount ? " These are one-hot rows: use CrossEntropyLoss, which takes them as probabilities, or the class indices before one-hot encoding." : "")}",
            name);
    }

    private static void ElementwiseTargets(INetwork network, Dataset data, string name, string lossName)
    {
        int outputs = network.OutputSize, width = data.TargetWidth;
        if (width != outputs)
            throw new ArgumentException(
                $"{lossName} compares each output with the target at the same position, so {name}.TargetWidth ({I(width)}) must equal network.OutputSize ({I(outputs)}).{IndexHint(data, name)}",
                name);
        if (data.IsClassification && width == 1 && data.ClassCount > 2)
            throw new ArgumentException(
                $"{name} holds class indices of {I(data.ClassCount)} classes (it has ClassNames), but {lossName} treats a target as a quantity, so it would fit the class numbers 0..{I(data.ClassCount - 1)} instead of the labels. For a numeric target, load the column with CsvOptions.Task = LabelTask.Regression (or build the Dataset without classNames); for classes, use CrossEntropyLoss with one output per class (network.OutputSize is {I(outputs)}).",
                name);
    }

    private static void AccuracyTargets(INetwork network, Dataset data, string name, string metric)
    {
        int outputs = network.OutputSize, width = data.TargetWidth;
        if (width != 1 && width != outputs)
            throw new ArgumentException(
                $"Metric '{metric}' compares the predicted class with a class index ({name}.TargetWidth 1) or a one-hot row ({name}.TargetWidth = network.OutputSize = {I(outputs)}), but {name}.TargetWidth is {I(width)}.",
                "metrics");
        if (data.IsClassification)
        {
            if (outputs == 1 && data.ClassCount > 2)
                throw new ArgumentException(
                    $"Metric '{metric}' on a single-output network is binary (class 1 when the output reaches the threshold), but {name} has {I(data.ClassCount)} classes. Give the network one output per class.",
                    "metrics");
            if (outputs > 1 && width == 1 && data.ClassCount > outputs)
                throw new ArgumentException(
                    $"Metric '{metric}' predicts one of network.OutputSize ({I(outputs)}) classes, but {name} has {I(data.ClassCount)} classes.", "metrics");
            return;
        }
        // No ClassNames: accept the targets when their values are classes for this output.
        bool indices = width == 1 && outputs > 1;
        for (int i = 0; i < data.Targets.Length; i++)
        {
            float t = data.Targets[i];
            bool ok = indices ? t >= 0 && t < outputs && t == MathF.Floor(t) : t >= 0 && t <= 1;
            if (!ok)
                throw new ArgumentException(
                    $"Metric '{metric}' needs class targets, but {name} has no ClassNames and {name}.Targets[{I(i)}] is {F(t)}, not {(indices ? $"a class index in [0, {I(outputs)})" : "in [0, 1]")}: these look like regression targets. Use Metric.MeanAbsoluteError or Metric.RootMeanSquaredError for regression.",
                    "metrics");
        }
    }

    private static string IndexHint(Dataset data, string name)
        => data.IsClassification && data.TargetWidth == 1
            ? $" {name} holds one class index per sample: use CrossEntropyLoss, or one-hot encode the targets (OneHot.Encode({name}))."
            : "";

    private static string I(int value) => value.ToString(C);

    private static string F(float value) => value.ToString("R", C);
}
