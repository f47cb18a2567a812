using System;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>ChannelStandardizer: one mean and scale per image channel (torchvision's Normalize statistics), fitted on training data.</summary>
public sealed class ChannelStandardizerTests
{
    // Two samples of shape [2, 1, 2] (2 channels of 1 × 2 pixels), row-major (c, y, x):
    // channel 0 holds 1, 3 (sample 0) and 5, 7 (sample 1): mean 4, population variance (9 + 1 + 1 + 9) / 4 = 5.
    // channel 1 holds 10 everywhere: constant, so scale 1 and output 0.
    private static readonly SampleShape Shape = SampleShape.Image(2, 1, 2);
    private static float[] Pixels() => new float[] { 1, 3, 10, 10, 5, 7, 10, 10 };

    [Fact]
    public void Statistics_Are_Over_All_Pixels_Of_A_Channel_In_All_Samples()
    {
        var s = new ChannelStandardizer();
        Assert.False(s.IsFitted);
        s.Fit(Pixels(), Shape);
        Assert.True(s.IsFitted);
        Assert.Equal(Shape, s.SampleShape);
        Assert.Equal(4, s.FeatureCount);
        Assert.Equal(new[] { 4f, 10f }, s.Mean.ToArray());
        Assert.Equal(new[] { (float)Math.Sqrt(5), 1f }, s.Scale.ToArray());

        float[] x = Pixels();
        s.Transform(x);
        double r5 = Math.Sqrt(5);
        float[] expected = { (float)(-3 / r5), (float)(-1 / r5), 0, 0, (float)(1 / r5), (float)(3 / r5), 0, 0 };
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], x[i], 1e-6f);
        s.InverseTransform(x);
        float[] original = Pixels();
        for (int i = 0; i < x.Length; i++) Assert.Equal(original[i], x[i], 1e-6f);
    }

    [Fact]
    public void Per_Pixel_Standardizer_Differs_On_Images()
    {
        // The Standardizer sees 4 features: pixel 0 of channel 0 holds 1 and 5 (mean 3), pixel 1 holds 3 and 7 (mean 5).
        var perPixel = new Standardizer();
        perPixel.Fit(Pixels(), Shape.Size);
        Assert.Equal(new[] { 3f, 5f, 10f, 10f }, perPixel.Mean.ToArray());
    }

    [Fact]
    public void On_A_Vector_Shape_It_Is_The_Standardizer_Bit_For_Bit()
    {
        var data = DataFiles.MobilePrice();
        var standardizer = new Standardizer();
        standardizer.Fit(data);
        var channels = new ChannelStandardizer();
        channels.Fit(data);
        Assert.Equal(SampleShape.Vector(data.FeatureCount), channels.SampleShape);
        Assert.Equal(standardizer.Mean.ToArray(), channels.Mean.ToArray());
        Assert.Equal(standardizer.Scale.ToArray(), channels.Scale.ToArray());
        Assert.Equal(standardizer.Transform(data).Features, channels.Transform(data).Features);

        var viaInterface = new ChannelStandardizer();
        ((IFeatureScaler)viaInterface).Fit(data.Features, data.FeatureCount);
        Assert.Equal(standardizer.Mean.ToArray(), viaInterface.Mean.ToArray());
    }

    [Fact]
    public void Test_Data_Is_Transformed_With_The_Training_Statistics()
    {
        var train = new Dataset(Pixels(), new float[] { 0, 1 }, Shape, 1, classNames: new[] { "a", "b" });
        var test = new Dataset(new float[] { 4, 4 + (float)Math.Sqrt(5), 11, 9 }, new float[] { 1 }, Shape, 1, classNames: new[] { "a", "b" });
        var s = new ChannelStandardizer();
        s.Fit(train);
        Dataset z = s.Transform(test);
        float[] expected = { 0, 1, 1, -1 };
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], z.Features[i], 1e-6f);
        Assert.Equal(test.Targets, z.Targets);
        Assert.NotSame(test.Targets, z.Targets);
        Assert.Equal(new float[] { 4, 4 + (float)Math.Sqrt(5), 11, 9 }, test.Features); // the input is not changed

        var restored = new ChannelStandardizer(Shape, s.Mean, s.Scale);
        Assert.Equal(z.Features, restored.Transform(test).Features);
    }

    [Fact]
    public void Wrong_Shapes_And_Unfitted_Use_Throw_With_Both_Shapes_Named()
    {
        var s = new ChannelStandardizer();
        Assert.Throws<InvalidOperationException>(() => s.Transform(new float[4]));
        s.Fit(Pixels(), Shape);
        var flat = new Dataset(new float[4], new float[1], 4, 1);
        var e = Assert.Throws<ArgumentException>(() => s.Transform(flat));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("sample shape [4] but the ChannelStandardizer was fitted on [2, 1, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => s.Transform(new float[6]));
        Assert.Throws<ArgumentException>(() => s.Fit(new float[] { 1, 2, 3 }, Shape));
        Assert.Throws<ArgumentException>(() => s.Fit(new float[4], default(SampleShape)));

        var restore = Assert.Throws<ArgumentException>(() => new ChannelStandardizer(Shape, new[] { 0f }, new[] { 1f }));
        Assert.Contains("mean and scale have 1 values but the sample shape [2, 1, 2] has 2 channel(s)", restore.Message);
        Assert.Throws<ArgumentException>(() => new ChannelStandardizer(Shape, new[] { 0f, 0f }, new[] { 1f, 0f }));
    }

    [Fact]
    public void Span_Transforms_Allocate_Nothing()
    {
        var s = new ChannelStandardizer();
        s.Fit(Pixels(), Shape);
        float[] x = Pixels();
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() => { s.Transform(x); s.InverseTransform(x); }, times: 10));
    }
}
