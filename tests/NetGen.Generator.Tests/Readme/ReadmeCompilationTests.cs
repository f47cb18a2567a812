using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests.Readme;

/// <summary>
/// Every C# block of the repository's README.md compiles with the generator and the runtime, as in a new console
/// project, without an error or a warning (see <see cref="ReadmeBlockChecker"/> for the settings and why warnings count).
/// A block is one file on its own unless its info string says otherwise:
/// <list type="bullet">
/// <item><c>```csharp file=PhonePriceNet.cs</c> names the block as a file of the reader's project, and
/// <c>```csharp with=PhonePriceNet.cs</c> compiles another block together with it (two files, one project).</item>
/// <item><c>```csharp expect=NG0001</c> is a block that exists to show diagnostics: exactly those are reported, each on
/// the line whose <c>// NG0001</c> comment names it.</item>
/// <item><c>```csharp fragment</c> is an excerpt that cannot compile alone (generated code); it is only checked to not compile.</item>
/// <item><c>```csharp run</c> is a program that <see cref="Package.PackageTests"/> also builds from the package and runs.</item>
/// </list>
/// </summary>
public class ReadmeCompilationTests
{
    private static readonly Lazy<IReadOnlyList<MarkdownCodeBlock>> ReadmeBlocks = new(() =>
        MarkdownCodeBlocks.Parse(File.ReadAllText(ReadmePath)));

    private static string ReadmePath => Path.Combine(RepositoryPaths.Root, "README.md");

    /// <summary>The fence line of every C# block of README.md (one test case per block, named by its line).</summary>
    public static TheoryData<int> CSharpBlockLines()
    {
        var data = new TheoryData<int>();
        foreach (MarkdownCodeBlock block in ReadmeBlocks.Value.Where(b => b.IsCSharp)) data.Add(block.FenceLine);
        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpBlockLines))]
    public void ReadmeBlockCompiles(int fenceLine)
    {
        IReadOnlyList<MarkdownCodeBlock> blocks = ReadmeBlocks.Value;
        MarkdownCodeBlock block = blocks.Single(b => b.FenceLine == fenceLine);
        AssertNoProblems(blocks, block, "README.md");
    }

    [Fact]
    public void ReadmeHasTheQuickStartProgramsAndFewFragments()
    {
        var csharp = ReadmeBlocks.Value.Where(b => b.IsCSharp).ToList();
        var options = csharp.Select(b => CSharpBlockOptions.Parse(b, new List<string>())).ToList();
        Assert.True(csharp.Count >= 10, $"README.md has {csharp.Count} C# blocks; did the parser stop finding them?");
        Assert.Contains(options, o => o.File == "PhonePriceNet.cs");
        Assert.True(options.Count(o => o.Run) >= 2, "The quick start's programs (the training loop and Fit) are marked run.");
        Assert.True(options.Count(o => o.Fragment) <= 1, "Fragments are not compiled: keep them to the one excerpt of generated code.");
    }

    /// <summary>
    /// The one fragment (an excerpt of generated code, not compiled) is copied from the phone-price snapshot: its lines
    /// must stand there together and in order, so a generator change that alters them fails here until the README follows.
    /// </summary>
    [Fact]
    public void GeneratedCodeExcerpt_IsInThePhonePriceSnapshot()
    {
        MarkdownCodeBlock fragment = ReadmeBlocks.Value.Single(b => b.IsCSharp && CSharpBlockOptions.Parse(b, new List<string>()).Fragment);
        string snapshot = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "NetGen.Generator.Tests", "Snapshots", "PhonePriceNet.verified.cs"));
        Assert.Contains(NonEmptyTrimmedLines(fragment.Code), NonEmptyTrimmedLines(snapshot));
    }

    private static string NonEmptyTrimmedLines(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    // The checker itself, on small Markdown files: each mistake it must catch.

    [Fact]
    public void BrokenBlockIsReportedWithItsMarkdownLine()
    {
        IReadOnlyList<string> problems = Check("""
            # Title

            ```csharp
            int count = 3;
            Console.WriteLine(cuont + count);
            ```
            """, fenceLine: 3);
        string problem = Assert.Single(problems);
        Assert.StartsWith("TEST.md(5,19): error CS0103:", problem);
        Assert.Contains("| Console.WriteLine(cuont + count);", problem);
    }

    [Fact]
    public void NetworkBlockCompilesWithTheGeneratedCode()
    {
        Assert.Empty(Check("""
            ```csharp
            using NetGen;

            var net = new Net();
            Console.WriteLine(Net.ParameterCount + net.Parameters.Count);

            [Network(Inputs = 2)]
            public partial class Net { [Dense(1)] public readonly DenseLayer Output; }
            ```
            """, fenceLine: 1));
    }

    [Fact]
    public void UseOfAMemberTheGeneratorDoesNotEmitIsAnError()
    {
        IReadOnlyList<string> problems = Check("""
            ```csharp
            using NetGen;

            Console.WriteLine(Net.WeightCount);

            [Network(Inputs = 2)]
            public partial class Net { [Dense(1)] public readonly DenseLayer Output; }
            ```
            """, fenceLine: 1);
        Assert.Contains(problems, p => p.StartsWith("TEST.md(4,23): error CS0117:", StringComparison.Ordinal));
    }

    [Fact]
    public void CompilerWarningIsAProblem()
    {
        IReadOnlyList<string> problems = Check("""
            ```csharp
            int unused = 3;
            ```
            """, fenceLine: 1);
        Assert.Contains("warning CS0219", Assert.Single(problems));
    }

    [Fact]
    public void GeneratorWarningIsAProblemUnlessExpectedOnItsLine()
    {
        const string Network = """
            using NetGen;

            [Network(Inputs = 4)]
            public partial class Net
            {
                [Dense(8, Activation.ReLU, WeightInit = Init.XavierUniform)] public readonly DenseLayer Hidden;   {0}
                [Dense(2)] public readonly DenseLayer Output;
            }
            """;
        string Block(string info, string comment) => "```csharp" + info + "\n" + Network.Replace("{0}", comment) + "\n```\n";

        Assert.Contains("warning NG2003", Assert.Single(Check(Block("", ""), 1)));
        Assert.Empty(Check(Block(" expect=NG2003", "// NG2003"), 1));
        Assert.Contains("does not name it", Assert.Single(Check(Block(" expect=NG2003", "// Xavier"), 1)));
        Assert.Contains("NG2004, which was not reported", Assert.Single(Check(Block(" expect=NG2003,NG2004", "// NG2003"), 1)));
    }

    [Fact]
    public void BlockShowingAGeneratorErrorIsStillHeldToNoCompilerErrors()
    {
        const string Markdown = """
            ```csharp expect=NG0001
            using NetGen;

            [Network(Inputs = 4)]
            public class Net                       // NG0001
            {
                [Dense(2)] public readonly DenseLayer Output;{0}
            }
            ```
            """;
        // Without its generated half the class leaves Output unassigned (warning CS8618): a consequence of NG0001.
        Assert.Empty(Check(Markdown.Replace("{0}", ""), 1));
        Assert.Contains("error CS0029", Assert.Single(Check(Markdown.Replace("{0}", " public int Count = \"two\";"), 1)));
    }

    [Fact]
    public void FileAndWithCompileTwoBlocksAsOneProject()
    {
        const string Markdown = """
            ```csharp file=Net.cs
            using NetGen;

            [Network(Inputs = 2)]
            public partial class Net { [Dense(1)] public readonly DenseLayer Output; }
            ```

            ```csharp{0}
            Console.WriteLine(new Net().Parameters.Count);
            ```
            """;
        Assert.Empty(Check(Markdown.Replace("{0}", ""), 1));
        Assert.Empty(Check(Markdown.Replace("{0}", " with=Net.cs"), 8));
        Assert.Contains(Check(Markdown.Replace("{0}", ""), 8), p => p.StartsWith("TEST.md(9,23): error CS0246", StringComparison.Ordinal));
        Assert.Contains("no C# block is marked file=Other.cs", Assert.Single(Check(Markdown.Replace("{0}", " with=Other.cs"), 8)));
    }

    [Fact]
    public void FragmentThatCompilesMustNotBeMarked()
    {
        Assert.Empty(Check("```csharp fragment\nSpan<float> z1 = ws.Slice(0, 128);\n```\n", 1));
        Assert.Contains("compiles on its own", Assert.Single(Check("```csharp fragment\nint[] a = { 1 };\nConsole.WriteLine(a[0]);\n```\n", 1)));
    }

    [Fact]
    public void UnknownOptionIsAProblem()
    {
        Assert.Contains("Unknown option 'fragmnet'", Assert.Single(Check("```csharp fragmnet\nx\n```\n", 1)));
    }

    [Fact]
    public void ParserFindsFencesOfEveryKindWithTheirLines()
    {
        IReadOnlyList<MarkdownCodeBlock> blocks = MarkdownCodeBlocks.Parse(
            "text with ```inline``` code\n```bash\ndotnet test\n```\n\n~~~cs expect=NG0001\nclass A {}\n~~~\n````c#\n```\nstill code\n````\n  ```csharp\n  int a = 1;\n  ```\n");
        Assert.Equal(new[] { 2, 6, 9, 13 }, blocks.Select(b => b.FenceLine));
        Assert.Equal(new[] { false, true, true, true }, blocks.Select(b => b.IsCSharp));
        Assert.Equal(new[] { "expect=NG0001" }, blocks[1].Options);
        Assert.Equal("class A {}\n", blocks[1].Code);
        Assert.Equal("```\nstill code\n", blocks[2].Code);
        Assert.Equal("int a = 1;\n", blocks[3].Code);
    }

    private static IReadOnlyList<string> Check(string markdown, int fenceLine)
    {
        IReadOnlyList<MarkdownCodeBlock> blocks = MarkdownCodeBlocks.Parse(markdown);
        return ReadmeBlockChecker.Check(blocks, blocks.Single(b => b.FenceLine == fenceLine), "TEST.md");
    }

    private static void AssertNoProblems(IReadOnlyList<MarkdownCodeBlock> blocks, MarkdownCodeBlock block, string name)
    {
        IReadOnlyList<string> problems = ReadmeBlockChecker.Check(blocks, block, name);
        if (problems.Count > 0)
            Assert.Fail($"The C# block at {name} line {block.FenceLine} (```{block.Language} {string.Join(' ', block.Options)}) does not compile cleanly:\n"
                + string.Join("\n", problems));
    }
}
