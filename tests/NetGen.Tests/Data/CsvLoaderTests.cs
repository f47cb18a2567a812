using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>CSV loading: layout, label mapping, RFC 4180 quoting, and errors that name file, line and column.</summary>
public sealed class CsvLoaderTests
{
    private static readonly CsvOptions Label = new() { LabelColumn = "y" };

    [Fact]
    public void Loads_Features_RowMajor_And_Maps_String_Labels_In_Sorted_Order()
    {
        var d = DataFiles.Load("a,b,y\n1,2,cat\n3,4.5,dog\n-5e-1,6,cat\n", Label);
        Assert.Equal(3, d.Count);
        Assert.Equal(2, d.FeatureCount);
        Assert.Equal(1, d.TargetWidth);
        Assert.Equal(new[] { "a", "b" }, d.FeatureNames);
        Assert.Equal(new[] { 1f, 2f, 3f, 4.5f, -0.5f, 6f }, d.Features);
        Assert.Equal(new[] { "cat", "dog" }, d.ClassNames);
        Assert.Equal(new[] { 0f, 1f, 0f }, d.Targets);
        Assert.Equal(new[] { 3f, 4.5f }, d.GetFeatures(1).ToArray());
        Assert.Equal(1f, d.GetTargets(1)[0]);
    }

    [Fact]
    public void String_Labels_Are_Sorted_Ordinally_Not_By_First_Appearance()
    {
        var d = DataFiles.Load("x,y\n1,zebra\n2,ant\n3,mole\n", Label);
        Assert.Equal(new[] { "ant", "mole", "zebra" }, d.ClassNames);
        Assert.Equal(new[] { 2f, 0f, 1f }, d.Targets);
    }

    [Fact]
    public void Numeric_Labels_Are_Sorted_By_Value_So_Digit_Labels_Keep_Their_Value()
    {
        var d = DataFiles.Load("x,y\n1,3\n2,10\n3,0\n4,9\n5,1\n", Label);
        Assert.Equal(new[] { "0", "1", "3", "9", "10" }, d.ClassNames);
        Assert.Equal(new[] { 2f, 4f, 0f, 3f, 1f }, d.Targets);
    }

    [Fact]
    public void Fixed_ClassNames_Map_Labels_And_Reject_Unknown_Ones()
    {
        var options = new CsvOptions { LabelColumn = "y", ClassNames = new[] { "b", "a" } };
        var d = DataFiles.Load("x,y\n1,a\n2,b\n", options);
        Assert.Equal(new[] { 1f, 0f }, d.Targets);
        Assert.Equal(new[] { "b", "a" }, d.ClassNames);
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,y\n1,a\n2,c\n", options));
        Assert.Equal((3, 2, "y", "c"), (e.Line, e.Column, e.ColumnName, e.Text));
    }

    [Fact]
    public void Regression_Target_Is_Parsed_As_A_Number()
    {
        var d = DataFiles.Load("y,x\n1.5,2\n-3,4\n", new CsvOptions { LabelColumn = "y", Task = LabelTask.Regression });
        Assert.Null(d.ClassNames);
        Assert.False(d.IsClassification);
        Assert.Equal(new[] { 1.5f, -3f }, d.Targets);
        Assert.Equal(new[] { 2f, 4f }, d.Features);
    }

    [Fact]
    public void Excluded_Columns_May_Hold_Any_Text_Or_Nothing()
    {
        var d = DataFiles.Load("id,x,name,y\n7,1,alice,0\n8,2,,1\n", new CsvOptions { LabelColumn = "y", ExcludeColumns = new[] { "name", "id" } });
        Assert.Equal(new[] { "x" }, d.FeatureNames);
        Assert.Equal(new[] { 1f, 2f }, d.Features);
    }

    [Fact]
    public void Without_Header_Last_Column_Is_The_Label_Or_The_One_Given_By_Index()
    {
        var d = DataFiles.Load("1,2,5\n3,4,6\n", new CsvOptions { HasHeader = false });
        Assert.Equal(new[] { "0", "1" }, d.FeatureNames);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, d.Features);
        Assert.Equal(new[] { "5", "6" }, d.ClassNames);

        var first = DataFiles.Load("1,2,5\n3,4,6\n", new CsvOptions { HasHeader = false, LabelColumnIndex = 0, Task = LabelTask.Regression });
        Assert.Equal(new[] { 1f, 3f }, first.Targets);
        Assert.Equal(new[] { 2f, 5f, 4f, 6f }, first.Features);
    }

    [Fact]
    public void A_Byte_Order_Mark_Is_Not_Part_Of_The_First_Column_Name()
    {
        var d = DataFiles.Load("\uFEFFa,y\n1,p\n", Label);
        Assert.Equal(new[] { "a" }, d.FeatureNames);
    }

    [Fact]
    public void Other_Separator_Works()
    {
        var d = DataFiles.Load("a;y\n1.25;p\n2;q\n", new CsvOptions { LabelColumn = "y", Separator = ';' });
        Assert.Equal(new[] { 1.25f, 2f }, d.Features);
    }

    [Fact]
    public void Blank_And_Whitespace_Lines_Are_Skipped_And_Line_Numbers_Stay_Physical()
    {
        string csv = "\r\n a , y \r\n\r\n1,p\r\n   \r\n\n2,q\r\n\r\n3,oops,extra\r\n";
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load(csv, Label));
        Assert.Equal(9, e.Line); // blank lines still count: 1 blank, 2 header, 3 blank, 4 data, 5-6 blank, 7 data, 8 blank, 9 bad
        var d = DataFiles.Load("\r\n a , y \r\n\r\n1,p\r\n   \r\n\n2,q\r\n\r\n", Label);
        Assert.Equal(new[] { "a" }, d.FeatureNames); // header names are trimmed
        Assert.Equal(new[] { 1f, 2f }, d.Features);
        Assert.Equal(2, d.Count);
    }

    [Fact]
    public void Last_Line_Without_Newline_And_CR_Only_Line_Ends_Are_Accepted()
    {
        Assert.Equal(new[] { 1f, 2f }, DataFiles.Load("x,y\r1,a\r2,b", Label).Features);
    }

    [Fact]
    public void Quoted_Fields_Follow_RFC4180()
    {
        // Quoted numbers, an embedded separator, doubled quotes and a line break inside a quoted (excluded) field.
        string csv = "\"x\",\"note\",y\n\"1.5\",\"a, b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\"plain\"\n\"3\",\"\",\"x,y\"\n";
        var d = DataFiles.Load(csv, new CsvOptions { LabelColumn = "y", ExcludeColumns = new[] { "note" } });
        Assert.Equal(new[] { 1.5f, 2f, 3f }, d.Features);
        Assert.Equal(new[] { "plain", "say \"hi\"", "x,y" }, d.ClassNames);
        Assert.Equal(new[] { 1f, 0f, 2f }, d.Targets);
    }

    [Fact]
    public void Line_Numbers_Count_Line_Breaks_Inside_Quoted_Fields()
    {
        string csv = "x,note,y\n1,\"two\nlines\",a\n2,ok,b\nbad,ok,c\n";
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load(csv, new CsvOptions { LabelColumn = "y", ExcludeColumns = new[] { "note" } }));
        Assert.Equal((5, 1, "x", "bad"), (e.Line, e.Column, e.ColumnName, e.Text));
    }

    [Theory]
    [InlineData("x,y\n1,\"open\n2,b\n", 2, 2)]          // never closed
    [InlineData("x,y\n1,\"ab\"c\n", 2, 2)]             // text after the closing quote
    [InlineData("x,y\n1,ab\"c\"\n", 2, 2)]             // a quote inside an unquoted field
    [InlineData("x,y\n1,a\n2, \"b\"\n", 3, 2)]         // space before the opening quote makes it unquoted
    public void Malformed_Quoting_Names_Line_And_Column(string csv, int line, int column)
    {
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load(csv, Label, "quotes.csv"));
        Assert.Equal(("quotes.csv", line, column), (e.FileName, e.Line, e.Column));
        Assert.Contains("quotes.csv", e.Message);
        Assert.Contains($"line {line}", e.Message);
        Assert.Contains($"column {column}", e.Message);
    }

    [Theory]
    [InlineData("a,b,y\n1,2,p\n3,q\n", 3, 3, "The row has 2 field(s) but the header has 3.")]
    [InlineData("a,b,y\n1,2,p\n3,4,q,9\n", 3, 4, "The row has 4 field(s) but the header has 3.")]
    public void Wrong_Field_Count_Names_Line_Column_And_Counts(string csv, int line, int column, string problem)
    {
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load(csv, Label, "counts.csv"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(problem, e.Message);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("1 000")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e39")]
    public void Non_Numeric_Or_Non_Finite_Text_Names_File_Line_Column_And_Text(string text)
    {
        string csv = $"a,b,y\n1,2,p\n3,\"{text}\",q\n";
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load(csv, Label, "nums.csv"));
        Assert.Equal(("nums.csv", 3, 2, "b", text), (e.FileName, e.Line, e.Column, e.ColumnName, e.Text));
        Assert.Contains("nums.csv, line 3, column 2 ('b')", e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Numbers_Allow_Sign_Exponent_And_Surrounding_Spaces()
    {
        var d = DataFiles.Load("a,y\n +1.5e2 ,p\n-.25,p\n", Label);
        Assert.Equal(new[] { 150f, -0.25f }, d.Features);
    }

    [Fact]
    public void A_Decimal_Comma_CurrentCulture_Does_Not_Change_Parsing()
    {
        using var comma = CultureScope.DecimalComma();
        Assert.Equal(1.5f, float.Parse("1,5", NumberStyles.Float | NumberStyles.AllowThousands)); // the culture is really active
        var d = DataFiles.Load("a,y\n1.5,2.0\n2.25,10\n", Label);
        Assert.Equal(new[] { 1.5f, 2.25f }, d.Features);
        // Numeric labels used the invariant parse too: "2.0" is the number 2 (a comma culture would make the column
        // text, sorted "10", "2.0").
        Assert.Equal(new[] { "2", "10" }, d.ClassNames);
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("a;y\n1,5;p\n", new CsvOptions { LabelColumn = "y", Separator = ';' }));
        Assert.Equal("1,5", e.Text);
    }

    [Fact]
    public void Empty_Cell_Throws_By_Default_Naming_The_Policy()
    {
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("a,b,y\n1,2,p\n3,,q\n", Label, "m.csv"));
        Assert.Equal((3, 2, "b"), (e.Line, e.Column, e.ColumnName));
        Assert.Contains("MissingValues", e.Message);
        var label = Assert.Throws<CsvFormatException>(() => DataFiles.Load("a,b,y\n1,2,p\n3,4,  \n", Label));
        Assert.Equal((3, 3, "y"), (label.Line, label.Column, label.ColumnName));
    }

    [Fact]
    public void SkipRow_Drops_Rows_With_A_Missing_Feature_Or_Label()
    {
        var o = new CsvOptions { LabelColumn = "y", MissingValues = MissingValuePolicy.SkipRow, MissingMarkers = new[] { "?" } };
        var d = DataFiles.Load("a,b,y\n1,2,p\n3,,q\n5, ? ,q\n7,8,\n9,10,q\n", o);
        Assert.Equal(new[] { 1f, 2f, 9f, 10f }, d.Features);
        Assert.Equal(new[] { 0f, 1f }, d.Targets);
        Assert.Throws<CsvFormatException>(() => DataFiles.Load("a,y\n,p\n", o)); // nothing left
    }

    [Fact]
    public void FillWithColumnMean_Uses_The_Mean_Of_The_Present_Values()
    {
        var o = new CsvOptions { LabelColumn = "y", MissingValues = MissingValuePolicy.FillWithColumnMean };
        var d = DataFiles.Load("a,b,y\n1,2,p\n3,,q\n5,7,q\n", o);
        // column b: mean(2, 7) = 4.5
        Assert.Equal(new[] { 1f, 2f, 3f, 4.5f, 5f, 7f }, d.Features);
        var label = Assert.Throws<CsvFormatException>(() => DataFiles.Load("a,y\n1,p\n2,\n", o));
        Assert.Equal((3, 2), (label.Line, label.Column));
        var empty = Assert.Throws<CsvFormatException>(() => DataFiles.Load("a,b,y\n1,,p\n2,,q\n", o));
        Assert.Equal((2, 2, "b"), (empty.Line, empty.Column, empty.ColumnName));
    }

    [Fact]
    public void Option_Errors_Are_ArgumentExceptions_Naming_The_Columns()
    {
        var e = Assert.Throws<ArgumentException>(() => DataFiles.Load("a,b\n1,2\n", new CsvOptions { LabelColumn = "y" }));
        Assert.Contains("'y'", e.Message);
        Assert.Contains("a, b", e.Message);
        Assert.Throws<ArgumentException>(() => DataFiles.Load("a,b\n1,2\n", new CsvOptions()));
        Assert.Throws<ArgumentException>(() => DataFiles.Load("a,b\n1,2\n", new CsvOptions { LabelColumn = "b", ExcludeColumns = new[] { "c" } }));
        Assert.Throws<ArgumentException>(() => DataFiles.Load("a,b\n1,2\n", new CsvOptions { LabelColumn = "b", ExcludeColumns = new[] { "a" } }));
        Assert.Throws<ArgumentException>(() => DataFiles.Load("a,b\n1,2\n", new CsvOptions { LabelColumn = "b", Separator = '"' }));
    }

    [Fact]
    public void Empty_Input_Duplicate_Header_And_Header_Only_Are_Format_Errors()
    {
        Assert.Throws<CsvFormatException>(() => DataFiles.Load("", Label));
        Assert.Throws<CsvFormatException>(() => DataFiles.Load("\n\n", Label));
        Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,y\n", Label));
        var dup = Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,x,y\n1,2,3\n", Label));
        Assert.Equal((1, 2), (dup.Line, dup.Column));
    }

    [Fact]
    public void Loads_Mobile_Price_2000_Rows_20_Features_4_Classes_Of_500()
    {
        var d = DataFiles.MobilePrice();
        Assert.Equal(2000, d.Count);
        Assert.Equal(20, d.FeatureCount);
        Assert.Equal("battery_power", d.FeatureNames[0]);
        Assert.Equal("wifi", d.FeatureNames[19]);
        Assert.Equal(new[] { "0", "1", "2", "3" }, d.ClassNames);
        for (int c = 0; c < 4; c++) Assert.Equal(500, d.Targets.Count(t => t == c));
        // First row: 842,0,2.2,0,1,0,7,0.6,188,2,2,20,756,2549,9,7,19,0,0,1 → class 1; last row → class 3.
        Assert.Equal(new[] { 842f, 0f, 2.2f, 0f, 1f, 0f, 7f, 0.6f, 188f, 2f, 2f, 20f, 756f, 2549f, 9f, 7f, 19f, 0f, 0f, 1f }, d.GetFeatures(0).ToArray());
        Assert.Equal(1f, d.GetTargets(0)[0]);
        Assert.Equal(new[] { 510f, 1f, 2.0f, 1f, 5f, 1f, 45f, 0.9f, 168f, 6f, 16f, 483f, 754f, 3919f, 19f, 4f, 2f, 1f, 1f, 1f }, d.GetFeatures(1999).ToArray());
        Assert.Equal(3f, d.GetTargets(1999)[0]);
    }

    [Fact]
    public void Loads_Iris_With_Three_Named_Classes()
    {
        var d = CsvLoader.Load(DataFiles.PathOf("iris.csv"), new CsvOptions { LabelColumn = "species" });
        Assert.Equal(150, d.Count);
        Assert.Equal(4, d.FeatureCount);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, d.ClassNames);
        for (int c = 0; c < 3; c++) Assert.Equal(50, d.Targets.Count(t => t == c));
        Assert.Equal(new[] { 5.1f, 3.5f, 1.4f, 0.2f }, d.GetFeatures(0).ToArray());
    }

    private static CsvOptions AutoMpg(MissingValuePolicy policy) => new()
    {
        LabelColumn = "mpg",
        Task = LabelTask.Regression,
        ExcludeColumns = new[] { "origin", "name" },
        MissingValues = policy,
    };

    [Fact]
    public void AutoMpg_Missing_Horsepower_Throws_At_Line_34_Column_4()
    {
        string path = DataFiles.PathOf("auto_mpg.csv");
        var e = Assert.Throws<CsvFormatException>(() => Dataset.LoadCsv(path, AutoMpg(MissingValuePolicy.Throw)));
        Assert.Equal((path, 34, 4, "horsepower"), (e.FileName, e.Line, e.Column, e.ColumnName));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 34, column 4 ('horsepower')", e.Message);
    }

    [Fact]
    public void AutoMpg_SkipRow_Keeps_392_Rows_Of_6_Features()
    {
        var d = Dataset.LoadCsv(DataFiles.PathOf("auto_mpg.csv"), AutoMpg(MissingValuePolicy.SkipRow));
        Assert.Equal(392, d.Count);
        Assert.Equal(new[] { "cylinders", "displacement", "horsepower", "weight", "acceleration", "model_year" }, d.FeatureNames);
        Assert.Null(d.ClassNames);
        Assert.Equal(18f, d.Targets[0]);
        Assert.Equal(new[] { 8f, 307f, 130f, 3504f, 12f, 70f }, d.GetFeatures(0).ToArray());
    }

    [Fact]
    public void AutoMpg_FillWithColumnMean_Fills_Horsepower_With_Its_Mean_Over_392_Values()
    {
        var d = Dataset.LoadCsv(DataFiles.PathOf("auto_mpg.csv"), AutoMpg(MissingValuePolicy.FillWithColumnMean));
        Assert.Equal(398, d.Count);
        // Python csv module: mean of the 392 present horsepower values = 104.46938775510205. Line 34 is data row 32.
        Assert.Equal((float)104.46938775510205, d.GetFeatures(32)[2]);
    }

    [Fact]
    public void AutoMpg_Origin_Text_Is_Rejected_Unless_Excluded()
    {
        var e = Assert.Throws<CsvFormatException>(() => Dataset.LoadCsv(DataFiles.PathOf("auto_mpg.csv"),
            new CsvOptions { LabelColumn = "mpg", Task = LabelTask.Regression, ExcludeColumns = new[] { "name" }, MissingValues = MissingValuePolicy.SkipRow }));
        Assert.Equal((2, 8, "origin", "usa"), (e.Line, e.Column, e.ColumnName, e.Text));
    }
}
