using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Seeded splits: sizes, disjointness, stratification, determinism, argument checks.</summary>
public sealed class DatasetSplitTests
{
    /// <summary>Rows whose single feature is their own index, so a split's rows can be traced back.</summary>
    private static Dataset Indexed(int n, int classes)
    {
        var x = new float[n];
        var y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = i; y[i] = i % classes; }
        return new Dataset(x, y, 1, 1, null, Enumerable.Range(0, classes).Select(c => "c" + c).ToArray());
    }

    private static int[] Rows(Dataset d) => d.Features.Select(v => (int)v).ToArray();

    [Fact]
    public void TrainValidationTest_Sizes_Are_Rounded_Fractions_And_Parts_Partition_The_Rows()
    {
        var data = Indexed(103, 3);
        var (train, validation, test) = DatasetSplit.TrainValidationTest(data, 0.15, 0.2, seed: 1);
        // round(103 × 0.2) = round(20.6) = 21, round(103 × 0.15) = round(15.45) = 15, train = 67.
        Assert.Equal((67, 15, 21), (train.Count, validation.Count, test.Count));
        var all = Rows(train).Concat(Rows(validation)).Concat(Rows(test)).OrderBy(i => i).ToArray();
        Assert.Equal(Enumerable.Range(0, 103).ToArray(), all);
        Assert.NotEqual(Enumerable.Range(0, 67).ToArray(), Rows(train)); // shuffled, not the first rows
        // Targets travel with their features.
        foreach (var part in new[] { train, validation, test })
            for (int i = 0; i < part.Count; i++) Assert.Equal(part.Features[i] % 3, part.Targets[i]);
        Assert.Equal(data.ClassNames, train.ClassNames);
    }

    [Fact]
    public void Same_Seed_Gives_The_Same_Split_And_Another_Seed_A_Different_One()
    {
        var data = Indexed(50, 2);
        var a = DatasetSplit.TrainTest(data, 0.3, seed: 7);
        var b = DatasetSplit.TrainTest(data, 0.3, seed: 7);
        var c = DatasetSplit.TrainTest(data, 0.3, seed: 8);
        Assert.Equal(Rows(a.Train), Rows(b.Train));
        Assert.Equal(Rows(a.Test), Rows(b.Test));
        Assert.NotEqual(Rows(a.Test), Rows(c.Test));
        Assert.Equal(15, a.Test.Count);
    }

    [Fact]
    public void Stratified_Split_Of_Mobile_Price_Keeps_Each_Class_At_Its_Share()
    {
        var data = DataFiles.MobilePrice(); // 4 classes × 500
        var (train, validation, test) = DatasetSplit.TrainValidationTest(data, 0.15, 0.2, seed: 3, stratify: true);
        Assert.Equal((1300, 300, 400), (train.Count, validation.Count, test.Count));
        int[] Count(Dataset d) => Enumerable.Range(0, 4).Select(c => d.Targets.Count(t => t == c)).ToArray();
        Assert.Equal(new[] { 100, 100, 100, 100 }, Count(test));
        Assert.Equal(new[] { 75, 75, 75, 75 }, Count(validation));
        Assert.Equal(new[] { 325, 325, 325, 325 }, Count(train));
        // Parts are shuffled, not grouped by class.
        Assert.NotEqual(test.Targets.OrderBy(t => t).ToArray(), test.Targets);
    }

    [Fact]
    public void Stratified_Split_With_Uneven_Shares_Keeps_Every_Class_Within_One_And_Totals_Exact()
    {
        // Classes of 7, 13, 29 and 51 rows (100 in all).
        int[] sizes = { 7, 13, 29, 51 };
        var y = sizes.SelectMany((s, c) => Enumerable.Repeat((float)c, s)).ToArray();
        var x = Enumerable.Range(0, y.Length).Select(i => (float)i).ToArray();
        var data = new Dataset(x, y, 1, 1, null, new[] { "a", "b", "c", "d" });
        for (int seed = 0; seed < 5; seed++)
        {
            var (train, validation, test) = DatasetSplit.TrainValidationTest(data, 0.25, 0.1, seed, stratify: true);
            Assert.Equal((65, 25, 10), (train.Count, validation.Count, test.Count));
            for (int c = 0; c < 4; c++)
            {
                Assert.InRange(test.Targets.Count(t => t == c), Math.Floor(sizes[c] * 0.1), Math.Ceiling(sizes[c] * 0.1));
                Assert.InRange(validation.Targets.Count(t => t == c), Math.Floor(sizes[c] * 0.25), Math.Ceiling(sizes[c] * 0.25));
            }
            var all = Rows(train).Concat(Rows(validation)).Concat(Rows(test)).OrderBy(i => i);
            Assert.Equal(Enumerable.Range(0, 100), all);
        }
    }

    [Fact]
    public void Stratify_Works_On_One_Hot_Targets()
    {
        var data = OneHot.Encode(Indexed(40, 4));
        var split = DatasetSplit.TrainTest(data, 0.5, seed: 2, stratify: true);
        for (int c = 0; c < 4; c++)
            Assert.Equal(5, Enumerable.Range(0, split.Test.Count).Count(i => split.Test.GetClass(i) == c));
    }

    [Theory]
    [InlineData(-0.1, 0.2, "validationFraction")]
    [InlineData(0.2, 1.0, "testFraction")]
    [InlineData(0.5, 0.5, "testFraction")]
    [InlineData(double.NaN, 0.1, "validationFraction")]
    public void Bad_Fractions_Throw_Naming_The_Argument_And_Value(double validation, double test, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplit.TrainValidationTest(Indexed(10, 2), validation, test, 0));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Stratify_On_Regression_And_An_Empty_Train_Part_Throw()
    {
        var regression = new Dataset(new float[] { 1, 2, 3 }, new float[] { 1, 2, 3 }, 1, 1);
        Assert.Throws<ArgumentException>(() => DatasetSplit.TrainTest(regression, 0.3, 0, stratify: true));
        Assert.Throws<ArgumentException>(() => DatasetSplit.TrainValidationTest(Indexed(2, 2), 0.45, 0.45, 0));
    }
}
