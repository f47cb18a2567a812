using System;
using System.Linq;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Tests.Data;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.TrainingLoop;

/// <summary>Three probabilities out: softmax fused into the output layer.</summary>
[Network(Inputs = 2, Seed = 4, MaxBatchSize = 16)]
public partial class SoftmaxNet
{
    [Dense(8, Activation.Tanh)] public readonly DenseLayer Hidden;
    [Dense(3, Activation.Softmax)] public readonly DenseLayer Output;
}

/// <summary>Three probabilities out: softmax as a layer of its own, then (against advice) dropout.</summary>
#pragma warning disable NG2002, NG2008 // dropout after the softmax output: here on purpose, the check must look through it
[Network(Inputs = 2, Seed = 5, MaxBatchSize = 16)]
public partial class SoftmaxLayerNet
{
    [Dense(3)] public readonly DenseLayer Logits;
    [ActivationLayer(Activation.Softmax)] public readonly ActivationLayer Probabilities;
    [Dropout(0.1)] public readonly DropoutLayer Drop;
}
#pragma warning restore NG2002, NG2008

/// <summary>Three log-probabilities out, the input NLLLoss expects.</summary>
[Network(Inputs = 2, Seed = 6, MaxBatchSize = 16)]
public partial class LogSoftmaxNet
{
    [Dense(3, Activation.LogSoftmax)] public readonly DenseLayer Output;
}

/// <summary>Six auto-mpg features in, one number out.</summary>
[Network(Inputs = 6, Seed = 7, MaxBatchSize = 32)]
public partial class MpgNet
{
    [Dense(1)] public readonly DenseLayer Output;
}

/// <summary>
/// Fit and Evaluate refuse, before the first step, a loss or metric that does not fit the targets or the network, and
/// a softmax output under CrossEntropyLoss; parameters, running statistics and the optimizer stay untouched.
/// </summary>
public class FitChecksTests
{
    /// <summary>Rows of two features with the given targets (one per row unless width says otherwise).</summary>
    private static Dataset Data(float[] targets, int width = 1, string[]? classNames = null)
    {
        int n = targets.Length / width;
        var x = new float[2 * n];
        for (int i = 0; i < x.Length; i++) x[i] = 0.1f * i - 1;
        return new Dataset(x, targets, 2, width, classNames: classNames);
    }

    private static readonly string[] FiveClasses = { "a", "b", "c", "d", "e" };

    /// <summary>Runs Fit, expects an ArgumentException, and checks that nothing moved.</summary>
    private static ArgumentException FitRefuses(INetwork net, Dataset train, Loss loss, Metric[]? metrics = null, Dataset? validation = null)
    {
        float[] parameters = net.Parameters.Values.ToArray(), buffers = net.Buffers.Values.ToArray();
        var sgd = new SGD(net.Parameters, learningRate: 0.1);
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            net.Fit(train, loss, sgd, epochs: 2, batchSize: 4, validation: validation, metrics: metrics, shuffle: false));
        Assert.Equal(parameters, net.Parameters.Values.ToArray());
        Assert.Equal(buffers, net.Buffers.Values.ToArray());
        Assert.Equal(0, sgd.StepCount);
        return e;
    }

    [Fact]
    public void A_Regression_Loss_On_Class_Indices_Of_Many_Classes_Is_Refused()
    {
        // 5 classes as indices 0..4 with one output: MSE would fit the numbers 0..4, not the labels.
        var train = Data(new float[] { 0, 1, 2, 3, 4, 0, 1, 2 }, classNames: FiveClasses);
        foreach (Loss loss in new Loss[] { new MSELoss(), new L1Loss(), new SmoothL1Loss(), new HuberLoss(), new BCEWithLogitsLoss() })
        {
            var e = FitRefuses(new LinearNet(), train, loss);
            Assert.Equal("train", e.ParamName);
            Assert.Contains(loss.GetType().Name, e.Message);
            Assert.Contains("class indices of 5 classes", e.Message);
            Assert.Contains("0..4", e.Message);
            Assert.Contains("CsvOptions.Task = LabelTask.Regression", e.Message);
        }
    }

    [Fact]
    public void AutoMpg_Cylinders_Loaded_As_Classes_Cannot_Be_Fitted_With_MSE()
    {
        // cylinders holds the integers 3, 4, 5, 6, 8 (Python csv over the 392 rows with horsepower): 5 classes by
        // default, which MSE would fit as 0..4. Loaded as a regression target the same Fit runs.
        string path = DataFiles.PathOf("auto_mpg.csv");
        var options = new CsvOptions { LabelColumn = "cylinders", ExcludeColumns = new[] { "origin", "name" }, MissingValues = MissingValuePolicy.SkipRow };
        Dataset classes = Dataset.LoadCsv(path, options);
        Assert.Equal(new[] { "3", "4", "5", "6", "8" }, classes.ClassNames);
        var e = FitRefuses(new MpgNet(), classes, new MSELoss());
        Assert.Contains("class indices of 5 classes", e.Message);

        options.Task = LabelTask.Regression;
        var net = new MpgNet();
        net.Fit(Dataset.LoadCsv(path, options), new MSELoss(), new SGD(net.Parameters, learningRate: 1e-9), epochs: 1, batchSize: 32);
    }

    [Fact]
    public void Targets_Narrower_Than_The_Output_Are_Refused_Before_Batch_Norm_Statistics_Move()
    {
        // NormNet has one output; targets of width 2. Before, the first forward pass moved the running statistics and
        // only then did the loss throw.
        var e = FitRefuses(new NormNet(), Data(new float[16], width: 2), new MSELoss());
        Assert.Equal("train", e.ParamName);
        Assert.Contains("MSELoss compares each output with the target at the same position, so train.TargetWidth (2) must equal network.OutputSize (1)", e.Message);
    }

    [Fact]
    public void Class_Indices_For_A_Three_Output_MSE_Network_Are_Refused_With_The_Fix()
    {
        var e = FitRefuses(new BlobNet(), LoopData.Blobs(4, 1), new MSELoss());
        Assert.Contains("train.TargetWidth (1) must equal network.OutputSize (3)", e.Message);
        Assert.Contains("OneHot.Encode(train)", e.Message);
        Assert.Contains("CrossEntropyLoss", e.Message);
    }

    [Fact]
    public void Bad_Validation_Targets_Are_Refused_Before_The_First_Epoch_Trains()
    {
        // Before, a whole epoch trained and the validation pass then threw: the weights had moved.
        var e = FitRefuses(new LinearNet(), LoopData.Indexed(8), new MSELoss(), validation: Data(new float[8], width: 2));
        Assert.Equal("validation", e.ParamName);
        Assert.Contains("validation.TargetWidth (2) must equal network.OutputSize (1)", e.Message);
    }

    [Fact]
    public void CrossEntropy_Refuses_Targets_That_Are_Not_Class_Indices_Of_The_Output()
    {
        // No ClassNames, targets 0..7 for 3 outputs: train.Targets[3] = 3 is the first that is not in [0, 3).
        var plain = FitRefuses(new BlobNet(), LoopData.Indexed(8), new CrossEntropyLoss());
        Assert.Equal("train", plain.ParamName);
        Assert.Contains("CrossEntropyLoss", plain.Message);
        Assert.Contains("train.Targets[3] (3) is not a whole number in [0, 3)", plain.Message);

        // Five declared classes for three outputs (the targets seen happen to be below 3).
        var classes = FitRefuses(new BlobNet(), Data(new float[] { 0, 1, 2, 0 }, classNames: FiveClasses), new CrossEntropyLoss());
        Assert.Contains("train has 5 classes but network.OutputSize is 3", classes.Message);

        var single = FitRefuses(new LinearNet(), Data(new float[] { 0, 1, 1, 0 }, classNames: new[] { "no", "yes" }), new CrossEntropyLoss());
        Assert.Equal("loss", single.ParamName);
        Assert.Contains("network.OutputSize is 1", single.Message);
        Assert.Contains("BCEWithLogitsLoss", single.Message);

        var nll = FitRefuses(new LogSoftmaxNet(), OneHot.Encode(LoopData.Blobs(2, 1)), new NLLLoss());
        Assert.Contains("NLLLoss takes one class index per sample (train.TargetWidth 1), but train.TargetWidth is 3", nll.Message);
    }

    [Fact]
    public void Accuracy_On_Regression_Targets_Is_Refused()
    {
        // Targets 0, 1, 2, …: with one output accuracy is binary and needs targets in [0, 1]; Targets[2] = 2 is not.
        var e = FitRefuses(new LinearNet(), LoopData.Indexed(8), new MSELoss(), new[] { Metric.Accuracy });
        Assert.Equal("metrics", e.ParamName);
        Assert.Contains("Metric 'accuracy' needs class targets, but train has no ClassNames and train.Targets[2] is 2, not in [0, 1]", e.Message);
        Assert.Contains("Metric.MeanAbsoluteError", e.Message);

        // auto-mpg as a regression target: mpg 18 on the first row.
        var options = new CsvOptions { LabelColumn = "mpg", Task = LabelTask.Regression, ExcludeColumns = new[] { "origin", "name" }, MissingValues = MissingValuePolicy.SkipRow };
        var mpg = FitRefuses(new MpgNet(), Dataset.LoadCsv(DataFiles.PathOf("auto_mpg.csv"), options), new MSELoss(), new[] { Metric.Accuracy });
        Assert.Contains("train.Targets[0] is 18, not in [0, 1]", mpg.Message);

        // Several outputs: one-hot-wide targets must be in [0, 1].
        var wide = FitRefuses(new BlobNet(), Data(new float[] { 0, 5, 0, 1, 0, 0 }, width: 3), new MSELoss(), new[] { Metric.Accuracy });
        Assert.Contains("train.Targets[1] is 5, not in [0, 1]", wide.Message);

        // Binary accuracy on a single output cannot score five classes.
        var five = FitRefuses(new LinearNet(), Data(new float[] { 0, 1, 4, 2 }, classNames: FiveClasses), new RecordingLoss(), new[] { Metric.BinaryAccuracy(0) });
        Assert.Contains("single-output network is binary", five.Message);
        Assert.Contains("train has 5 classes", five.Message);
    }

    [Fact]
    public void Regression_Metrics_Need_Targets_As_Wide_As_The_Output()
    {
        var e = FitRefuses(new BlobNet(), LoopData.Blobs(4, 1), new CrossEntropyLoss(), new[] { Metric.RootMeanSquaredError });
        Assert.Equal("metrics", e.ParamName);
        Assert.Contains("Metric 'rmse'", e.Message);
        Assert.Contains("train.TargetWidth (1) must equal network.OutputSize (3)", e.Message);
    }

    [Fact]
    public void CrossEntropy_On_A_Softmax_Output_Is_Refused_Saying_It_Expects_Logits()
    {
        foreach (INetwork net in new INetwork[] { new SoftmaxNet(), new SoftmaxLayerNet() })
        {
            var e = FitRefuses(net, LoopData.Blobs(4, 1), new CrossEntropyLoss());
            Assert.Equal("loss", e.ParamName);
            Assert.Contains("CrossEntropyLoss expects logits", e.Message);
            Assert.Contains(net is SoftmaxNet ? "last layer 'Output' applies Softmax" : "last layer 'Probabilities' applies Softmax", e.Message);
            Assert.Contains("Activation.Identity", e.Message);
            Assert.Contains("LogSoftmax and use NLLLoss", e.Message);
        }
        var nll = FitRefuses(new SoftmaxNet(), LoopData.Blobs(4, 1), new NLLLoss());
        Assert.Contains("NLLLoss expects log-probabilities", nll.Message);
    }

    [Fact]
    public void Evaluate_Refuses_The_Same_Mismatches_Naming_Data()
    {
        var net = new LinearNet();
        var accuracy = Assert.Throws<ArgumentException>(() => net.Evaluate(LoopData.Indexed(8), new MSELoss(), new[] { Metric.Accuracy }));
        Assert.Equal("metrics", accuracy.ParamName);
        Assert.Contains("data.Targets[2] is 2", accuracy.Message);
        var classes = Assert.Throws<ArgumentException>(() => net.Evaluate(Data(new float[] { 0, 4, 1, 2 }, classNames: FiveClasses), new MSELoss()));
        Assert.Equal("data", classes.ParamName);
        Assert.Contains("data holds class indices of 5 classes", classes.Message);
    }

    [Fact]
    public void Legitimate_Pairs_Still_Train()
    {
        // Each of these once drew no complaint and must keep drawing none: one epoch runs and the weights move.
        var binary = new[] { "no", "yes" };
        var cases = new (Func<INetwork> Net, Dataset Data, Loss Loss, Metric[] Metrics)[]
        {
            (() => new LinearNet(), Data(new float[] { 0, 1, 1, 0 }), new BCEWithLogitsLoss(), new[] { Metric.BinaryAccuracy(0) }),  // 0/1 floats
            (() => new LinearNet(), Data(new float[] { 0, 1, 1, 0 }, classNames: binary), new BCEWithLogitsLoss(), new[] { Metric.Accuracy }), // binary indices
            (() => new LinearNet(), Data(new float[] { 0, 1, 1, 0 }, classNames: binary), new MSELoss(), new[] { Metric.Accuracy }),  // Keras-style mse on 0/1
            (() => new LinearNet(), Data(new float[] { 0.2f, 0.9f, 0.5f, 0 }), new BCEWithLogitsLoss(), new[] { Metric.Accuracy }), // soft targets
            (() => new LinearNet(), LoopData.Indexed(8), new HuberLoss(), new[] { Metric.MeanAbsoluteError, Metric.RootMeanSquaredError }),
            (() => new BlobNet(), OneHot.Encode(LoopData.Blobs(4, 1)), new MSELoss(), new[] { Metric.Accuracy }),                   // MSE on one-hot
            (() => new BlobNet(), OneHot.Encode(LoopData.Blobs(4, 1)), new CrossEntropyLoss(), new[] { Metric.Accuracy }),          // probabilities
            (() => new BlobNet(), Data(new float[] { 0, 2, 1, 2, -100, 0 }), new CrossEntropyLoss(), Array.Empty<Metric>()),       // undeclared indices, ignore_index
            (() => new LogSoftmaxNet(), LoopData.Blobs(4, 1), new NLLLoss(), new[] { Metric.Accuracy }),
        };
        foreach (var (makeNet, data, loss, metrics) in cases)
        {
            INetwork net = makeNet();
            float[] before = net.Parameters.Values.ToArray();
            net.Fit(data, loss, new SGD(net.Parameters, learningRate: 0.1), epochs: 1, batchSize: 2, metrics: metrics);
            Assert.NotEqual(before, net.Parameters.Values.ToArray());
        }
    }
}
