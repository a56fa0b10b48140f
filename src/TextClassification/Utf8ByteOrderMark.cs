namespace TextClassification;

/// <summary>
/// A UTF-8 byte order mark (EF BB BF) at the start of a JSON file the library reads: a bundle manifest or an export's
/// config.json, tokenizer_config.json or tokenizer.json. Notepad and Visual Studio save one; RFC 8259 lets a reader
/// ignore it, and System.Text.Json over bytes refuses it ("'0xEF' is an invalid start of a value"), so a manifest whose
/// label was renamed by hand failed the app's first Load().
/// </summary>
internal static class Utf8ByteOrderMark
{
    private static ReadOnlySpan<byte> Mark => [0xEF, 0xBB, 0xBF];

    /// <summary>The bytes after a leading byte order mark, or all of them where there is none.</summary>
    public static ReadOnlySpan<byte> Skip(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Mark) ? bytes[Mark.Length..] : bytes;

    /// <summary>The bytes after a leading byte order mark, or all of them where there is none.</summary>
    public static ReadOnlyMemory<byte> Skip(ReadOnlyMemory<byte> bytes) => bytes.Span.StartsWith(Mark) ? bytes[Mark.Length..] : bytes;
}
