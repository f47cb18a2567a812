using System;
using NetGen.Internal;
using Xunit;

namespace NetGen.Tests.Internal;

/// <summary>The 64-byte aligned buffers under parameters, gradients and network workspaces.</summary>
public sealed class AlignedFloatsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(200_000)]
    public unsafe void Buffer_IsZeroed_AlignedTo64Bytes_AndExactlyAsLong(int length)
    {
        for (int i = 0; i < 20; i++) // several allocations land at different array addresses
        {
            var buffer = new AlignedFloats(length);
            Span<float> span = buffer.Span;
            Assert.Equal(length, span.Length);
            Assert.Equal(length, buffer.Length);
            Assert.True(span.IndexOfAnyExcept(0f) < 0);
            fixed (float* p = span)
                if (length > 0) Assert.Equal(0u, (uint)((nuint)p % 64));
            if (length <= 16) continue;
            fixed (float* q = buffer.Slice(16, length - 16)) Assert.Equal(0u, (uint)((nuint)q % 64));
        }
    }

    [Fact]
    public void Slices_AreViewsOfTheSameFloats()
    {
        var buffer = new AlignedFloats(40);
        buffer.Slice(3, 5).Fill(2f);
        Assert.Equal(new[] { 0f, 0f, 0f, 2f, 2f, 2f, 2f, 2f, 0f }, buffer.Span.Slice(0, 9).ToArray());
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 41)]
    [InlineData(40, 1)]
    [InlineData(41, 0)]
    [InlineData(5, -1)]
    public void SliceOutside_Throws_NamingTheRangeAndLength(int start, int length)
    {
        var buffer = new AlignedFloats(40);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice(start, length));
        Assert.Contains($"[{start}, {start} + {length})", e.Message);
        Assert.Contains("40 floats", e.Message);
    }

    [Fact]
    public void NegativeLength_Throws_NamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedFloats(-3));
        Assert.Equal("length", e.ParamName);
        Assert.Equal(-3, e.ActualValue);
    }

    [Fact]
    public unsafe void ParameterBuffer_ValuesAndGradients_Are64ByteAligned()
    {
        var layout = new[]
        {
            new ParameterInfo("a.weight", 0, new[] { 3, 7 }, ParameterRole.Weight),
            new ParameterInfo("a.bias", 21, new[] { 3 }, ParameterRole.Bias),
        };
        var buffer = new ParameterBuffer(layout);
        Assert.Equal(24, buffer.Count);
        Assert.Equal(24, buffer.Values.Length);
        Assert.Equal(24, buffer.Gradients.Length);
        fixed (float* v = buffer.Values) Assert.Equal(0u, (uint)((nuint)v % 64));
        fixed (float* g = buffer.Gradients) Assert.Equal(0u, (uint)((nuint)g % 64));
        buffer.ValuesOf(layout[1]).Fill(5f);
        Assert.Equal(5f, buffer.Values[21]);
        Assert.Equal(0f, buffer.Values[20]);
    }
}
