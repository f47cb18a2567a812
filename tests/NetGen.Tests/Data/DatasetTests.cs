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

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Constructor_Rejects_A_Non_Finite_Feature_Naming_Row_Column_And_Value(float bad, string text)
    {
        // Row-major 3 × 2: index 3 is row 1, column 1 ('b').
        float[] x = { 1, 2, 3, bad, 5, 6 };
        var e = Assert.Throws<ArgumentException>(() => new Dataset(x, new float[3], 2, 1, new[] { "a", "b" }));
        Assert.Equal("features", e.ParamName);
        Assert.Contains($"features[3] (row 1, column 1 'b') is {text}", e.Message);
    }

    [Fact]
    public void Constructor_Rejects_A_Non_Finite_Regression_Target_Naming_Row_And_Column()
    {
        // Targets 2 × 2 row-major: index 2 is row 1, column 0.
        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[4], new float[] { 0, 1, float.NaN, 3 }, 2, 2));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("targets[2] (row 1, column 0) is NaN", e.Message);
    }

    [Theory]
    [InlineData(67, 3, 200)]  // the last value: row 2, column 66, past every full vector
    [InlineData(67, 3, 64)]   // inside the first full vectors, with later ones clean
    [InlineData(1, 5, 4)]     // shorter than one vector
    public void Constructor_Finds_The_First_Non_Finite_Feature_At_Any_Position(int featureCount, int rows, int index)
    {
        var x = new float[featureCount * rows];
        for (int i = 0; i < x.Length; i++) x[i] = i * 0.5f;
        x[index] = float.NaN;
        if (index + 1 < x.Length) x[^1] = float.PositiveInfinity; // a later bad value is not the one reported
        var e = Assert.Throws<ArgumentException>(() => new Dataset(x, new float[rows], featureCount, 1));
        Assert.Contains($"features[{index}] (row {index / featureCount}, column {index % featureCount} '{index % featureCount}') is NaN", e.Message);
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
