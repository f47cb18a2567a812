using System;
using System.IO;
using NetGen.Data;

namespace NetGen.Tests.Data;

/// <summary>Finds the CSV fixtures (tests/NetGen.Tests/Fixtures/data) from the repository root, and loads small CSV strings.</summary>
internal static class DataFiles
{
    public static string PathOf(string fileName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"NetGen.sln not found above {AppContext.BaseDirectory}.");
        return Path.Combine(dir.FullName, "tests", "NetGen.Tests", "Fixtures", "data", fileName);
    }

    public static Dataset Load(string csv, CsvOptions options, string source = "test.csv")
        => CsvLoader.Load(new StringReader(csv), source, options);

    public static Dataset MobilePrice() => CsvLoader.Load(PathOf("mobile_price_train.csv"), new CsvOptions { LabelColumn = "price_range" });
}
