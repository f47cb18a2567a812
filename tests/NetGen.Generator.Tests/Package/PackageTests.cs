using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using NetGen.Generator.Tests.Readme;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests.Package;

/// <summary>
/// Proves the NuGet package, not only ProjectReference, by following README.md's "Getting the package": packs
/// src/NetGen into a local folder, creates a console project with <c>dotnet new console</c>, adds the folder as a
/// package source with <c>dotnet new nugetconfig</c> + <c>dotnet nuget add source</c>, references the package with
/// <c>dotnet add package</c>, and builds and runs every C# block of the README marked <c>run</c> as its Program.cs
/// (with the blocks its <c>with=</c> names), so the generator runs from analyzers/dotnet/cs and the README's programs
/// run for real. The version is unique per run (the README's fixed 0.1.0 would be served from NuGet's global package
/// cache after the first restore, not from the fresh build).
/// </summary>
public class PackageTests
{
    /// <summary>Data files the README's programs read from their working directory, and where the repository keeps them.</summary>
    private static readonly (string Name, string RepositoryPath)[] DataFiles =
    {
        ("mobile_price_train.csv", "samples/PhonePrice/data/mobile_price_train.csv"),
        ("auto_mpg.csv", "data/auto_mpg.csv"),
    };

    private readonly ITestOutputHelper _output;
    public PackageTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ReadmeProgramsBuildAndRunFromThePackedPackage()
    {
        string root = RepositoryPaths.Root;
        IReadOnlyList<MarkdownCodeBlock> blocks = MarkdownCodeBlocks.Parse(File.ReadAllText(Path.Combine(root, "README.md")))
            .Where(b => b.IsCSharp).ToList();
        var programs = blocks.Where(b => Options(b).Run).ToList();
        Assert.True(programs.Count >= 2, "README.md marks the quick start's programs run; none were found.");

        string work = Path.Combine(Path.GetTempPath(), "netgen-package-test-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(work);
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        try
        {
            Run(root, "dotnet", $"pack src/NetGen/NetGen.csproj -c Release -o \"{feed}\" -p:Version={version} -nologo");
            string package = Assert.Single(Directory.GetFiles(feed, "NetGen." + version + ".nupkg"));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/NetGen.Generator.dll", entries);
                Assert.Contains("lib/net8.0/NetGen.dll", entries);
                Assert.Contains("lib/net10.0/NetGen.dll", entries);
                Assert.Contains("README.md", entries);
            }

            // Keep the throwaway project away from any Directory.*.props above the temporary folder.
            File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");
            Run(work, "dotnet", "new console -o app");
            Run(app, "dotnet", "new nugetconfig");
            Run(app, "dotnet", $"nuget add source \"{feed}\" --name netgen-local");
            Run(app, "dotnet", $"add package NetGen --version {version}");
            Assert.Contains($"<PackageReference Include=\"NetGen\" Version=\"{version}\" />", File.ReadAllText(Path.Combine(app, "app.csproj")));
            foreach (var (name, path) in DataFiles)
                File.Copy(Path.Combine(root, path), Path.Combine(app, name));

            foreach (MarkdownCodeBlock program in programs)
            {
                foreach (string file in Directory.GetFiles(app, "*.cs")) File.Delete(file);
                File.WriteAllText(Path.Combine(app, "Program.cs"), program.Code);
                foreach (string name in Options(program).With)
                    File.WriteAllText(Path.Combine(app, name), blocks.Single(b => Options(b).File == name).Code);
                string output = Run(app, "dotnet", "run -c Release -p:TreatWarningsAsErrors=true",
                    $"README.md line {program.FenceLine}");
                Assert.False(string.IsNullOrWhiteSpace(output), $"The program at README.md line {program.FenceLine} printed nothing.");
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static CSharpBlockOptions Options(MarkdownCodeBlock block) => CSharpBlockOptions.Parse(block, new List<string>());

    private string Run(string directory, string file, string arguments, string? what = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(600_000), $"{file} {arguments} timed out");
        _output.WriteLine($"$ {file} {arguments}\n{stdout}{stderr.Result}");
        Assert.True(process.ExitCode == 0, $"{what}{(what is null ? "" : ": ")}{file} {arguments} exited with {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
