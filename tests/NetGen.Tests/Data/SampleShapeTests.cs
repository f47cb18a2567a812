using System;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>The per-sample shape: vectors [F] and images [C, H, W], and datasets that keep their shape through copies.</summary>
public sealed class SampleShapeTests
{
    [Fact]
    public void Vector_Is_F_Channels_Of_One_Pixel_And_Image_Is_C_H_W()
    {
        var v = SampleShape.Vector(20);
        Assert.Equal((1, false, 20, 1, 1, 1, 20), (v.Rank, v.IsImage, v.Channels, v.Height, v.Width, v.PlaneSize, v.Size));
        Assert.Equal("[20]", v.ToString());
        Assert.Equal(new[] { 20 }, v.ToArray());
        Assert.Equal(20, v[0]);

        var image = SampleShape.Image(3, 28, 32);
        Assert.Equal((3, true, 3, 28, 32, 896, 2688), (image.Rank, image.IsImage, image.Channels, image.Height, image.Width, image.PlaneSize, image.Size));
        Assert.Equal("[3, 28, 32]", image.ToString());
        Assert.Equal(new[] { 3, 28, 32 }, image.ToArray());
        Assert.Equal((3, 28, 32), (image[0], image[1], image[2]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => image[3]);
        Assert.Contains("dimension (3) is not in [0, 3) for the shape [3, 28, 32]", e.Message);

        SampleShape empty = default;
        Assert.Equal((0, 0, "[]"), (empty.Rank, empty.Size, empty.ToString()));
        Assert.Empty(empty.ToArray());
    }

    [Fact]
    public void Shapes_Are_Equal_By_Rank_And_Dimensions()
    {
        Assert.Equal(SampleShape.Image(1, 28, 28), SampleShape.Image(1, 28, 28));
        Assert.True(SampleShape.Image(1, 28, 28) == SampleShape.Image(1, 28, 28));
        Assert.Equal(SampleShape.Image(1, 28, 28).GetHashCode(), SampleShape.Image(1, 28, 28).GetHashCode());
        Assert.True(SampleShape.Image(1, 28, 28) != SampleShape.Image(1, 14, 56));
        // The same 784 values, but a vector is not an image: a per-channel statistic means something else for each.
        Assert.NotEqual(SampleShape.Vector(784), SampleShape.Image(1, 28, 28));
        Assert.NotEqual(SampleShape.Vector(1), SampleShape.Image(1, 1, 1));
        Assert.False(SampleShape.Vector(3).Equals((object)3));
    }

    [Fact]
    public void Invalid_Dimensions_Throw_Naming_The_Argument_And_Value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SampleShape.Vector(0));
        Assert.Equal("features", e.ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => SampleShape.Image(1, -2, 5)).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => SampleShape.Image(0, 2, 5)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => SampleShape.Image(1, 2, 0)).ParamName);
        // 65536 × 65536 × 1 = 4294967296 values: more than one array holds.
        var big = Assert.Throws<ArgumentOutOfRangeException>(() => SampleShape.Image(1, 65536, 65536));
        Assert.Contains("[1, 65536, 65536] has 4294967296 values per sample, more than int.MaxValue (2147483647)", big.Message);
    }

    [Fact]
    public void A_Dataset_Defaults_To_A_Vector_Shape_And_Checks_An_Image_Shape()
    {
        var vector = new Dataset(new float[6], new float[2], 3, 1);
        Assert.Equal(SampleShape.Vector(3), vector.SampleShape);

        var images = new Dataset(new float[2 * 12], new float[] { 0, 1 }, SampleShape.Image(3, 2, 2), 1, classNames: new[] { "a", "b" });
        Assert.Equal(12, images.FeatureCount);
        Assert.Equal(2, images.Count);
        Assert.Equal(SampleShape.Image(3, 2, 2), images.SampleShape);

        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[13], new float[1], SampleShape.Image(3, 2, 2), 1));
        Assert.Contains("features has 13 values, which is not a multiple of featureCount (12, sample shape [3, 2, 2])", e.Message);
        Assert.Equal("sampleShape", Assert.Throws<ArgumentException>(() => new Dataset(new float[1], new float[1], default(SampleShape), 1)).ParamName);
        Assert.Equal("featureCount", Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset(new float[1], new float[1], 0, 1)).ParamName);
    }

    [Fact]
    public void Copies_Splits_And_Scaled_Datasets_Keep_The_Image_Shape()
    {
        var shape = SampleShape.Image(1, 2, 3);
        var x = new float[10 * 6];
        for (int i = 0; i < x.Length; i++) x[i] = i % 7;
        var targets = new float[10];
        for (int i = 0; i < 10; i++) targets[i] = i % 2;
        var d = new Dataset(x, targets, shape, 1, classNames: new[] { "even", "odd" });

        Assert.Equal(shape, d.Subset(new[] { 3, 1 }).SampleShape);
        Assert.Equal(shape, d.Clone().SampleShape);
        var split = DatasetSplit.TrainTest(d, 0.3, seed: 1, stratify: true);
        Assert.Equal((shape, shape), (split.Train.SampleShape, split.Test.SampleShape));
        Assert.Equal(shape, OneHot.Encode(d).SampleShape);
        foreach (IFeatureScaler scaler in new IFeatureScaler[] { new Standardizer(), new MinMaxScaler(), new ChannelStandardizer() })
        {
            scaler.Fit(split.Train);
            Assert.Equal(shape, scaler.Transform(split.Test).SampleShape);
        }
    }
}
