using System;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Summary;

/// <summary>
/// The summary's counts are derived by hand: Dense in→out has out·in + out parameters
/// (20·128+128 = 2,688; 128·64+64 = 8,256; 64·4+4 = 260); BatchNorm over F features has 2F trainable
/// (gamma, beta) and 2F non-trainable (running mean, variance), as Keras reports.
/// </summary>
public class NetworkSummaryTests
{
    [Fact]
    public void PhoneShapedNetworkSummary()
    {
        string expected =
            "PhoneShapedNet: 20 inputs -> 4 outputs\n" +
            "--------------------------------------\n" +
            "Layer (type)     Output shape  Param #\n" +
            "======================================\n" +
            "Hidden1 (Dense)  [-1, 128]       2,688\n" +
            "Hidden2 (Dense)  [-1, 64]        8,256\n" +
            "Output (Dense)   [-1, 4]           260\n" +
            "======================================\n" +
            "Total params: 11,204\n" +
            "Trainable params: 11,204\n" +
            "Non-trainable params: 0\n" +
            "Parameter memory: 0.04 MB\n" +
            "--------------------------------------\n";
        Assert.Equal(expected, new PhoneShapedNet().Summary());
    }

    [Fact]
    public void BatchNormRunningStatisticsAreNonTrainable()
    {
        var net = new EveryLayerNet();
        NetworkSummary.Counts counts = net.CountParameters();
        // BatchNorm Norm1 (8 features, affine) and Norm3 (5 features, no affine) keep running mean and var.
        Assert.Equal(2 * 8 + 2 * 5, counts.NonTrainable);
        Assert.Equal(EveryLayerNet.ParameterCount, counts.Trainable);
        Assert.Contains("Norm1 (BatchNorm1d)", net.Summary());
        Assert.Contains("Non-trainable params: 26", net.Summary());
    }

    /// <summary>
    /// Keras' layout, which the README describes: a BatchNorm row counts its running statistics (Norm1 over 8 features:
    /// 16 scale/shift + 16 running mean/var = 32; Norm3 without affine: 10), and the totals split trainable from
    /// non-trainable. Trainable by hand: D1 6·8+8 = 56, Norm1 16, D2 8·7+7 = 63, Norm2 14, Act2 7, D3 7·5+5 = 40,
    /// Act3 1, Out 5·3+3 = 18: 215; non-trainable 2·8 + 2·5 = 26; total 241 (PyTorch's parameters() gives the 215).
    /// </summary>
    [Fact]
    public void SummaryPrintsTrainableNonTrainableAndTotal()
    {
        string[] lines = new EveryLayerNet().Summary().Split('\n');
        Assert.EndsWith(" 32", Assert.Single(lines, l => l.StartsWith("Norm1 (BatchNorm1d)", StringComparison.Ordinal)));
        Assert.EndsWith(" 10", Assert.Single(lines, l => l.StartsWith("Norm3 (BatchNorm1d)", StringComparison.Ordinal)));
        Assert.Contains("Total params: 241", lines);
        Assert.Contains("Trainable params: 215", lines);
        Assert.Contains("Non-trainable params: 26", lines);
        Assert.Equal(215, EveryLayerNet.ParameterCount);
    }

    [Fact]
    public void SummaryIgnoresTheCurrentCulture()
    {
        using var comma = CultureScope.DecimalComma();
        string text = new PhoneShapedNet().Summary();
        Assert.Contains("Total params: 11,204", text);
        Assert.Contains("Parameter memory: 0.04 MB", text);
    }
}
