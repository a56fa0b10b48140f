using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TextClassification.Tests.SourceGen;

/// <summary>
/// The runtime reads a manifest or config.json as UTF-8 (System.Text.Json over its bytes, past a UTF-8 byte order mark
/// since session 57): a file saved as UTF-16 or in another encoding failed at the app's first Load() while the compiler,
/// which decodes additional files by their BOM, had read it and generated the enum without a word (review 55a).
/// </summary>
public sealed class MetadataEncodingTests
{
    private const string Path = "/repo/Models/intent/textclassifier.json";
    private const string Json = "{ \"labels\": [\"caf\u00e9\", \"th\u00e9\"] }";

    public static TheoryData<string, string> RefusedFiles => new()
    {
        { "utf16", "is saved as UTF-16" },
        { "utf16be", "is saved as UTF-16" },
        { "latin1", "is not UTF-8 text" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public void A_file_the_runtime_cannot_read_is_TCG002_naming_its_encoding(string kind, string reason)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run([(new BytesAdditionalText(Path, Bytes(kind)), new ModelItemOptions())]);

        Diagnostic d = outcome.Single("TCG002");
        string message = d.GetMessage(CultureInfo.InvariantCulture);
        Assert.Equal(Path, d.Location.GetLineSpan().Path);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("save it as UTF-8", message, StringComparison.Ordinal);
        Assert.Empty(outcome.Result.GeneratedTrees);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_UTF8_file_gets_its_enum_with_or_without_a_byte_order_mark(bool crlf, bool mark)
    {
        // The runtime reads past a UTF-8 mark (an editor's) since session 57, so the generator no longer refuses one.
        string json = crlf ? Json.Replace("[", "[\r\n", StringComparison.Ordinal) : Json;
        GeneratorOutcome outcome = GeneratorHarness.Run([(new BytesAdditionalText(Path, new UTF8Encoding(mark).GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray()), new ModelItemOptions())]);

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompileErrors);
        Assert.Contains("Caf\u00e9 = 0,", outcome.GeneratedSource, StringComparison.Ordinal);
    }

    private static byte[] Bytes(string kind) => kind switch
    {
        "utf16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Json)],
        "utf16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Json)],
        _ => Encoding.Latin1.GetBytes(Json),
    };

    /// <summary>A file as the compiler reads it: its bytes decoded by their BOM (UTF-8 without one), and a checksum of
    /// the bytes.</summary>
    private sealed class BytesAdditionalText(string path, byte[] bytes) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            using var stream = new MemoryStream(bytes);
            return SourceText.From(stream, encoding: null, SourceHashAlgorithm.Sha256);
        }
    }
}
