using System;
using System.IO;

namespace NetGen.Generator.Tests.Infrastructure;

/// <summary>Where the repository is, found from the test binaries upwards.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The directory that holds NetGen.sln and README.md.</summary>
    public static string Root => LazyRoot.Value;
}
