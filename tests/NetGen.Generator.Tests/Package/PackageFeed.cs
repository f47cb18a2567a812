using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace NetGen.Generator.Tests.Package;

/// <summary>
/// src/NetGen packed once per test class into a local folder feed with a unique version, and a work folder for
/// throwaway projects that reference that package. Disposing deletes both and the version's copy in the NuGet cache.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Work = Path.Combine(Path.GetTempPath(), "netgen-package-test-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Work, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        // Keep the throwaway projects away from the repository's Directory.*.props.
        File.WriteAllText(Path.Combine(Work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Work, "Directory.Packages.props"), "<Project />");

        ProcessResult pack = Run(RepositoryRoot, $"pack src/NetGen/NetGen.csproj -c Release -o \"{Feed}\" -p:Version={Version} -nologo");
        if (pack.ExitCode != 0) throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        PackOutput = pack.Output;
        Package = Path.Combine(Feed, "NetGen." + Version + ".nupkg");
        if (!File.Exists(Package)) throw new InvalidOperationException("dotnet pack did not write " + Package + ":\n" + pack.Output);
    }

    public string RepositoryRoot { get; }

    /// <summary>Parent of the feed and of every app folder; its Directory.*.props are empty.</summary>
    public string Work { get; }

    public string Feed { get; }

    public string Version { get; }

    /// <summary>The .nupkg file.</summary>
    public string Package { get; }

    public string PackOutput { get; }

    /// <summary>
    /// A new folder under <see cref="Work"/> with <c>App.csproj</c>: a net10.0 console program that references the
    /// packed package, with <paramref name="properties"/> (XML) added to its property group.
    /// </summary>
    public string CreateApp(string name, string properties = "")
    {
        string app = Path.Combine(Work, name);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RestoreAdditionalProjectSources>{Feed}</RestoreAdditionalProjectSources>
            {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NetGen" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        return app;
    }

    /// <summary>
    /// Runs <c>dotnet</c> (or <paramref name="file"/>) and returns its exit code and its stdout followed by its stderr.
    /// The DOTNET_Enable* and DOTNET_PreferredVectorBitWidth switches of the test process are not passed on: a child
    /// run under the JIT must see the instruction sets of the machine, as a NativeAOT binary built for it does.
    /// </summary>
    public static ProcessResult Run(string directory, string arguments, string file = "dotnet", IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string key in new List<string>(start.Environment.Keys))
            if (key.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_PreferredVectorBitWidth", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 10 minutes");
        }
        return new ProcessResult($"{file} {arguments}", process.ExitCode, stdout, stdout + stderr.Result, clock.Elapsed);
    }

    public void Dispose()
    {
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        // Every run packs a new version; its extracted copy in the NuGet cache is of no use afterwards.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try { Directory.Delete(Path.Combine(cache, "netgen", Version.ToLowerInvariant()), recursive: true); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>What a finished process gave: its command line, exit code, stdout, stdout then stderr, and how long it ran.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Output, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"$ {Command}  (exit {ExitCode}, {Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)\n{Output}";
}
