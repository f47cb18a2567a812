using System;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Standardizer and MinMaxScaler: hand-derived values, training-only statistics, constant columns, inverses.</summary>
public sealed class ScalerTests
{
    [Fact]
    public void Standardizer_Uses_Population_Std_And_Maps_A_Constant_Column_To_Zero()
    {
        // Column 0: 1,2,3,4 → mean 2.5, population variance 1.25, std √1.25 = 1.118033988749895.
        // Column 1: constant 7 → scale 1, output 0.
        float[] x = { 1, 7, 2, 7, 3, 7, 4, 7 };
        var s = new Standardizer();
        s.Fit(x, 2);
        Assert.Equal(new[] { 2.5f, 7f }, s.Mean.ToArray());
        Assert.Equal(new[] { (float)Math.Sqrt(1.25), 1f }, s.Scale.ToArray());
        s.Transform(x);
        double z = 1.5 / Math.Sqrt(1.25); // 1.3416407864998738
        float[] expected = { (float)-z, 0, (float)(-z / 3), 0, (float)(z / 3), 0, (float)z, 0 };
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], x[i], 1e-6f);
        s.InverseTransform(x);
        float[] original = { 1, 7, 2, 7, 3, 7, 4, 7 };
        for (int i = 0; i < x.Length; i++) Assert.Equal(original[i], x[i], 1e-6f);
    }

    [Fact]
    public void MinMaxScaler_Maps_To_The_Range_And_A_Constant_Column_To_Its_Low_End()
    {
        // Column 0: 2, 4, 10 → (x − 2) / 8 → 0, 0.25, 1; in [−1, 1] → −1, −0.5, 1. Column 1: constant 3 → range min.
        float[] data = { 2, 3, 4, 3, 10, 3 };
        var unit = new MinMaxScaler();
        unit.Fit(data, 2);
        float[] x = (float[])data.Clone();
        unit.Transform(x);
        Assert.Equal(new[] { 0f, 0f, 0.25f, 0f, 1f, 0f }, x);
        unit.InverseTransform(x);
        Assert.Equal(data, x);

        var symmetric = new MinMaxScaler(-1, 1);
        symmetric.Fit(data, 2);
        Assert.Equal(new[] { 2f, 3f }, symmetric.DataMin.ToArray());
        Assert.Equal(new[] { 10f, 3f }, symmetric.DataMax.ToArray());
        x = (float[])data.Clone();
        symmetric.Transform(x);
        Assert.Equal(new[] { -1f, -1f, -0.5f, -1f, 1f, -1f }, x);
        // A value outside the training range is not clipped: 18 → (18 − 2) / 8 × 2 − 1 = 3.
        float[] outside = { 18, 3 };
        symmetric.Transform(outside);
        Assert.Equal(new[] { 3f, -1f }, outside);
    }

    [Fact]
    public void Standardizer_Statistics_Come_From_The_Training_Split_Only()
    {
        var data = DataFiles.MobilePrice();
        var (train, validation, test) = DatasetSplit.TrainValidationTest(data, 0.2, 0.2, seed: 11, stratify: true);
        var s = new Standardizer();
        s.Fit(train);

        int f = data.FeatureCount;
        for (int j = 0; j < f; j++)
        {
            // numpy-style in double: mean and population std over the training rows.
            double[] col = Enumerable.Range(0, train.Count).Select(i => (double)train.Features[i * f + j]).ToArray();
            double mean = col.Average();
            double std = Math.Sqrt(col.Select(v => (v - mean) * (v - mean)).Sum() / col.Length);
            Assert.Equal(mean, s.Mean[j], Math.Abs(mean) * 1e-6 + 1e-6);
            Assert.Equal(std, s.Scale[j], std * 1e-6);
        }

        // The statistics over training + validation rows differ: validation rows did not take part.
        double[] ram = Enumerable.Range(0, train.Count).Select(i => (double)train.Features[i * f + 13])
            .Concat(Enumerable.Range(0, validation.Count).Select(i => (double)validation.Features[i * f + 13])).ToArray();
        Assert.NotEqual(ram.Average(), s.Mean[13], 1e-2);

        // Refitting after corrupting the validation rows changes nothing.
        Array.Fill(validation.Features, 1e6f);
        var again = new Standardizer();
        again.Fit(train);
        Assert.Equal(s.Mean.ToArray(), again.Mean.ToArray());
        Assert.Equal(s.Scale.ToArray(), again.Scale.ToArray());

        // Transformed training columns have mean 0 and std 1; test columns only approximately, with training statistics.
        var z = s.Transform(train);
        var zt = s.Transform(test);
        for (int j = 0; j < f; j++)
        {
            double[] col = Enumerable.Range(0, z.Count).Select(i => (double)z.Features[i * f + j]).ToArray();
            Assert.Equal(0, col.Average(), 1e-5);
            Assert.Equal(1, Math.Sqrt(col.Select(v => v * v).Sum() / col.Length), 1e-5);
            for (int i = 0; i < test.Count; i++)
                Assert.Equal((test.Features[i * f + j] - (double)s.Mean[j]) / s.Scale[j], zt.Features[i * f + j], 1e-5);
        }
        Assert.Equal(test.Targets, zt.Targets);
        Assert.NotSame(test.Features, zt.Features);
    }

    [Fact]
    public void MinMaxScaler_Statistics_Come_From_The_Training_Split_Only()
    {
        var data = DataFiles.MobilePrice();
        var (train, test) = DatasetSplit.TrainTest(data, 0.25, seed: 5, stratify: true);
        var m = new MinMaxScaler();
        m.Fit(train);
        int f = data.FeatureCount;
        for (int j = 0; j < f; j++)
        {
            var col = Enumerable.Range(0, train.Count).Select(i => train.Features[i * f + j]).ToArray();
            Assert.Equal(col.Min(), m.DataMin[j]);
            Assert.Equal(col.Max(), m.DataMax[j]);
        }
        var scaled = m.Transform(train);
        Assert.All(scaled.Features, v => Assert.InRange(v, -1e-6f, 1 + 1e-6f));
    }

    [Fact]
    public void Transform_Round_Trips_Through_InverseTransform_On_Real_Data()
    {
        var data = DataFiles.MobilePrice();
        foreach (IFeatureScaler scaler in new IFeatureScaler[] { new Standardizer(), new MinMaxScaler(-2, 3) })
        {
            scaler.Fit(data);
            var x = (float[])data.Features.Clone();
            scaler.Transform(x);
            scaler.InverseTransform(x);
            // Float round-off is relative to the column's magnitude (a small value in a column reaching 4000 loses
            // absolute precision like the large ones do), so the tolerance scales with the column's largest |x|.
            int f = data.FeatureCount;
            var colMax = new float[f];
            for (int i = 0; i < x.Length; i++) colMax[i % f] = Math.Max(colMax[i % f], Math.Abs(data.Features[i]));
            for (int i = 0; i < x.Length; i++) Assert.Equal(data.Features[i], x[i], colMax[i % f] * 1e-6f);
        }
    }

    [Fact]
    public void Transform_Before_Fit_Throws_InvalidOperation_And_Bad_Shapes_Throw_Argument()
    {
        foreach (IFeatureScaler scaler in new IFeatureScaler[] { new Standardizer(), new MinMaxScaler() })
        {
            Assert.False(scaler.IsFitted);
            Assert.Throws<InvalidOperationException>(() => scaler.Transform(new float[4]));
            Assert.Throws<InvalidOperationException>(() => scaler.InverseTransform(new float[4]));
            scaler.Fit(new float[] { 1, 2, 3, 4 }, 2);
            Assert.Equal(2, scaler.FeatureCount);
            var e = Assert.Throws<ArgumentException>(() => scaler.Transform(new float[3]));
            Assert.Equal("features", e.ParamName);
            Assert.Throws<ArgumentException>(() => scaler.Transform(new Dataset(new float[3], new float[1], 3, 1)));
            Assert.Throws<ArgumentException>(() => scaler.Fit(new float[] { 1, 2, 3 }, 2));
            Assert.Throws<ArgumentException>(() => scaler.Fit(new float[] { 1, float.NaN }, 2));
            Assert.Equal(2, scaler.FeatureCount); // a failed Fit keeps the old statistics
        }
        Assert.Throws<ArgumentException>(() => new MinMaxScaler(1, 1));
    }

    [Fact]
    public void Transforming_A_Dataset_Into_Overflow_Throws_Naming_Row_And_Column()
    {
        // Standardizer: (1e10 − 0) / 1e-30 = 1e40 > float.MaxValue (≈ 3.4e38) → +∞.
        // MinMaxScaler: data range [0, 1e-38] → scale 1 / 1e-38 = 1e38; 10 × 1e38 = 1e39 → +∞.
        var data = new Dataset(new float[] { 1, 1e10f, 10 }, new float[3], 1, 1, new[] { "v" });
        var s = Assert.Throws<ArgumentException>(() => new Standardizer(new[] { 0f }, new[] { 1e-30f }).Transform(data));
        Assert.Contains("Standardizer", s.Message);
        Assert.Contains("features[1] (row 1, column 0 'v') is Infinity", s.Message);
        var m = Assert.Throws<ArgumentException>(() => new MinMaxScaler(new[] { 0f }, new[] { 1e-38f }).Transform(data));
        Assert.Contains("MinMaxScaler", m.Message);
        Assert.Contains("features[1] (row 1, column 0 'v') is Infinity", m.Message);
        Assert.Equal("data", m.ParamName);
    }

    [Fact]
    public void Restored_Scalers_Match_Fitted_Ones()
    {
        float[] data = { 1, 10, 3, 30, 8, 20 };
        var s = new Standardizer();
        s.Fit(data, 2);
        var restored = new Standardizer(s.Mean, s.Scale);
        var m = new MinMaxScaler();
        m.Fit(data, 2);
        var restoredM = new MinMaxScaler(m.DataMin, m.DataMax);
        float[] a = (float[])data.Clone(), b = (float[])data.Clone(), c = (float[])data.Clone(), d = (float[])data.Clone();
        s.Transform(a); restored.Transform(b); m.Transform(c); restoredM.Transform(d);
        Assert.Equal(a, b);
        Assert.Equal(c, d);
    }

    [Fact]
    public void Span_Transforms_Allocate_Nothing()
    {
        var data = DataFiles.MobilePrice();
        var s = new Standardizer();
        s.Fit(data);
        var m = new MinMaxScaler();
        m.Fit(data);
        var x = (float[])data.Features.Clone();
        Assert.Equal(0, AllocationMeter.BytesPerLoop(() =>
        {
            s.Transform(x); s.InverseTransform(x);
            m.Transform(x); m.InverseTransform(x);
        }, times: 10));
    }
}
