using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// Source with expected diagnostic spans marked Roslyn-testing style: <c>[|text|]</c>. The markers
/// are removed and each becomes a <see cref="TextSpan"/> over the text it enclosed, numbered in order
/// of their opening marker. Markers may not nest.
/// </summary>
internal sealed class Markup
{
    private Markup(string source, IReadOnlyList<TextSpan> spans)
    {
        Source = source;
        Spans = spans;
    }

    /// <summary>The source with every marker removed.</summary>
    public string Source { get; }

    /// <summary>The marked spans, in order of appearance.</summary>
    public IReadOnlyList<TextSpan> Spans { get; }

    public static Markup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = new List<TextSpan>();
        int open = -1;
        for (int i = 0; i < markup.Length; i++)
        {
            if (string.CompareOrdinal(markup, i, "[|", 0, 2) == 0)
            {
                if (open >= 0) throw new FormatException("Nested '[|' at offset " + i + ".");
                open = text.Length;
                i++;
            }
            else if (string.CompareOrdinal(markup, i, "|]", 0, 2) == 0)
            {
                if (open < 0) throw new FormatException("'|]' without '[|' at offset " + i + ".");
                spans.Add(TextSpan.FromBounds(open, text.Length));
                open = -1;
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }
        if (open >= 0) throw new FormatException("Unclosed '[|'.");
        return new Markup(text.ToString(), spans);
    }
}
