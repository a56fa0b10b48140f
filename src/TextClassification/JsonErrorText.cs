using System.Text.Json;

namespace TextClassification;

/// <summary>
/// System.Text.Json's error messages as our errors quote them: without the position suffix
/// (" LineNumber: 0 | BytePositionInLine: 1.", whose line counts from 0 and contradicts the line the error names) and
/// without advice meant for the programmer calling the reader.
/// </summary>
internal static class JsonErrorText
{
    /// <summary>Why a JSON string could not be read as text, to follow the property that holds it: "holds an escaped lone
    /// surrogate …" or "holds bytes that are not UTF-8"; null when <paramref name="ex"/> is another error (a value of the
    /// wrong type). System.Text.Json says "The JSON value could not be converted to System.String" for all three, with
    /// the reader's <see cref="InvalidOperationException"/> inside, which a message calling the file invalid JSON or the
    /// value of the wrong type misread.</summary>
    public static string? NotText(JsonException ex) =>
        ex.InnerException is not InvalidOperationException inner ? null
        : inner.Message.Contains("surrogate", StringComparison.Ordinal) ? "holds an escaped lone surrogate (such as \\ud800 without its pair), which is not text"
        : inner.Message.Contains("UTF-8", StringComparison.Ordinal) ? "holds bytes that are not UTF-8"
        : null;

    /// <summary>Why a JSON file's bytes are not text ("is not UTF-8: the byte 0xFF at offset 12 …"), or null when they are
    /// UTF-8. JsonDocument checks a string's bytes only when it is read (GetString, a property's Name), and then throws
    /// <see cref="InvalidOperationException"/> naming no file; Python's <c>json.load</c>, which wrote and reads these
    /// files, refuses the whole file.</summary>
    public static string? NotUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        char[] text = new char[bytes.Length];
        _ = System.Text.Unicode.Utf8.ToUtf16(bytes, text, out int read, out _, replaceInvalidSequences: false);
        return $"is not UTF-8 text: the byte 0x{bytes[read]:X2} at offset {read} begins no UTF-8 character (the file was damaged, or saved in another encoding); save it as UTF-8";
    }

    /// <summary>The message of <paramref name="message"/> without its position; a JSON path other than the root
    /// (" Path: $.labels[2]") is kept, as it names the property at fault.</summary>
    public static string WithoutPosition(string message)
    {
        int index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string text = index > 0 ? message[..index] : message;
        text = text.TrimEnd().TrimEnd('|').TrimEnd();
        if (text.EndsWith(" Path: $", StringComparison.Ordinal))
        {
            text = text[..^" Path: $".Length];
        }

        text = text.Replace(" Change the reader options.", string.Empty, StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", string.Empty, StringComparison.Ordinal);
        return text.TrimEnd();
    }
}
