using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>
/// Line and field length limits: input without line breaks (a binary file, /dev/zero, a stream that never ends) stops
/// with an error naming the line and the limit instead of growing memory without bound.
/// </summary>
public sealed class CsvLimitsTests
{
    private const long Guard = 32L << 20; // the endless stream refuses to serve more than 32 MiB

    /// <summary>Loads from an endless stream; returns the error, the bytes served, the bytes allocated and the time taken.</summary>
    private static (CsvFormatException Error, long Served, long Allocated, TimeSpan Elapsed) LoadEndless(string prefix, string pattern, CsvOptions options)
    {
        var stream = new EndlessStream(Encoding.UTF8.GetBytes(prefix), Encoding.UTF8.GetBytes(pattern), Guard);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(reader, "endless", options));
        return (e, stream.Served, GC.GetAllocatedBytesForCurrentThread() - before, Stopwatch.GetElapsedTime(start));
    }

    [Fact]
    public void Zero_Bytes_Without_End_Stop_At_The_Default_Field_Limit_Of_131072()
    {
        // Like reading /dev/zero: one field of NUL characters on line 1 that never ends.
        var (e, served, allocated, elapsed) = LoadEndless("", "\0", new CsvOptions { LabelColumn = "y" });
        Assert.Equal(("endless", 1, 1), (e.FileName, e.Line, e.Column));
        Assert.Contains("CsvOptions.MaxFieldLength (131072 characters)", e.Message);
        Assert.InRange(served, 131_072, 2L << 20);   // the limit plus read-ahead buffers
        Assert.InRange(allocated, 0, 16L << 20);     // the field text grows to 131072 chars (256 KiB) by doubling
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public void Endless_Empty_Fields_Stop_At_The_Default_Line_Limit_Of_1048576()
    {
        // "1," forever after a header and a data row: short fields, so only the line limit can stop it.
        var (e, served, allocated, elapsed) = LoadEndless("x,y\n1,2\n", "1,", new CsvOptions { LabelColumn = "y" });
        Assert.Equal(("endless", 3, 0), (e.FileName, e.Line, e.Column));
        Assert.Contains("line 3:", e.Message);
        Assert.Contains("CsvOptions.MaxLineLength (1048576 characters)", e.Message);
        Assert.InRange(served, 1_048_576, 4L << 20);
        Assert.InRange(allocated, 0, 64L << 20);     // ≤ 524288 field records of 16 bytes, grown by doubling, plus the text
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public void An_Unclosed_Quote_Followed_By_Endless_Line_Breaks_Stops_At_The_Field_Limit()
    {
        // The quoted field opens on line 2; its line breaks are field content, so the field limit applies.
        var (e, _, allocated, _) = LoadEndless("x,y\n1,\"", "\n", new CsvOptions { LabelColumn = "y" });
        Assert.Equal((2, 2), (e.Line, e.Column));
        Assert.Contains("CsvOptions.MaxFieldLength (131072 characters)", e.Message);
        Assert.InRange(allocated, 0, 16L << 20);
    }

    [Fact]
    public void A_Row_Of_Exactly_MaxLineLength_Characters_Loads_And_One_More_Throws()
    {
        var options = new CsvOptions { LabelColumn = "y", MaxLineLength = 10 };
        // "1234,12345" is 10 characters (the line break is not counted); "12345,12345" is 11.
        var d = DataFiles.Load("x,y\n1,2\n1234,12345\n", options);
        Assert.Equal(new[] { 1f, 1234f }, d.Features);
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,y\n1,2\n12345,12345\n", options, "long.csv"));
        Assert.Equal(("long.csv", 3, 0), (e.FileName, e.Line, e.Column));
        Assert.Contains("long.csv, line 3: The line is longer than CsvOptions.MaxLineLength (10 characters)", e.Message);
    }

    [Fact]
    public void A_Row_Spanning_Lines_In_A_Quoted_Field_Counts_Its_Line_Breaks_And_Is_Reported_At_Its_First_Line()
    {
        var options = new CsvOptions { LabelColumn = "y", ExcludeColumns = new[] { "note" }, MaxLineLength = 11 };
        // Row 2 is 1,"a\nb\nc",p = 11 characters with its two line breaks; with "\nd" added it has 13.
        Assert.Equal(1, DataFiles.Load("x,note,y\n1,\"a\nb\nc\",p\n", options).Count);
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,note,y\n1,\"a\nb\nc\nd\",p\n", options));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void A_Field_Of_Exactly_MaxFieldLength_Characters_Loads_And_One_More_Throws_Naming_Line_And_Column()
    {
        var options = new CsvOptions { LabelColumn = "y", MaxFieldLength = 5 };
        // The limit counts the content: "a""bc" (quoted) holds the 4 characters a"bc; 12345 holds 5, 123456 holds 6.
        var d = DataFiles.Load("x,y\n12345,\"a\"\"bc\"\n", options);
        Assert.Equal(new[] { "a\"bc" }, d.ClassNames);
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,y\n1,p\n123456,p\n", options, "wide.csv"));
        Assert.Equal(("wide.csv", 3, 1), (e.FileName, e.Line, e.Column));
        Assert.Contains("wide.csv, line 3, column 1: The field is longer than CsvOptions.MaxFieldLength (5 characters)", e.Message);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    public void Limits_Below_One_Are_Option_Errors(int maxLine, int maxField)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            DataFiles.Load("x,y\n1,p\n", new CsvOptions { LabelColumn = "y", MaxLineLength = maxLine, MaxFieldLength = maxField }));
        Assert.Equal("options", e.ParamName);
        Assert.Contains($"MaxLineLength ({maxLine})", e.Message);
        Assert.Contains($"MaxFieldLength ({maxField})", e.Message);
    }
}
