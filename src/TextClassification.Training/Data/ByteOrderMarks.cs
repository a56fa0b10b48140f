using System.Text;

namespace TextClassification.Training.Data;

/// <summary>The UTF-16 and UTF-32 byte-order marks, each with a strict encoding for the text after it.</summary>
internal static class ByteOrderMarks
{
    // Every mark the readers know: UTF-8, UTF-32 LE (which starts as UTF-16 LE's FF FE), UTF-16 BE, UTF-32 BE.
    private static readonly byte[][] Marks = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE, 0x00, 0x00], [0xFE, 0xFF], [0x00, 0x00, 0xFE, 0xFF]];

    /// <summary>UTF-8's byte-order mark.</summary>
    public static ReadOnlySpan<byte> Utf8 => [0xEF, 0xBB, 0xBF];

    /// <summary>Whether more bytes could still make <paramref name="head"/>, the input's first bytes, a longer mark
    /// (FF FE may go on as UTF-32's FF FE 00 00): a reader stops reading ahead as soon as they cannot, so a pipe's first
    /// line is answered without waiting for more input.</summary>
    public static bool MayStartALongerMark(ReadOnlySpan<byte> head)
    {
        foreach (byte[] mark in Marks)
        {
            if (mark.Length > head.Length && mark.AsSpan().StartsWith(head))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The encoding a UTF-16 or UTF-32 byte-order mark at the start of <paramref name="head"/> names, throwing
    /// <see cref="DecoderFallbackException"/> on bad code units (a lone surrogate, a value past U+10FFFF, a cut unit),
    /// and the mark's length; null for none (UTF-8's mark included). <see cref="StreamReader"/>'s own detection swaps in
    /// <see cref="Encoding.Unicode"/> or <see cref="Encoding.UTF32"/>, which replace bad units with U+FFFD silently.
    /// <paramref name="head"/> must hold the input's first four bytes where it has them (FF FE 00 00 is UTF-32).
    /// </summary>
    public static Encoding? StrictEncodingOf(ReadOnlySpan<byte> head, out int markLength)
    {
        (Encoding? encoding, markLength) = head switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true), 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }
}
