using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// One diagnostic a test expects: its id, severity, exact invariant-culture message, and which
/// <c>[|...|]</c> span (<paramref name="Span"/>, counted in order over the file) of which source
/// file (<paramref name="File"/>, the index of the markup passed to the verifier) it is reported on.
/// </summary>
internal sealed record Expected(string Id, DiagnosticSeverity Severity, string Message, int Span = 0, int File = 0)
{
    public static Expected Error(string id, string message, int span = 0, int file = 0) => new(id, DiagnosticSeverity.Error, message, span, file);

    public static Expected Warning(string id, string message, int span = 0, int file = 0) => new(id, DiagnosticSeverity.Warning, message, span, file);
}

/// <summary>
/// Runs the generator over marked-up sources and asserts that it reported exactly the expected
/// diagnostics, no more and no fewer, each with its id, severity, message, file and span.
/// </summary>
internal static class DiagnosticVerifier
{
    public static GeneratorHarness.Result Verify(string markup, params Expected[] expected) =>
        Verify(new[] { markup }, expected);

    public static GeneratorHarness.Result Verify(string[] markups, params Expected[] expected)
    {
        Markup[] parsed = markups.Select(Markup.Parse).ToArray();
        GeneratorHarness.Result result = GeneratorHarness.Run(parsed.Select(m => m.Source).ToArray());

        var want = expected.Select(e =>
        {
            Markup file = parsed[e.File];
            if (e.Span >= file.Spans.Count)
                throw new ArgumentException($"Expected {e.Id} on span #{e.Span} of file #{e.File}, but that file marks only {file.Spans.Count} span(s).");
            return Describe(e.Id, e.Severity, e.Message, FilePath(e.File), file.Spans[e.Span], parsed[e.File].Source);
        }).OrderBy(s => s, StringComparer.Ordinal).ToList();

        var got = result.GeneratorDiagnostics.Select(d =>
        {
            FileLinePositionSpan line = d.Location.GetLineSpan();
            int index = Array.IndexOf(Enumerable.Range(0, parsed.Length).Select(FilePath).ToArray(), line.Path);
            return Describe(d.Id, d.Severity, d.GetMessage(CultureInfo.InvariantCulture), line.Path, d.Location.SourceSpan,
                index >= 0 ? parsed[index].Source : null);
        }).OrderBy(s => s, StringComparer.Ordinal).ToList();

        if (!want.SequenceEqual(got, StringComparer.Ordinal))
        {
            var message = new StringBuilder();
            message.AppendLine("Generator diagnostics differ from the expected set.");
            message.AppendLine("Expected:");
            foreach (string s in want) message.AppendLine("  " + s);
            message.AppendLine("Actual:");
            foreach (string s in got) message.AppendLine("  " + s);
            Assert.Fail(message.ToString());
        }
        return result;
    }

    /// <summary>The path <see cref="GeneratorHarness.Compile"/> gives the i-th source.</summary>
    public static string FilePath(int index) => index == 0 ? "Network.cs" : $"Network{index}.cs";

    private static string Describe(string id, DiagnosticSeverity severity, string message, string path, TextSpan span, string? source)
    {
        string text = source is not null && span.End <= source.Length ? source.Substring(span.Start, span.Length) : "?";
        return $"{id} {severity} {path}{span} [|{text}|]: {message}";
    }

    /// <summary>An error stops generation: nothing is added to the compilation.</summary>
    public static void AssertNothingGenerated(GeneratorHarness.Result result) =>
        Assert.True(result.Sources.Count == 0,
            "Expected no generated source, got: " + string.Join(", ", result.Sources.Select(s => s.HintName)));

    /// <summary>Advice does not stop generation: the network is generated and the program compiles.</summary>
    public static void AssertGeneratedAndCompiles(GeneratorHarness.Result result) =>
        AssertGeneratedAndCompiles(result, DiagnosticSeverity.Error);

    /// <summary>The network is generated and the output compilation has no diagnostic of <paramref name="severity"/> or worse.</summary>
    public static void AssertGeneratedAndCompiles(GeneratorHarness.Result result, DiagnosticSeverity severity)
    {
        Assert.NotEmpty(result.Sources);
        Diagnostic[] problems = result.CompilationDiagnostics
            .Where(d => d.Severity >= severity && !IsMissingRuntimeKernel(d)).ToArray();
        Assert.True(problems.Length == 0, "Output compilation reports:\n" + string.Join("\n", problems.Select(e => e.ToString())));
    }

    private static readonly Regex MissingKernel = new("^'ActivationKernels' does not contain a definition for '(?<name>[A-Za-z]+)'$");

    /// <summary>
    /// True for a CS0117 on an activation kernel that the runtime referenced by this build really
    /// does not have yet (the kernels are written in parallel with the generator). Self-disabling:
    /// once the runtime defines the kernel, a call to it that fails to compile is reported again.
    /// </summary>
    private static bool IsMissingRuntimeKernel(Diagnostic d)
    {
        if (d.Id != "CS0117") return false;
        Match match = MissingKernel.Match(d.GetMessage(CultureInfo.InvariantCulture));
        if (!match.Success) return false;
        string name = match.Groups["name"].Value;
        return !typeof(NetGen.Kernels.ActivationKernels).GetMethods().Any(m => m.Name == name);
    }
}
