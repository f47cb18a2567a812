using System;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>The in-memory dataset and one-hot encoding.</summary>
public sealed class DatasetTests
{
    [Fact]
    public void Constructor_Checks_Shapes_And_Class_Indices()
    {
        Assert.Throws<ArgumentException>(() => new Dataset(new float[5], new float[2], 2, 1));
        Assert.Throws<ArgumentException>(() => new Dataset(new float[4], new float[3], 2, 1));
        Assert.Throws<ArgumentException>(() => new Dataset(new float[4], new float[2], 2, 1, new[] { "a" }));
        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[4], new float[] { 0, 2 }, 2, 1, null, new[] { "a", "b" }));
        Assert.Contains("targets[1] (2)", e.Message);
        Assert.Throws<ArgumentException>(() => new Dataset(new float[4], new float[] { 0, 0.5f }, 2, 1, null, new[] { "a", "b" }));
        Assert.Throws<ArgumentException>(() => new Dataset(new float[4], new float[6], 2, 3, null, new[] { "a", "b" }));
        var d = new Dataset(new float[4], new float[2], 2, 1);
        Assert.Equal(new[] { "0", "1" }, d.FeatureNames);
        Assert.Equal(0, d.ClassCount);
    }

    [Fact]
    public void Subset_Copies_Rows_In_The_Given_Order()
    {
        var d = new Dataset(new float[] { 0, 1, 10, 11, 20, 21 }, new float[] { 0, 1, 0 }, 2, 1, new[] { "p", "q" }, new[] { "a", "b" });
        var s = d.Subset(new[] { 2, 0, 2 });
        Assert.Equal(new float[] { 20, 21, 0, 1, 20, 21 }, s.Features);
        Assert.Equal(new float[] { 0, 0, 0 }, s.Targets);
        Assert.Equal(d.FeatureNames, s.FeatureNames);
        Assert.Equal(d.ClassNames, s.ClassNames);
        s.Features[0] = -1;
        Assert.Equal(20, d.Features[4]); // a copy
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => d.Subset(new[] { 0, 3 }));
        Assert.Contains("indices[1] (3)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.GetFeatures(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.GetTargets(-1));
    }

    [Fact]
    public void OneHot_Encodes_And_Decodes()
    {
        var dest = new float[9];
        Array.Fill(dest, 5f);
        OneHot.Encode(new float[] { 2, 0, 1 }, 3, dest);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }, dest);
        var back = new float[3];
        OneHot.Decode(dest, 3, back);
        Assert.Equal(new float[] { 2, 0, 1 }, back);

        var untouched = new float[6];
        Assert.Throws<ArgumentException>(() => OneHot.Encode(new float[] { 0, 3 }, 3, untouched));
        Assert.Throws<ArgumentException>(() => OneHot.Encode(new float[] { 0, 1.5f }, 3, untouched));
        Assert.Throws<ArgumentException>(() => OneHot.Encode(new float[] { 0, 1, 2 }, 3, untouched));
        Assert.All(untouched, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void OneHot_Dataset_Has_Class_Count_Wide_Targets()
    {
        var d = DataFiles.MobilePrice();
        var h = OneHot.Encode(d);
        Assert.Equal(4, h.TargetWidth);
        Assert.Equal(d.Features, h.Features);
        Assert.NotSame(d.Features, h.Features);
        for (int i = 0; i < d.Count; i++)
        {
            Assert.Equal(1f, h.GetTargets(i)[(int)d.Targets[i]]);
            Assert.Equal(1f, h.GetTargets(i).ToArray().Sum());
            Assert.Equal((int)d.Targets[i], h.GetClass(i));
        }
        Assert.Throws<ArgumentException>(() => OneHot.Encode(h));
        Assert.Throws<ArgumentException>(() => OneHot.Encode(new Dataset(new float[2], new float[2], 1, 1)));
    }
}
