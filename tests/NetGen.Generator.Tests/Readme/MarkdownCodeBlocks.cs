using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace NetGen.Generator.Tests.Readme;

/// <summary>
/// A fenced code block of a Markdown file: the 1-based line of its opening fence, the language (the first word of the
/// info string) and the remaining words of the info string, which the README tests read as options.
/// </summary>
internal sealed record MarkdownCodeBlock(int FenceLine, string Language, IReadOnlyList<string> Options, string Code)
{
    /// <summary>The 1-based line of the Markdown file that holds the block's first line of code.</summary>
    public int FirstCodeLine => FenceLine + 1;

    /// <summary>C# under any of the names GitHub highlights as C#.</summary>
    public bool IsCSharp => Language.ToLowerInvariant() is "csharp" or "cs" or "c#";
}

/// <summary>
/// Finds fenced code blocks (CommonMark: three or more backticks or tildes, indented at most three spaces, closed by a
/// fence of the same character at least as long). Indented code blocks are not read: the README does not use them.
/// </summary>
internal static class MarkdownCodeBlocks
{
    private static readonly Regex Opening = new(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>.*)$", RegexOptions.CultureInvariant);

    public static IReadOnlyList<MarkdownCodeBlock> Parse(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        var blocks = new List<MarkdownCodeBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match open = Opening.Match(lines[i]);
            if (!open.Success) continue;
            string fence = open.Groups["fence"].Value;
            string info = open.Groups["info"].Value.Trim();
            if (fence[0] == '`' && info.Contains('`')) continue; // not a fence: an inline code span
            int indent = open.Groups["indent"].Length;
            var closing = new Regex("^ {0,3}" + Regex.Escape(fence[0].ToString()) + "{" + fence.Length + ",}[ \t]*$", RegexOptions.CultureInvariant);

            var code = new StringBuilder();
            int j = i + 1;
            for (; j < lines.Length && !closing.IsMatch(lines[j]); j++)
                code.Append(RemoveIndent(lines[j], indent)).Append('\n');
            string[] words = info.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            blocks.Add(new MarkdownCodeBlock(i + 1, words.FirstOrDefault() ?? "", words.Skip(1).ToArray(), code.ToString()));
            i = j; // an unclosed fence runs to the end of the file, as in CommonMark
        }
        return blocks;
    }

    private static string RemoveIndent(string line, int indent)
    {
        int n = 0;
        while (n < indent && n < line.Length && line[n] == ' ') n++;
        return line.Substring(n);
    }
}
