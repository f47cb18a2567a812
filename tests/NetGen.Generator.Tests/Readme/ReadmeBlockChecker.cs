using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Tests.Infrastructure;

namespace NetGen.Generator.Tests.Readme;

/// <summary>
/// The options a C# block of the README may carry after the language in its info string
/// (<c>```csharp file=PhonePriceNet.cs</c>). GitHub and nuget.org highlight by the first word and ignore the rest.
/// </summary>
/// <param name="Fragment"><c>fragment</c>: an excerpt that cannot compile alone (generated code); not compiled, but it
/// must indeed fail to compile alone, so the marker cannot hide a block that could be checked.</param>
/// <param name="File"><c>file=Name.cs</c>: the block is that file of the reader's project; other blocks include it with <c>with=</c>.</param>
/// <param name="With"><c>with=A.cs,B.cs</c>: compile the block together with the blocks named so (as other files of one project).</param>
/// <param name="Expect"><c>expect=NG0001,NG0001</c>: the diagnostics the block exists to show, one entry per report; each must
/// be reported on a line whose text names its id (the <c>// NG0001</c> comment), and nothing else may be reported.</param>
/// <param name="Run"><c>run</c>: a program the package test builds from the packed package and runs (Program.cs of a new console app).</param>
internal sealed record CSharpBlockOptions(bool Fragment, string? File, IReadOnlyList<string> With, IReadOnlyList<string> Expect, bool Run)
{
    private static readonly Regex DiagnosticId = new(@"^(NG|CS)[0-9]{4}$", RegexOptions.CultureInvariant);

    public static CSharpBlockOptions Parse(MarkdownCodeBlock block, List<string> problems)
    {
        bool fragment = false, run = false;
        string? file = null;
        var with = new List<string>();
        var expect = new List<string>();
        foreach (string option in block.Options)
        {
            int eq = option.IndexOf('=');
            string key = eq < 0 ? option : option.Substring(0, eq);
            string[] values = eq < 0 ? Array.Empty<string>() : option.Substring(eq + 1).Split(',', StringSplitOptions.RemoveEmptyEntries);
            switch (key)
            {
                case "fragment" when eq < 0: fragment = true; break;
                case "run" when eq < 0: run = true; break;
                case "file" when values.Length == 1 && values[0].EndsWith(".cs", StringComparison.Ordinal): file = values[0]; break;
                case "with" when values.Length > 0: with.AddRange(values); break;
                case "expect" when values.Length > 0:
                    foreach (string id in values)
                    {
                        if (DiagnosticId.IsMatch(id)) expect.Add(id);
                        else problems.Add($"expect={option.Substring(eq + 1)}: '{id}' is not a diagnostic id (NG0000 or CS0000).");
                    }
                    break;
                default:
                    problems.Add($"Unknown option '{option}' in the info string. Known: fragment, file=Name.cs, with=Name.cs[,...], expect=ID[,...], run.");
                    break;
            }
        }
        if (fragment && (file is not null || with.Count > 0 || expect.Count > 0 || run))
            problems.Add("A fragment is not compiled, so it takes no other option.");
        if (run && expect.Count > 0)
            problems.Add("A block to run cannot also expect diagnostics.");
        return new CSharpBlockOptions(fragment, file, with, expect, run);
    }
}

/// <summary>
/// Compiles one C# block of a Markdown file, as a reader who pastes it into a new console project would: with the
/// generator, the runtime, C# 12 (the .NET 8 SDK, the oldest supported), nullable reference types and the SDK's
/// implicit usings on, as <c>dotnet new console</c> sets them. Returns every problem, each pointing at the line of the
/// Markdown file; an empty list means the block is fine.
/// </summary>
/// <remarks>
/// Compiler warnings count as problems, not only errors: the warnings a reader's build shows first (an unused variable,
/// a possible null dereference) usually mean the example forgot to show something, and a project with
/// <c>TreatWarningsAsErrors</c> (like this repository) would not build the example at all. The warning level is the
/// highest (every warning wave), so a newer SDK finds nothing the test did not.
/// </remarks>
internal static class ReadmeBlockChecker
{
    /// <summary>The global usings of Microsoft.NET.Sdk's <c>ImplicitUsings</c> for a console app.</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static IReadOnlyList<string> Check(IReadOnlyList<MarkdownCodeBlock> blocks, MarkdownCodeBlock block, string markdownName)
    {
        var problems = new List<string>();
        CSharpBlockOptions options = CSharpBlockOptions.Parse(block, problems);
        var parts = new List<MarkdownCodeBlock> { block };
        if (options.File is not null)
        {
            int sameName = blocks.Count(b => b.IsCSharp && CSharpBlockOptions.Parse(b, new List<string>()).File == options.File);
            if (sameName > 1) problems.Add($"file={options.File} names {sameName} blocks; a file name must be unique.");
        }
        foreach (string name in options.With)
        {
            MarkdownCodeBlock? other = blocks.FirstOrDefault(b => b.IsCSharp && CSharpBlockOptions.Parse(b, new List<string>()).File == name);
            if (other is null) problems.Add($"with={name}: no C# block is marked file={name}.");
            else if (ReferenceEquals(other, block)) problems.Add($"with={name} names the block itself.");
            else parts.Add(other);
        }
        if (problems.Count > 0) return problems;

        var (diagnostics, trees) = Compile(parts);
        if (options.Fragment)
        {
            if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                problems.Add("Marked fragment, but it compiles on its own: remove the marker so that the block is checked.");
            return problems;
        }

        var expected = new List<string>(options.Expect);
        // An expected generator error stops generation: the compiler then sees the class without its generated half
        // and warns about layer fields no constructor assigns (CS8618). Those warnings go away with the error, so a
        // block that shows an error is held to no compiler errors only.
        bool showsGeneratorError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("NG", StringComparison.Ordinal) && options.Expect.Contains(d.Id));
        foreach (Diagnostic d in diagnostics)
        {
            if (showsGeneratorError && d.Severity == DiagnosticSeverity.Warning && d.Id.StartsWith("CS", StringComparison.Ordinal)) continue;
            string where = Describe(d, trees, markdownName, out string? lineText);
            if (expected.Remove(d.Id))
            {
                if (lineText is null || !lineText.Contains(d.Id, StringComparison.Ordinal))
                    problems.Add($"{where}\n    the expected {d.Id} is reported on a line that does not name it: put the // {d.Id} comment on this line.");
            }
            else
            {
                problems.Add(where);
            }
        }
        foreach (string id in expected)
            problems.Add($"expect= lists {id}, which was not reported (or not as many times).");
        if (options.Run && !HasTopLevelStatements(trees.Keys.First(t => trees[t] == block)))
            problems.Add("Marked run, but the block has no top-level statements to run.");
        return problems;
    }

    /// <summary>Diagnostics of the generator (from Info up) and of the compilation with the generated code (from Warning up).</summary>
    private static (IReadOnlyList<Diagnostic> Diagnostics, Dictionary<SyntaxTree, MarkdownCodeBlock> Trees) Compile(IReadOnlyList<MarkdownCodeBlock> parts)
    {
        CSharpParseOptions parse = GeneratorHarness.ParseOptions;
        var trees = new Dictionary<SyntaxTree, MarkdownCodeBlock>();
        foreach (MarkdownCodeBlock part in parts)
            trees.Add(CSharpSyntaxTree.ParseText(part.Code, parse, path: "block-at-line-" + part.FenceLine.ToString(CultureInfo.InvariantCulture) + ".cs"), part);
        bool program = trees.Keys.Any(HasTopLevelStatements);
        var compilation = CSharpCompilation.Create("ReadmeExample",
            trees.Keys.Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.g.cs")),
            GeneratorHarness.References,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        GeneratorHarness.Result result = GeneratorHarness.Run(compilation, parse);
        var diagnostics = result.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Info)
            .Concat(result.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        return (diagnostics, trees);
    }

    private static bool HasTopLevelStatements(SyntaxTree tree) =>
        ((CompilationUnitSyntax)tree.GetRoot()).Members.OfType<GlobalStatementSyntax>().Any();

    /// <summary><c>README.md(31,5): error CS0103: message</c> and the line itself, or the generated file's name.</summary>
    private static string Describe(Diagnostic d, Dictionary<SyntaxTree, MarkdownCodeBlock> trees, string markdownName, out string? lineText)
    {
        string severity = d.Severity.ToString().ToLowerInvariant();
        string message = d.GetMessage(CultureInfo.InvariantCulture);
        lineText = null;
        SyntaxTree? tree = d.Location.SourceTree;
        if (tree is null || !trees.TryGetValue(tree, out MarkdownCodeBlock? part))
        {
            string file = tree is null ? "(no location)" : tree.FilePath + d.Location.GetLineSpan().StartLinePosition;
            return $"{file}: {severity} {d.Id}: {message}";
        }
        FileLinePositionSpan span = d.Location.GetLineSpan();
        int line = span.StartLinePosition.Line;
        lineText = tree.GetText().Lines[line].ToString();
        return string.Create(CultureInfo.InvariantCulture,
            $"{markdownName}({part.FirstCodeLine + line},{span.StartLinePosition.Character + 1}): {severity} {d.Id}: {message}\n    | {lineText.Trim()}");
    }
}
