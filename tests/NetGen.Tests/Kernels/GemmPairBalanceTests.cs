using System.Collections.Generic;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// GemmPairBalance: how a split pair of one-sample layers divides its rows, and how part 0's share follows the
/// barrier arrivals. (That every share gives the same bits is GemmPairTests' business.)
/// </summary>
public class GemmPairBalanceTests
{
    [Fact]
    public void Rows_CoverEveryRowOnce_InMultiplesOf8_ForAnyShare()
    {
        foreach (int parts in new[] { 2, 3, 4 })
            foreach (int n in new[] { 64, 70, 128, 200, 250, 256, 1000 })
            {
                if (n < 32 * parts) continue; // the pair splits only with 32 rows per part
                for (int share = 0; share <= GemmPairBalance.Scale; share += 37)
                {
                    var seen = new bool[n];
                    int next = 0;
                    for (int part = 0; part < parts; part++)
                    {
                        var (start, count) = GemmPairBalance.Rows(n, parts, share, part);
                        string at = $"n {n}, parts {parts}, share {share}, part {part}";
                        Assert.True(count >= 0, at);
                        if (count == 0) continue;
                        Assert.Equal(next, start);
                        Assert.True(start % 8 == 0, at + $": starts at {start}");
                        for (int i = start; i < start + count; i++) seen[i] = true;
                        next = start + count;
                    }
                    Assert.Equal(n, next);
                    Assert.DoesNotContain(false, seen);
                }
            }
    }

    [Theory]
    [InlineData(256, 2048, 128)]  // even share: half of 256
    [InlineData(256, 2432, 152)]  // 2432/4096 of 256 = 152
    [InlineData(256, 2400, 152)]  // 150 rounds to 152
    [InlineData(128, 2432, 80)]   // 76 rounds up to 80
    [InlineData(256, 0, 8)]       // at least 8 rows
    [InlineData(256, 4096, 248)]  // at least 8 left to the other part
    public void Rows_Part0_IsItsShare_RoundedToMultipleOf8(int n, int share, int expected)
    {
        Assert.Equal((0, expected), GemmPairBalance.Rows(n, 2, share, 0));
        Assert.Equal((expected, n - expected), GemmPairBalance.Rows(n, 2, share, 1));
    }

    [Fact]
    public void Next_MovesEightRows_OnlyWhenTheMeanWaitExceedsWhatEightRowsTake()
    {
        const int n = 256, even = GemmPairBalance.Scale / 2, step = 8 * GemmPairBalance.Scale / n; // 128 = 8 of 256 rows
        Assert.Equal(even + step, GemmPairBalance.Next(even, n, 2, meanEarlyTicks: 151, eightRowTicks: 150));
        Assert.Equal(even - step, GemmPairBalance.Next(even, n, 2, meanEarlyTicks: -151, eightRowTicks: 150));
        Assert.Equal(even, GemmPairBalance.Next(even, n, 2, meanEarlyTicks: 150, eightRowTicks: 150));
        Assert.Equal(even, GemmPairBalance.Next(even, n, 2, meanEarlyTicks: -150, eightRowTicks: 150));
        Assert.Equal(GemmPairBalance.MaxShare(2), GemmPairBalance.Next(GemmPairBalance.MaxShare(2), n, 2, 10_000, 150));
        Assert.Equal(GemmPairBalance.MinShare(2), GemmPairBalance.Next(GemmPairBalance.MinShare(2), n, 2, -10_000, 150));
        Assert.Equal((1024, 3072), (GemmPairBalance.MinShare(2), GemmPairBalance.MaxShare(2)));
        Assert.Equal((512, 2048), (GemmPairBalance.MinShare(4), GemmPairBalance.MaxShare(4)));
    }

    [Fact]
    public void Record_DecidesOncePerWindow_FromTheMeanOfClampedWaits()
    {
        var balance = new GemmPairBalance();
        const int n = 256, even = GemmPairBalance.Scale / 2, step = 8 * GemmPairBalance.Scale / n;
        Assert.Equal(even, balance.Share(2));

        // Part 0 takes 2,560 ticks for 128 rows (160 per 8 rows) and arrives 200 ticks before the worker: it gets 8 more
        // rows, but only after a whole window.
        for (int i = 0; i < GemmPairBalance.Window - 1; i++) balance.Record(2, even, n, 200, 2560, 128);
        Assert.Equal(even, balance.Share(2));
        balance.Record(2, even, n, 200, 2560, 128);
        Assert.Equal(even + step, balance.Share(2));

        // Waits within the band (100 < 8 rows' 160 ticks) leave it where it is.
        for (int i = 0; i < GemmPairBalance.Window; i++) balance.Record(2, even + step, n, 100, 2560, 128);
        Assert.Equal(even + step, balance.Share(2));

        // One worker descheduled for a millisecond among 63 that arrive 100 ticks early counts as at most part 0's own
        // time (2,560): mean (63·100 + 2560)/64 = 138 < 160, no move. Unclamped it would have been 15,723.
        for (int i = 0; i < GemmPairBalance.Window - 1; i++) balance.Record(2, even + step, n, 100, 2560, 128);
        balance.Record(2, even + step, n, 1_000_000, 2560, 128);
        Assert.Equal(even + step, balance.Share(2));

        // Part 0 late by 200 ticks: back to even.
        for (int i = 0; i < GemmPairBalance.Window; i++) balance.Record(2, even + step, n, -200, 2560, 128);
        Assert.Equal(even, balance.Share(2));

        // Another part count starts over from the even share of that count.
        Assert.Equal(GemmPairBalance.Scale / 3, balance.Share(3));
    }
}
