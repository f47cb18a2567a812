using System;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>
/// The label column under the default <see cref="LabelTask.Classification"/>: a numeric column is mapped by value (so
/// "1" and "1.0" are one class), and a numeric column with non-integer values is refused as classes (it is a
/// regression target) instead of becoming one class per distinct value.
/// </summary>
public sealed class CsvLabelTests
{
    private static readonly CsvOptions Label = new() { LabelColumn = "y" };

    [Fact]
    public void AutoMpg_With_The_Default_Task_Is_Refused_Naming_The_Column_A_Value_And_The_Option()
    {
        // Python csv: the first mpg that is not an integer is "17.5" on line 189 (a row with horsepower, so SkipRow keeps
        // it); the 392 kept rows hold 127 distinct mpg values, which would have become 127 classes.
        string path = DataFiles.PathOf("auto_mpg.csv");
        var options = new CsvOptions { LabelColumn = "mpg", ExcludeColumns = new[] { "origin", "name" }, MissingValues = MissingValuePolicy.SkipRow };
        var e = Assert.Throws<ArgumentException>(() => Dataset.LoadCsv(path, options));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("label column 'mpg'", e.Message);
        Assert.Contains("\"17.5\" on line 189", e.Message);
        Assert.Contains("127 distinct values", e.Message);
        Assert.Contains("CsvOptions.Task = LabelTask.Regression", e.Message);

        options.Task = LabelTask.Regression;
        // Line 189 is data row 187; rows 32 and 126 (lines 34 and 128) lack horsepower and are skipped, so it is kept row 185.
        Assert.Equal(17.5f, Dataset.LoadCsv(path, options).Targets[185]);
    }

    [Fact]
    public void A_Small_Non_Integer_Label_Is_Refused_At_Its_Line()
    {
        var e = Assert.Throws<ArgumentException>(() => DataFiles.Load("x,y\n1,0\n2,2.5\n3,1\n", Label, "r.csv"));
        Assert.Contains("r.csv", e.Message);
        Assert.Contains("label column 'y'", e.Message);
        Assert.Contains("\"2.5\" on line 3", e.Message);
        Assert.Contains("3 distinct values", e.Message);
    }

    [Fact]
    public void Integer_Labels_Written_Differently_Are_One_Class_Named_By_Their_Value()
    {
        // By value: 1 = 1.0 = 1e0, 0 = 0.0 = -0, 2 = 2.00; sorted 0, 1, 2.
        var d = DataFiles.Load("x,y\n1,1\n2,1.0\n3,0.0\n4,2.00\n5,1e0\n6,-0\n", Label);
        Assert.Equal(new[] { "0", "1", "2" }, d.ClassNames);
        Assert.Equal(new[] { 1f, 1f, 0f, 2f, 1f, 0f }, d.Targets);
    }

    [Fact]
    public void Negative_And_Large_Integer_Labels_Keep_Their_Numeric_Order()
    {
        var d = DataFiles.Load("x,y\n1,10\n2,-1.0\n3,-1\n4,9\n", Label);
        Assert.Equal(new[] { "-1", "9", "10" }, d.ClassNames);
        Assert.Equal(new[] { 2f, 0f, 0f, 1f }, d.Targets);
    }

    [Fact]
    public void A_Column_Mixing_Numbers_And_Text_Stays_Text_Labels()
    {
        // Not every label is a number, so this is a text column (pandas: dtype object): "1" and "1.0" stay two labels,
        // and "2.5" is just a name, as before.
        var d = DataFiles.Load("x,y\n1,1\n2,1.0\n3,cat\n4,2.5\n", Label);
        Assert.Equal(new[] { "1", "1.0", "2.5", "cat" }, d.ClassNames);
        Assert.Equal(new[] { 0f, 1f, 3f, 2f }, d.Targets);
    }

    [Fact]
    public void Numeric_Fixed_ClassNames_Match_Labels_By_Value()
    {
        // A test file written "1.0" maps onto the training classes "0", "1" (e.g. Dataset.ClassNames of the training file).
        var options = new CsvOptions { LabelColumn = "y", ClassNames = new[] { "0", "1" } };
        var d = DataFiles.Load("x,y\n1,1.0\n2,0\n3,1\n", options);
        Assert.Equal(new[] { 1f, 0f, 1f }, d.Targets);
        Assert.Equal(new[] { "0", "1" }, d.ClassNames);
        var e = Assert.Throws<CsvFormatException>(() => DataFiles.Load("x,y\n1,1.0\n2,2\n", options));
        Assert.Equal((3, 2, "y", "2"), (e.Line, e.Column, e.ColumnName, e.Text));
    }

    [Fact]
    public void Fixed_ClassNames_Declare_Decimal_Labels_As_Classes()
    {
        // Listing the classes is the way to say that non-integer numbers really are class labels.
        var options = new CsvOptions { LabelColumn = "y", ClassNames = new[] { "0.5", "1.5" } };
        var d = DataFiles.Load("x,y\n1,1.5\n2,0.5\n3,1.50\n", options);
        Assert.Equal(new[] { 1f, 0f, 1f }, d.Targets);
        Assert.Equal(new[] { "0.5", "1.5" }, d.ClassNames);
    }

    [Fact]
    public void Fixed_ClassNames_With_The_Same_Value_Twice_Are_Rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => DataFiles.Load("x,y\n1,1\n", new CsvOptions { LabelColumn = "y", ClassNames = new[] { "1", "0", "1.0" } }));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("'1.0'", e.Message);
        Assert.Contains("'1'", e.Message);
    }
}
