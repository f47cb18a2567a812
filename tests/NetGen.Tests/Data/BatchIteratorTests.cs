using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Mini-batch iteration: coverage per epoch, batch counts, the last partial batch, seeding, zero allocation.</summary>
public sealed class BatchIteratorTests
{
    /// <summary>n rows; row i has features (i, 10i) and target (100i), so any batch row can be traced back.</summary>
    private static Dataset Rows(int n)
    {
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++) { x[2 * i] = i; x[2 * i + 1] = 10 * i; y[i] = 100 * i; }
        return new Dataset(x, y, 2, 1);
    }

    private static List<int[]> EpochRows(BatchIterator it, List<int>? sizes = null)
    {
        var batches = new List<int[]>();
        foreach (Batch b in it.Epoch())
        {
            sizes?.Add(b.Size);
            var rows = new int[b.Size];
            for (int k = 0; k < b.Size; k++)
            {
                rows[k] = (int)b.Features[2 * k];
                Assert.Equal(10 * rows[k], b.Features[2 * k + 1]);
                Assert.Equal(100 * rows[k], b.Targets[k]);
                Assert.Equal(rows[k], b.Indices[k]);
            }
            Assert.Equal(b.Size * 2, b.Features.Length);
            Assert.Equal(b.Size, b.Targets.Length);
            batches.Add(rows);
        }
        return batches;
    }

    [Theory]
    [InlineData(10, 3, 4, 1)]   // 3+3+3+1
    [InlineData(10, 5, 2, 5)]
    [InlineData(10, 1, 10, 1)]  // SGD
    [InlineData(10, 10, 1, 10)] // full batch
    [InlineData(10, 64, 1, 10)] // batch larger than the data
    [InlineData(1, 4, 1, 1)]
    public void Every_Sample_Is_Seen_Exactly_Once_Per_Epoch_In_Ceil_N_Over_B_Batches(int n, int batchSize, int batches, int lastSize)
    {
        foreach (bool shuffle in new[] { true, false })
        {
            var it = new BatchIterator(Rows(n), batchSize, shuffle, seed: 3);
            Assert.Equal(batches, it.BatchesPerEpoch);
            for (int epoch = 0; epoch < 3; epoch++)
            {
                var sizes = new List<int>();
                var seen = EpochRows(it, sizes);
                Assert.Equal(batches, seen.Count);
                Assert.Equal(Enumerable.Range(0, n), seen.SelectMany(r => r).OrderBy(i => i));
                Assert.All(sizes.Take(batches - 1), s => Assert.Equal(Math.Min(batchSize, n), s));
                Assert.Equal(lastSize, sizes[^1]);
            }
        }
    }

    [Fact]
    public void DropLast_Skips_Only_The_Partial_Batch()
    {
        var it = new BatchIterator(Rows(10), 3, shuffle: true, seed: 1, dropLast: true);
        Assert.Equal(3, it.BatchesPerEpoch);
        var sizes = new List<int>();
        var seen = EpochRows(it, sizes);
        Assert.Equal(new[] { 3, 3, 3 }, sizes);
        Assert.Equal(9, seen.SelectMany(r => r).Distinct().Count());
    }

    [Fact]
    public void Without_Shuffle_Batches_Follow_Dataset_Order()
    {
        var seen = EpochRows(new BatchIterator(Rows(7), 3, shuffle: false));
        Assert.Equal(new[] { new[] { 0, 1, 2 }, new[] { 3, 4, 5 }, new[] { 6 } }, seen);
    }

    [Fact]
    public void Shuffle_Is_Seeded_New_Every_Epoch_And_Reproducible()
    {
        var a = new BatchIterator(Rows(50), 8, shuffle: true, seed: 42);
        var b = new BatchIterator(Rows(50), 8, shuffle: true, seed: 42);
        var c = new BatchIterator(Rows(50), 8, shuffle: true, seed: 43);
        int[] a1 = EpochRows(a).SelectMany(r => r).ToArray(), a2 = EpochRows(a).SelectMany(r => r).ToArray();
        int[] b1 = EpochRows(b).SelectMany(r => r).ToArray(), b2 = EpochRows(b).SelectMany(r => r).ToArray();
        int[] c1 = EpochRows(c).SelectMany(r => r).ToArray();
        Assert.Equal(a1, b1);
        Assert.Equal(a2, b2);
        Assert.NotEqual(a1, a2);
        Assert.NotEqual(a1, c1);
        Assert.NotEqual(Enumerable.Range(0, 50).ToArray(), a1);
    }

    [Fact]
    public void Shuffle_Positions_Are_Roughly_Uniform()
    {
        // 4 rows, 24000 epochs: each row lands first about 6000 times (binomial sd ≈ 67; allow 5 sd).
        var it = new BatchIterator(Rows(4), 4, shuffle: true, seed: 9);
        var first = new int[4];
        for (int e = 0; e < 24000; e++)
            foreach (Batch b in it.Epoch()) first[b.Indices[0]]++;
        Assert.All(first, count => Assert.InRange(count, 6000 - 335, 6000 + 335));
    }

    [Fact]
    public void Epochs_And_Batches_Allocate_Nothing_After_Construction()
    {
        var data = DataFiles.MobilePrice();
        foreach (bool shuffle in new[] { true, false })
        {
            var it = new BatchIterator(data, 64, shuffle, seed: 1);
            float sink = 0;
            void Epoch()
            {
                foreach (Batch b in it.Epoch()) sink += b.Features[0] + b.Targets[b.Size - 1];
            }
            Assert.Equal(0, AllocationMeter.BytesPerLoop(Epoch, times: 5));
            Assert.True(float.IsFinite(sink));
        }
    }

    [Fact]
    public void Starting_A_New_Epoch_Invalidates_The_Old_Enumeration()
    {
        var it = new BatchIterator(Rows(10), 3, shuffle: true, seed: 0);
        var old = it.Epoch().GetEnumerator();
        Assert.True(old.MoveNext());
        _ = it.Epoch();
        bool threw = false;
        try { old.MoveNext(); } catch (InvalidOperationException) { threw = true; }
        Assert.True(threw);
    }

    [Fact]
    public void Bad_Batch_Size_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchIterator(Rows(3), 0));
        Assert.Equal("batchSize", e.ParamName);
    }
}
