using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetGen.Data;

/// <summary>
/// Splits RFC 4180 text into records: fields separated by one character, records by CRLF, LF or CR; a field may be
/// enclosed in double quotes, and then may hold separators, line breaks and doubled quotes (<c>""</c> for one quote).
/// Lines that are empty or whitespace only are skipped. Malformed quoting throws a <see cref="CsvFormatException"/>,
/// and so does a record longer than the line limit or a field longer than the field limit (see
/// <see cref="CsvOptions.MaxLineLength"/> and <see cref="CsvOptions.MaxFieldLength"/>): one record is held at a time,
/// so memory stays bounded whatever the input.
/// </summary>
internal sealed class CsvRecordReader
{
    internal readonly struct Field
    {
        public Field(int start, int length, int line, bool quoted) { Start = start; Length = length; Line = line; Quoted = quoted; }
        public int Start { get; }
        public int Length { get; }
        public int Line { get; }
        public bool Quoted { get; }
    }

    private readonly TextReader _reader;
    private readonly string _source;
    private readonly char _separator;
    private readonly int _maxLineLength;
    private readonly int _maxFieldLength;
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos, _len;
    private int _line = 1;
    private char[] _text = new char[256];
    private int _textLength;
    private int _recordLength;          // characters consumed by the current record, line breaks inside quotes included
    private int _fieldStart, _fieldLine; // where the text of the current field starts, and its line
    private readonly List<Field> _fields = new();

    public CsvRecordReader(TextReader reader, string source, char separator, int maxLineLength, int maxFieldLength)
    {
        _reader = reader;
        _source = source;
        _separator = separator;
        _maxLineLength = maxLineLength;
        _maxFieldLength = maxFieldLength;
    }

    /// <summary>The fields of the current record.</summary>
    public IReadOnlyList<Field> Fields => _fields;

    /// <summary>The physical line on which the current record starts.</summary>
    public int RecordLine { get; private set; }

    public ReadOnlySpan<char> GetText(int field)
    {
        Field f = _fields[field];
        return new ReadOnlySpan<char>(_text, f.Start, f.Length);
    }

    public string GetString(int field) => GetText(field).ToString();

    /// <summary>Reads the next non-blank record; false at the end of the input.</summary>
    public bool ReadRecord()
    {
        while (true)
        {
            _fields.Clear();
            _textLength = 0;
            _recordLength = 0;
            // Skip empty lines.
            int c = Peek();
            while (c == '\r' || c == '\n')
            {
                ConsumeNewline();
                c = Peek();
            }
            if (c < 0) return false;

            RecordLine = _line;
            ReadFields();
            if (_fields.Count == 1 && !_fields[0].Quoted && GetText(0).IsWhiteSpace())
                continue; // a whitespace-only line is blank too
            return true;
        }
    }

    private void ReadFields()
    {
        while (true)
        {
            int start = _textLength;
            int fieldLine = _line;
            _fieldStart = start;
            _fieldLine = fieldLine;
            int c = Peek();
            bool quoted = c == '"';
            if (quoted)
            {
                Take();
                while (true)
                {
                    c = Take();
                    if (c < 0)
                        throw new CsvFormatException(_source, fieldLine, _fields.Count + 1, null, null,
                            "A quoted field is not closed: the input ends before the closing quote.");
                    if (c == '"')
                    {
                        if (Peek() == '"') { Take(); Append('"'); continue; }
                        break;
                    }
                    if (c == '\r')
                    {
                        _line++;
                        Append('\r');
                        if (Peek() == '\n') { Take(); Append('\n'); }
                        continue;
                    }
                    if (c == '\n') _line++;
                    Append((char)c);
                }
                c = Peek();
                if (c != _separator && c != '\r' && c != '\n' && c >= 0)
                    throw new CsvFormatException(_source, _line, _fields.Count + 1, null, ((char)c).ToString(),
                        "Unexpected character after the closing quote of a quoted field (expected a separator or the end of the line; write a quote inside a quoted field as \"\").");
            }
            else
            {
                while (true)
                {
                    c = Peek();
                    if (c < 0 || c == _separator || c == '\r' || c == '\n') break;
                    if (c == '"')
                        throw new CsvFormatException(_source, _line, _fields.Count + 1, null,
                            new string(_text, start, _textLength - start) + "\"",
                            "A quote inside an unquoted field (RFC 4180: enclose the whole field in quotes and double the inner quote).");
                    Take();
                    Append((char)c);
                }
            }
            _fields.Add(new Field(start, _textLength - start, fieldLine, quoted));
            c = Peek();
            if (c == _separator) { Take(); continue; }
            if (c == '\r' || c == '\n') ConsumeNewline();
            return;
        }
    }

    private void ConsumeNewline()
    {
        int c = Read();
        if (c == '\r' && Peek() == '\n') Read();
        _line++;
    }

    /// <summary>Reads a character of the current record, enforcing the line limit (the final line break is not counted).</summary>
    private int Take()
    {
        int c = Read();
        if (c >= 0 && ++_recordLength > _maxLineLength)
            throw new CsvFormatException(_source, RecordLine, 0, null, null,
                $"The line is longer than CsvOptions.MaxLineLength ({_maxLineLength.ToString(CultureInfo.InvariantCulture)} characters): the input may not be CSV text or may lack line breaks. Raise CsvOptions.MaxLineLength if rows this long are intended.");
        return c;
    }

    /// <summary>Appends a character to the current field's text, enforcing the field limit.</summary>
    private void Append(char c)
    {
        if (_textLength - _fieldStart == _maxFieldLength)
            throw new CsvFormatException(_source, _fieldLine, _fields.Count + 1, null, null,
                $"The field is longer than CsvOptions.MaxFieldLength ({_maxFieldLength.ToString(CultureInfo.InvariantCulture)} characters): the input may not be CSV text, or a quote may be unbalanced. Raise CsvOptions.MaxFieldLength if fields this long are intended.");
        if (_textLength == _text.Length) Array.Resize(ref _text, _text.Length * 2);
        _text[_textLength++] = c;
    }

    private int Peek()
    {
        if (_pos == _len && !Fill()) return -1;
        return _buffer[_pos];
    }

    private int Read()
    {
        if (_pos == _len && !Fill()) return -1;
        return _buffer[_pos++];
    }

    private bool Fill()
    {
        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        return _len > 0;
    }
}
