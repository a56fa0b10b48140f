using System.Text;

namespace TextClassification.Training.Data;

/// <summary>
/// The rest of a data file as UTF-8, its lines joined by LF (the line break JSON's own line count reads), handed out a
/// buffer at a time: what <see cref="JsonArrayDocument"/> parses, so a JSON array on one 200 MB line is never held as
/// one string. Starts with the part of a line already read (where the array was found).
/// </summary>
internal sealed class Utf8LineFeed
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly ReadOnlyMemory<char> LineBreak = "\n".AsMemory();

    private readonly LineReader _lines;
    private readonly string _source;
    private readonly Encoder _encoder = StrictUtf8.GetEncoder();
    private ReadOnlyMemory<char> _part;
    private ReadOnlyMemory<char> _afterBreak;
    private bool _breakPending;
    private bool _afterBreakEnded;
    private bool _inBreak;
    private int _charsIntoLine;

    /// <summary>Creates the feed: <paramref name="lineStart"/> (the start of line <paramref name="lineNumber"/>, all of
    /// it when <paramref name="lineEnded"/>), then the rest of <paramref name="lines"/>.</summary>
    public Utf8LineFeed(string lineStart, bool lineEnded, int lineNumber, LineReader lines, string source)
    {
        _part = lineStart.AsMemory();
        _breakPending = lineEnded;
        LineNumber = lineNumber;
        _lines = lines;
        _source = source;
    }

    /// <summary>The line the chars being encoded come from.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Whether every byte has been handed out.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// Encodes the next chars into <paramref name="destination"/>, as many as fit; returns how many bytes it wrote: 0
    /// once <see cref="Ended"/>, or where <paramref name="destination"/> is shorter than 4 bytes.
    /// </summary>
    /// <exception cref="DataFormatException">A line holds a lone surrogate (a reader handed in by code can give one; a
    /// file's bytes are decoded strictly), named by line and column.</exception>
    public int Read(Span<byte> destination)
    {
        int written = 0;
        while (!Ended && destination.Length - written >= 4)
        {
            if (_part.IsEmpty && !NextPart())
            {
                Encode(ReadOnlySpan<char>.Empty, destination[written..], flush: true, out _, out int flushed);
                written += flushed;
                Ended = true;
                break;
            }

            Encode(_part.Span, destination[written..], flush: false, out int charsUsed, out int bytesUsed);
            _part = _part[charsUsed..];
            _charsIntoLine += charsUsed;
            written += bytesUsed;
        }

        return written;
    }

    // The next chars to encode: after a line, its break once more input follows it (none after the last line, so an
    // error at the end names the last line), then the next line's first part; else the line's next part.
    private bool NextPart()
    {
        if (_inBreak)
        {
            _inBreak = false;
            LineNumber++;
            _charsIntoLine = 0;
            _part = _afterBreak;
            _breakPending = _afterBreakEnded;
            _afterBreak = default;
            return true;
        }

        if (!_lines.ReadLinePart(out ReadOnlyMemory<char> part, out bool lineEnded))
        {
            return false;
        }

        if (_breakPending)
        {
            // The break is encoded as the last char of the line before: a high surrogate left at its end is named there.
            _inBreak = true;
            _afterBreak = part;
            _afterBreakEnded = lineEnded;
            _part = LineBreak;
            return true;
        }

        _part = part;
        _breakPending = lineEnded;
        return true;
    }

    private void Encode(ReadOnlySpan<char> chars, Span<byte> destination, bool flush, out int charsUsed, out int bytesUsed)
    {
        try
        {
            _encoder.Convert(chars, destination, flush, out charsUsed, out bytesUsed, out _);
        }
        catch (EncoderFallbackException ex)
        {
            // Index is into the chars handed in; -1 for a high surrogate held over from the call before (the last char
            // of the line read so far).
            int column = _inBreak ? _charsIntoLine : _charsIntoLine + ex.Index + 1;
            char lone = ex.CharUnknown != '\0' ? ex.CharUnknown : ex.CharUnknownHigh;
            throw new DataFormatException(_source, LineNumber, Math.Max(1, column), $"the line holds a lone surrogate (U+{(int)lone:X4}), which is not text");
        }
    }
}
