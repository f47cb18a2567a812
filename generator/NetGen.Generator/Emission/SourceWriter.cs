using System;
using System.Collections.Generic;
using System.Text;

namespace NetGen.Generator.Emission;

/// <summary>
/// An indented text writer: <c>using (w.Block()) { ... }</c> writes braces and indents. A call statement longer than
/// <see cref="MaxLineLength"/> is written with one argument per line, so generated code stays readable.
/// </summary>
internal sealed class SourceWriter
{
    /// <summary>
    /// Statements longer than this, indentation not counted, that are one call get one argument per line. Not counting
    /// the indentation keeps a pre-rendered block (<see cref="Lines"/>) the same wherever it is placed.
    /// </summary>
    public const int MaxLineLength = 130;

    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > MaxLineLength && SplitCall(line) is { } parts)
        {
            Write(parts[0]);
            _indent++;
            for (int i = 1; i < parts.Count; i++) Write(parts[i]);
            _indent--;
            return;
        }
        Write(line);
    }

    private void Write(string line)
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    /// <summary>
    /// <c>f(a, b, c);</c> as <c>f(</c>, <c>a,</c>, <c>b,</c>, <c>c);</c>: only a statement that is one call ending the
    /// line, without a comment; null otherwise. Commas inside parentheses, brackets, braces or generics stay put.
    /// </summary>
    private static List<string>? SplitCall(string line)
    {
        if (!line.EndsWith(");", StringComparison.Ordinal) || line.Contains("//") || line.Contains("\"")) return null;
        int open = line.IndexOf('(');
        if (open <= 0) return null;
        var parts = new List<string> { line.Substring(0, open + 1) };
        int depth = 0, start = open + 1;
        for (int i = open + 1; i < line.Length - 2; i++)
        {
            char c = line[i];
            if (c is '(' or '[' or '{' or '<') depth++;
            else if (c is ')' or ']' or '}' or '>') depth--;
            if (depth < 0) return null; // the first call closes before the end: not one call
            if (c == ',' && depth == 0)
            {
                parts.Add(line.Substring(start, i - start + 1).Trim());
                start = i + 1;
            }
        }
        if (depth != 0) return null;
        parts.Add(line.Substring(start).Trim());
        return parts.Count > 2 ? parts : null;
    }

    /// <summary>Appends text written by another writer (at indentation 0), indented to this writer's level.</summary>
    public void Lines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            Write(text.Substring(start, end - start));
            start = end + 1;
        }
    }

    public IDisposable Block(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return new Closer(this);
    }

    /// <summary>One more level of indentation without braces (the continuation lines of a long statement).</summary>
    public IDisposable Indent()
    {
        _indent++;
        return new Closer(this, brace: false);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly bool _brace;
        public Closer(SourceWriter writer, bool brace = true)
        {
            _writer = writer;
            _brace = brace;
        }

        public void Dispose()
        {
            _writer._indent--;
            if (_brace) _writer.Line("}");
        }
    }
}
