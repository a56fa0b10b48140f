using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TextClassification.SourceGen.Json;

/// <summary>
/// A small, strict JSON (RFC 8259) parser for the few fields the generator reads. The generator runs inside the
/// compiler on netstandard2.0, where System.Text.Json would have to be shipped beside it; these files are small, so a
/// tree is fine. Malformed input yields an error with its line and column, never an exception.
/// </summary>
internal sealed class JsonReader
{
    /// <summary>Deeper nesting is rejected rather than risking the compiler's stack.</summary>
    internal const int MaxDepth = 64;

    private readonly string _text;
    private int _pos;
    private int _line;
    private int _lineStart;

    private JsonReader(string text) => _text = text;

    /// <summary>Parses a whole document; on failure returns null with a message and the position of the problem.</summary>
    public static JsonValue? TryParse(string text, out string? error, out LinePosition errorPosition)
    {
        var reader = new JsonReader(text);
        try
        {
            reader.SkipWhitespace();
            if (reader._pos == 0 && text.Length > 0 && text[0] == '\uFEFF')
            {
                reader._pos++;
                reader.SkipWhitespace();
            }

            JsonValue value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._pos < text.Length)
            {
                throw reader.Fail("unexpected text after the JSON value");
            }

            error = null;
            errorPosition = default;
            return value;
        }
        catch (JsonParseException ex)
        {
            error = ex.Message;
            errorPosition = ex.Position;
            return null;
        }
    }

    private LinePosition Here => new(_line, _pos - _lineStart);

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"nesting deeper than {MaxDepth} levels");
        }

        if (_pos >= _text.Length)
        {
            throw Fail("unexpected end of the file");
        }

        LinePosition start = Here;
        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return ReadObject(start, depth);
            case '[':
                return ReadArray(start, depth);
            case '"':
                return JsonValue.Scalar(JsonKind.String, start, ReadString());
            case 't':
                return ReadLiteral(start, "true");
            case 'f':
                return ReadLiteral(start, "false");
            case 'n':
                return ReadLiteral(start, "null");
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber(start);
                }

                throw Fail($"unexpected character '{c}'");
        }
    }

    private JsonValue ReadObject(LinePosition start, int depth)
    {
        _pos++; // {
        var members = new List<KeyValuePair<string, JsonValue>>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return JsonValue.Object(start, members);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Fail("expected a property name in double quotes");
            }

            string name = ReadString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            members.Add(new KeyValuePair<string, JsonValue>(name, ReadValue(depth + 1)));
            SkipWhitespace();
            char next = Peek();
            _pos++;
            if (next == '}')
            {
                return JsonValue.Object(start, members);
            }

            if (next != ',')
            {
                _pos--;
                throw Fail("expected ',' or '}' in an object");
            }
        }
    }

    private JsonValue ReadArray(LinePosition start, int depth)
    {
        _pos++; // [
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return JsonValue.Array(start, items);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            char next = Peek();
            _pos++;
            if (next == ']')
            {
                return JsonValue.Array(start, items);
            }

            if (next != ',')
            {
                _pos--;
                throw Fail("expected ',' or ']' in an array");
            }
        }
    }

    private string ReadString()
    {
        _pos++; // opening quote
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Fail("unterminated string");
            }

            char c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Fail("control character in a string (escape it)");
            }

            if (c != '\\')
            {
                builder.Append(c);
                _pos++;
                continue;
            }

            _pos++;
            char escape = Peek();
            _pos++;
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length ||
                        !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        _pos--;
                        throw Fail("\\u must be followed by four hex digits");
                    }

                    builder.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    _pos--;
                    throw Fail("invalid escape sequence");
            }
        }
    }

    private JsonValue ReadNumber(LinePosition start)
    {
        int begin = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        // JSON's grammar, as System.Text.Json (the runtime's reader) holds to it: an integer part of 0 or of digits not
        // starting with 0, then an optional fraction of one or more digits, then an optional exponent with one or more
        // digits. "01", "1." and "1e" are refused, so a manifest the runtime refuses gets no enum.
        bool valid = IsDigit(Peek());
        if (valid && Peek() == '0')
        {
            _pos++;
        }
        else
        {
            SkipDigits();
        }

        if (valid && Peek() == '.')
        {
            _pos++;
            valid = SkipDigits();
        }

        if (valid && Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            valid = SkipDigits();
        }

        // A number ends where a value may end: a digit, a sign, a point or a letter right after it is a malformed number.
        while (IsDigit(Peek()) || Peek() is '.' or 'e' or 'E' or '+' or '-' || char.IsLetter(Peek()))
        {
            valid = false;
            _pos++;
        }

        string raw = _text.Substring(begin, _pos - begin);
        if (!valid)
        {
            _pos = begin;
            throw Fail($"invalid number '{raw}'");
        }

        return JsonValue.Scalar(JsonKind.Number, start, raw);
    }

    private JsonValue ReadLiteral(LinePosition start, string literal)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Fail("invalid literal (expected true, false or null)");
        }

        _pos += literal.Length;
        return JsonValue.Scalar(JsonKind.Literal, start, literal);
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Fail($"expected '{c}'");
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    // Moves past a run of digits; whether there was one.
    private bool SkipDigits()
    {
        int begin = _pos;
        while (IsDigit(Peek()))
        {
            _pos++;
        }

        return _pos > begin;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _pos++;
        }
    }

    private JsonParseException Fail(string message) => new(message, Here);

    /// <summary>Internal control flow only: never leaves <see cref="TryParse"/>.</summary>
    private sealed class JsonParseException(string message, LinePosition position) : System.Exception(message)
    {
        public LinePosition Position { get; } = position;
    }
}
