using System;
using System.IO;
using NetGen.Data;
using Xunit.Abstractions;

namespace NetGen.Tests.Data;

/// <summary>Finds the CSV fixtures (tests/NetGen.Tests/Fixtures/data) from the repository root, loads small CSV strings,
/// and finds the Fashion-MNIST files where a machine has them.</summary>
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

    /// <summary>
    /// The gzipped IDX files of a Fashion-MNIST set ("train" or "t10k"), or null, with a note in the test output, where
    /// they are absent (as on CI: they are not part of the repository). The folder is NETGEN_FASHION_MNIST, or the shared
    /// data folder of the development machines. A test that gets null returns at once.
    /// </summary>
    public static (string Images, string Labels)? FashionMnist(string set, ITestOutputHelper output)
    {
        string folder = Environment.GetEnvironmentVariable("NETGEN_FASHION_MNIST") ?? "/work/shared/data/fashion-mnist";
        string images = Path.Combine(folder, set + "-images-idx3-ubyte.gz"), labels = Path.Combine(folder, set + "-labels-idx1-ubyte.gz");
        if (File.Exists(images) && File.Exists(labels)) return (images, labels);
        output.WriteLine($"Skipped: {images} or {labels} is absent (the Fashion-MNIST files are not part of the repository).");
        return null;
    }

    public static Dataset MobilePrice() => CsvLoader.Load(PathOf("mobile_price_train.csv"), new CsvOptions { LabelColumn = "price_range" });
}
