using System.Text;
using TextClassification.Training.Data;

namespace TextClassification.Cli;

/// <summary>
/// Redirected standard input decoded strictly as UTF-8 (a byte-order mark picks UTF-16 or UTF-32): Console.In turns
/// bytes that are not UTF-8 into U+FFFD, so <c>predict</c> classified <c>"\uFFFD\uFFFDw\0h\0o…"</c> and exited 0, where
/// <c>train</c> refuses such bytes. A bad byte is named by its line and byte column (<see cref="ToError"/>).
/// </summary>
internal sealed class Utf8InputReader : StreamReader
{
    // With a preamble, so a UTF-8 byte-order mark is skipped as this encoding's own (detected instead, StreamReader
    // would switch to Encoding.UTF8, which replaces invalid bytes).
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    private readonly LineCountingStream _counting;

    private Utf8InputReader(LineCountingStream counting)
        : base(counting, Strict, detectEncodingFromByteOrderMarks: true)
    {
        _counting = counting;
    }

    /// <summary>A reader over <paramref name="input"/>, which it owns.</summary>
    public static Utf8InputReader Over(Stream input) => new(new LineCountingStream(new Utf8ErrorBoundaryStream(input)));

    /// <summary>The error for a byte the decoder rejected: where it is, or, for another encoding's byte-order mark
    /// (UTF-16/32) with bad code units, what could not be decoded.</summary>
    public DataFormatException ToError(DecoderFallbackException ex)
    {
        if (CurrentEncoding.CodePage != Encoding.UTF8.CodePage)
        {
            return new DataFormatException("standard input", 1, null, $"cannot be decoded as {CurrentEncoding.WebName} (named by its byte-order mark): {ex.Message}", ex);
        }

        (int line, int column, byte value) = _counting.LocateDecoderError(ex.Index);
        return new DataFormatException("standard input", line, column, $"not valid UTF-8 (byte 0x{value:X2}; the column counts bytes); save the texts as UTF-8", ex);
    }
}
