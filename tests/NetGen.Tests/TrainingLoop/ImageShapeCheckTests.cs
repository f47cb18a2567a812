using System;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.TrainingLoop;

/// <summary>
/// Images whose value count matches the network's input but whose [C, H, W] does not (channels last, a transposed
/// plane) would train on scrambled pixels: Fit and Evaluate refuse them, naming both shapes, before touching anything.
/// Plain features (a CSV of flattened NCHW images) are still accepted.
/// </summary>
public sealed class ImageShapeCheckTests
{
    private static Dataset Images(SampleShape shape, int count)
    {
        var features = new float[count * shape.Size];
        var targets = new float[count];
        for (int i = 0; i < count; i++) targets[i] = i % 5;
        return new Dataset(features, targets, shape, targetWidth: 1);
    }

    [Fact]
    public void Images_of_another_layout_with_the_same_size_are_refused()
    {
        var net = new ConvStackNet(); // input [2, 9, 8] = 144 values
        float[] before = net.Parameters.Values.ToArray();
        Dataset transposed = Images(SampleShape.Image(2, 8, 9), 3);
        var ex = Assert.Throws<ArgumentException>(() =>
            net.Fit(transposed, new CrossEntropyLoss(), new SGD(net.Parameters, learningRate: 0.1), epochs: 1, batchSize: 3));
        Assert.Equal("train", ex.ParamName);
        Assert.Contains("[2, 8, 9]", ex.Message);
        Assert.Contains("[2, 9, 8]", ex.Message);
        Assert.Equal(before, net.Parameters.Values.ToArray());
        ex = Assert.Throws<ArgumentException>(() => net.Evaluate(Images(SampleShape.Image(8, 9, 2), 3), new CrossEntropyLoss()));
        Assert.Equal("data", ex.ParamName);
    }

    [Fact]
    public void Matching_images_and_plain_features_are_accepted()
    {
        var net = new ConvStackNet();
        net.Evaluate(Images(SampleShape.Image(2, 9, 8), 3), new CrossEntropyLoss());
        net.Evaluate(Images(SampleShape.Vector(144), 3), new CrossEntropyLoss());
    }
}
