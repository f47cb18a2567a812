using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests.Package;

/// <summary>
/// Proves the NuGet package, not only ProjectReference: packs src/NetGen into a local folder with a
/// unique version, creates a throwaway console project that references the PACKAGE, declares a
/// network, builds it (so the generator runs from analyzers/dotnet/cs) and runs it.
/// </summary>
public class PackageTests
{
    private readonly ITestOutputHelper _output;
    public PackageTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void PackedPackageGeneratesAndRunsANetwork()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "netgen-package-test-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
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
            }

            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                    <RestoreAdditionalProjectSources>{feed}</RestoreAdditionalProjectSources>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="NetGen" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            // Keep the throwaway project away from the repository's Directory.*.props.
            File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using System;
                using NetGen;

                var net = new Xor();
                float[] x = { 0, 0, 0, 1, 1, 0, 1, 1 };
                float[] t = { 0, 1, 1, 0 };
                var y = new float[4];
                var dy = new float[4];
                float first = 0, last = 0;
                for (int epoch = 0; epoch < 2000; epoch++)
                {
                    net.ZeroGrad();
                    net.Forward(x, y, 4);
                    float loss = 0;
                    for (int i = 0; i < 4; i++) { loss += (y[i] - t[i]) * (y[i] - t[i]) / 4; dy[i] = 2 * (y[i] - t[i]) / 4; }
                    net.Backward(dy);
                    Span<float> p = net.Parameters.Values, g = net.Parameters.Gradients;
                    for (int i = 0; i < p.Length; i++) p[i] -= 0.5f * g[i];
                    if (epoch == 0) first = loss;
                    last = loss;
                }
                Console.WriteLine($"params={Xor.ParameterCount} first={first:F4} last={last:F4}");
                return last < first / 10 ? 0 : 1;

                [Network(Inputs = 2, Seed = 1)]
                partial class Xor
                {
                    [Dense(8, Activation.Tanh)] public readonly DenseLayer Hidden;
                    [Dense(1, Activation.Sigmoid)] public readonly DenseLayer Output;
                }
                """);
            string output = Run(app, "dotnet", "run -c Release -nologo");
            Assert.Contains("params=33", output);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private string Run(string directory, string file, string arguments)
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
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited with {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }
}
