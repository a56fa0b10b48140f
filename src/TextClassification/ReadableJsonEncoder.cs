using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace TextClassification;

/// <summary>
/// The JSON encoder of the files and lines this library writes for people and programs, never for a web page (the
/// bundle manifest, metrics files, <c>textclf predict --json</c>): <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
/// for the Basic Multilingual Plane, and every character beyond it (emoji, CJK extension B, mathematical letters) as
/// itself instead of a <c>\uD83D\uDE00</c> surrogate pair, which the relaxed encoder still writes.
/// </summary>
/// <remarks>
/// Quotation marks, backslashes and control characters are escaped as JSON requires; a lone surrogate (no text) is
/// escaped too. Not safe for embedding in HTML or script, as <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
/// is not.
/// </remarks>
internal sealed class ReadableJsonEncoder : JavaScriptEncoder
{
    private static readonly JavaScriptEncoder Relaxed = UnsafeRelaxedJsonEscaping;

    private ReadableJsonEncoder()
    {
    }

    /// <summary>The one instance (the encoder holds no state).</summary>
    public static ReadableJsonEncoder Instance { get; } = new();

    /// <inheritdoc/>
    public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

    /// <inheritdoc/>
    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar <= char.MaxValue ? Relaxed.WillEncode(unicodeScalar) : unicodeScalar > 0x10FFFF;

    /// <inheritdoc/>
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    /// <inheritdoc/>
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        // The relaxed encoder's vectorized scan finds the next candidate; a surrogate pair it stops at is a character
        // beyond the BMP, written as itself, so the scan goes on after it.
        int start = 0;
        while (start < textLength)
        {
            int found = Relaxed.FindFirstCharacterToEncode(text + start, textLength - start);
            if (found < 0)
            {
                return -1;
            }

            int index = start + found;
            if (!char.IsHighSurrogate(text[index]) || index + 1 >= textLength || !char.IsLowSurrogate(text[index + 1]))
            {
                return index;
            }

            start = index + 2;
        }

        return -1;
    }

    /// <inheritdoc/>
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int start = 0;
        while (start < utf8Text.Length)
        {
            int found = Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text[start..]);
            if (found < 0)
            {
                return -1;
            }

            int index = start + found;
            if (Rune.DecodeFromUtf8(utf8Text[index..], out Rune rune, out int consumed) != OperationStatus.Done || rune.IsBmp)
            {
                return index;
            }

            start = index + consumed;
        }

        return -1;
    }
}
