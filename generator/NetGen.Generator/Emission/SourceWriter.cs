using System;
using System.Text;

namespace NetGen.Generator.Emission;

/// <summary>An indented text writer: <c>using (w.Block()) { ... }</c> writes braces and indents.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    public IDisposable Block(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return new Closer(this);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly SourceWriter _writer;
        public Closer(SourceWriter writer) => _writer = writer;
        public void Dispose()
        {
            _writer._indent--;
            _writer.Line("}");
        }
    }
}
