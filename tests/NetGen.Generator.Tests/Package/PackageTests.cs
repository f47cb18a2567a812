using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using NetGen.Generator.Tests.Readme;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests.Package;

/// <summary>
/// Proves the NuGet package, not only ProjectReference: src/NetGen is packed once into a local folder with a unique
/// version (<see cref="PackageFeed"/>), and throwaway console projects that reference the PACKAGE declare networks,
/// build (so the generator runs from analyzers/dotnet/cs and buildTransitive/NetGen.targets is imported) and run,
/// under the JIT and published with NativeAOT; and README.md's "Getting the package" is followed to the letter: a
/// <c>dotnet new console</c> project, the folder added as a source with <c>dotnet new nugetconfig</c> +
/// <c>dotnet nuget add source</c>, <c>dotnet add package</c>, then every C# block of the README marked <c>run</c>
/// built and run as its Program.cs (with the blocks its <c>with=</c> names). One class, so the publishes run one after
/// the other.
/// </summary>
public class PackageTests : IClassFixture<PackageFeed>
{
    private readonly PackageFeed _feed;
    private readonly ITestOutputHelper _output;

    public PackageTests(PackageFeed feed, ITestOutputHelper output)
    {
        _feed = feed;
        _output = output;
    }

    [Fact]
    public void PackageHoldsTheRuntimeTheGeneratorAndTheBuildTargets()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(_feed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("analyzers/dotnet/cs/NetGen.Generator.dll", entries);
        Assert.Contains("lib/net8.0/NetGen.dll", entries);
        Assert.Contains("lib/net10.0/NetGen.dll", entries);
        Assert.Contains("README.md", entries);
        // Where NuGet imports it for direct and transitive references alike (named after the package id).
        Assert.Contains("buildTransitive/NetGen.targets", entries);
    }

    [Fact]
    public void PackedPackageGeneratesAndRunsANetwork()
    {
        string app = _feed.CreateApp("xor", "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>");
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
        string output = Succeed(PackageFeed.Run(app, "run -c Release -nologo")).Stdout;
        Assert.Contains("params=33", output);
    }

    /// <summary>Data files the README's programs read from their working directory, and where the repository keeps them.</summary>
    private static readonly (string Name, string RepositoryPath)[] ReadmeDataFiles =
    {
        ("mobile_price_train.csv", "samples/PhonePrice/data/mobile_price_train.csv"),
        ("auto_mpg.csv", "data/auto_mpg.csv"),
    };

    [Fact]
    public void ReadmeProgramsBuildAndRunFromThePackedPackage()
    {
        string root = _feed.RepositoryRoot;
        IReadOnlyList<MarkdownCodeBlock> blocks = MarkdownCodeBlocks.Parse(File.ReadAllText(Path.Combine(root, "README.md")))
            .Where(b => b.IsCSharp).ToList();
        var programs = blocks.Where(b => Options(b).Run).ToList();
        Assert.True(programs.Count >= 2, "README.md marks the quick start's programs run; none were found.");

        string work = Path.Combine(_feed.Work, "readme");
        Directory.CreateDirectory(work);
        string app = Path.Combine(work, "app");
        Succeed(PackageFeed.Run(work, "new console -o app"));
        Succeed(PackageFeed.Run(app, "new nugetconfig"));
        Succeed(PackageFeed.Run(app, $"nuget add source \"{_feed.Feed}\" --name netgen-local"));
        Succeed(PackageFeed.Run(app, $"add package NetGen --version {_feed.Version}"));
        Assert.Contains($"<PackageReference Include=\"NetGen\" Version=\"{_feed.Version}\" />", File.ReadAllText(Path.Combine(app, "app.csproj")));
        foreach (var (name, path) in ReadmeDataFiles)
            File.Copy(Path.Combine(root, path), Path.Combine(app, name));

        foreach (MarkdownCodeBlock program in programs)
        {
            foreach (string file in Directory.GetFiles(app, "*.cs")) File.Delete(file);
            File.WriteAllText(Path.Combine(app, "Program.cs"), program.Code);
            foreach (string name in Options(program).With)
                File.WriteAllText(Path.Combine(app, name), blocks.Single(b => Options(b).File == name).Code);
            ProcessResult run = PackageFeed.Run(app, "run -c Release -p:TreatWarningsAsErrors=true");
            _output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0, $"README.md line {program.FenceLine}: " + run);
            Assert.False(string.IsNullOrWhiteSpace(run.Stdout), $"The program at README.md line {program.FenceLine} printed nothing.");
        }
    }

    private static CSharpBlockOptions Options(MarkdownCodeBlock block) => CSharpBlockOptions.Parse(block, new List<string>());

    /// <summary>
    /// NG9001 (buildTransitive/NetGen.targets) is reported by a NativeAOT publish that sets no IlcInstructionSet, and
    /// not by a build of the same project. The published program still trains, on the compiler's baseline instruction
    /// set: no Vector256, no FMA, Vector&lt;float&gt; of 4 floats (if .NET ever changes that default, the warning's
    /// premise is gone and this test says so).
    /// </summary>
    [Fact]
    public void NativeAotPublishWithoutInstructionSetWarnsNG9001AndStillTrains()
    {
        string app = CreateTrainingApp("aot-baseline", "<PublishAot>true</PublishAot>");
        ProcessResult build = Succeed(PackageFeed.Run(app, "build -c Release -nologo"));
        Assert.DoesNotContain("NG9001", build.Output);

        ProcessResult publish = Succeed(PackageFeed.Run(app, "publish -c Release -nologo -o out"));
        bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        if (x64)
        {
            Assert.Contains("warning NG9001", publish.Output);
            // What to set, in the spelling of the .NET 10 compiler (.NET 8 and 9 say x86-x64-v3).
            Assert.Contains("<IlcInstructionSet>native</IlcInstructionSet>", publish.Output);
            Assert.Contains("x86-64-v3 (AVX2 + FMA)", publish.Output);
            Assert.Contains("x86-64-v4 (AVX-512)", publish.Output);
        }
        else
        {
            Assert.DoesNotContain("NG9001", publish.Output); // only the x64 baseline lacks the wide vectors
        }

        TrainingRun jit = TrainingRun.Parse(Succeed(PackageFeed.Run(app, "bin/Release/net10.0/App.dll")).Stdout);
        TrainingRun aot = TrainingRun.Parse(Succeed(PackageFeed.Run(app, "", Path.Combine(app, "out", "App"))).Stdout);
        if (x64) Assert.Equal("True False False False 4", aot.Simd);
        aot.AssertTrained();
        _output.WriteLine($"final loss: JIT {Format(jit.FinalLoss)} ({jit.Simd}), NativeAOT baseline {Format(aot.FinalLoss)} ({aot.Simd}): " +
            $"relative difference {Format(Math.Abs(aot.FinalLoss - jit.FinalLoss) / jit.FinalLoss)}");
    }

    /// <summary>
    /// With &lt;IlcInstructionSet&gt;native&lt;/IlcInstructionSet&gt; the NativeAOT program sees the instruction sets
    /// the JIT sees on the same machine, runs the same kernels and so computes the same bits: every reported loss,
    /// the accuracy, 16 one-sample inference outputs and all trained parameters are identical to the JIT build's.
    /// Exact equality is the honest expectation: the kernels choose their code from the instruction set alone, sum in
    /// an order that does not depend on the thread count, and neither compiler contracts a·b + c into a fused
    /// multiply-add on its own; any difference here is a kernel that depends on something else.
    /// </summary>
    [Fact]
    public void NativeAotWithInstructionSetTrainsBitIdenticallyToTheJit()
    {
        string app = CreateTrainingApp("aot-native", "<PublishAot>true</PublishAot>\n<IlcInstructionSet>native</IlcInstructionSet>");
        ProcessResult build = Succeed(PackageFeed.Run(app, "build -c Release -nologo"));
        Assert.DoesNotContain("NG9001", build.Output);
        ProcessResult publish = Succeed(PackageFeed.Run(app, "publish -c Release -nologo -o out"));
        Assert.DoesNotContain("NG9001", publish.Output);

        string jitOutput = Succeed(PackageFeed.Run(app, "bin/Release/net10.0/App.dll")).Stdout;
        string aotOutput = Succeed(PackageFeed.Run(app, "", Path.Combine(app, "out", "App"))).Stdout;
        TrainingRun jit = TrainingRun.Parse(jitOutput);
        TrainingRun.Parse(aotOutput);
        jit.AssertTrained();
        Assert.Equal(jitOutput, aotOutput);
    }

    private string CreateTrainingApp(string name, string properties)
    {
        string app = _feed.CreateApp(name, properties);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Package", "TrainingApp", "Program.cs"), Path.Combine(app, "Program.cs"));
        return app;
    }

    private ProcessResult Succeed(ProcessResult result)
    {
        _output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The lines of Package/TrainingApp/Program.cs.</summary>
    private sealed record TrainingRun(string Simd, IReadOnlyList<(int Step, float Loss)> Losses, double Accuracy)
    {
        public float FinalLoss => Losses[^1].Loss;

        public static TrainingRun Parse(string stdout)
        {
            string simd = "";
            var losses = new List<(int, float)>();
            double accuracy = double.NaN;
            foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] f = line.Split(' ');
                switch (f[0])
                {
                    case "simd": simd = string.Join(' ', f.Skip(1)); break;
                    case "loss": losses.Add((int.Parse(f[1], CultureInfo.InvariantCulture), float.Parse(f[2], CultureInfo.InvariantCulture))); break;
                    case "accuracy": accuracy = double.Parse(f[1], CultureInfo.InvariantCulture); break;
                }
            }
            Assert.True(simd.Length > 0 && losses.Count == 7 && !double.IsNaN(accuracy), "unexpected output:\n" + stdout);
            return new TrainingRun(simd, losses, accuracy);
        }

        /// <summary>
        /// It learned: the first batch's loss is near ln 10 (ten classes, small random logits) and the last batch's is
        /// below a third of it; the teacher's labels are reproduced for most of the training set.
        /// </summary>
        public void AssertTrained()
        {
            Assert.InRange(Losses[0].Loss, 2.0f, 2.6f);
            Assert.True(float.IsFinite(FinalLoss) && FinalLoss < Losses[0].Loss / 3, $"final loss {FinalLoss} vs first {Losses[0].Loss}");
            Assert.InRange(Accuracy, 0.8, 1.0);
        }
    }
}
