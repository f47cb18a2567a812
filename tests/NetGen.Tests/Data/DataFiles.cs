using System;
using System.IO;
using NetGen.Data;
using Xunit.Abstractions;

namespace NetGen.Tests.Data;

/// <summary>Finds the CSV fixtures (tests/NetGen.Tests/Fixtures/data) from the repository root, loads small CSV strings,
/// and finds the Fashion-MNIST files where a machine has them.</summary>
internal static class DataFiles
{
    public static string PathOf(string fileName) => Path.Combine(RepositoryRoot(), "tests", "NetGen.Tests", "Fixtures", "data", fileName);

    public static Dataset Load(string csv, CsvOptions options, string source = "test.csv")
        => CsvLoader.Load(new StringReader(csv), source, options);

    /// <summary>
    /// The gzipped IDX files of a Fashion-MNIST set ("train" or "t10k"), committed with the sample in
    /// samples/FashionMnist/data (NETGEN_FASHION_MNIST overrides the folder). They are part of the repository, so a
    /// missing file fails the test rather than skipping it.
    /// </summary>
    public static (string Images, string Labels) FashionMnist(string set)
    {
        string folder = Environment.GetEnvironmentVariable("NETGEN_FASHION_MNIST") ?? Path.Combine(RepositoryRoot(), "samples", "FashionMnist", "data");
        string images = Path.Combine(folder, set + "-images-idx3-ubyte.gz"), labels = Path.Combine(folder, set + "-labels-idx1-ubyte.gz");
        if (File.Exists(images) && File.Exists(labels)) return (images, labels);
        throw new FileNotFoundException($"{images} or {labels} is missing; the Fashion-MNIST files are committed with samples/FashionMnist.");
    }

    private static string RepositoryRoot()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"NetGen.sln not found above {AppContext.BaseDirectory}.");
    }

    public static Dataset MobilePrice() => CsvLoader.Load(PathOf("mobile_price_train.csv"), new CsvOptions { LabelColumn = "price_range" });
}
