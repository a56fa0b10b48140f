using System.Text;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// A JSON file of a Hugging Face export whose bytes are not UTF-8 (a byte flipped in a name or a value) is refused
/// naming the file, as transformers' <c>json.load</c> refuses it (UnicodeDecodeError). JsonDocument does not check the
/// text of strings until they are read, and every reader of a name or value threw InvalidOperationException ("Cannot
/// transcode invalid UTF-8 JSON text to UTF-16 string") naming no file (found by the export fuzz target).
/// </summary>
public sealed class ExportJsonUtf8Tests
{
    // '@' stands for the byte 0xFF, which no UTF-8 text holds.
    public static TheoryData<string, string> Files => new()
    {
        { "added_tokens.json", """{"[US@R]": 4}""" },
        { "special_tokens_map.json", """{"pad_token": "[P@D]"}""" },
        { "tokenizer_config.json", """{"pad_token": "[P@D]"}""" },
        { "tokenizer_config.json", """{"do_lower_case": true, "n@te": "x"}""" },
        { "config.json", """{"label2id": {"neg@tive": 0, "positive": 1}, "max_position_embeddings": 64}""" },
        { "tokenizer.json", TokenizerJson(TinyBert.Vocabulary[0] + "@") },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void An_export_json_file_that_is_not_utf8_is_refused_naming_it(string file, string json)
    {
        using var export = new TinyBertExport(["negative", "positive"]);
        WriteWithBadByte(Path.Combine(export.Folder, file), json);

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));

        Assert.Equal(Path.Combine(export.Folder, file), error.FilePath);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_json_that_is_not_utf8_is_refused_as_invalid_data()
    {
        using var folder = new Support.TempFolder("tc-utf8");
        string path = folder.Combine("tokenizer.json");
        WriteWithBadByte(path, TokenizerJson("th@"));

        var error = Assert.Throws<InvalidDataException>(() => WordPieceTokenizer.CreateFromTokenizerJson(path));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    private static void WriteWithBadByte(string path, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        bytes = [.. bytes.Select(b => b == (byte)'@' ? (byte)0xFF : b)];
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>TinyBert's vocabulary as a BERT tokenizer.json, the first token renamed to <paramref name="first"/>.</summary>
    internal static string TokenizerJson(string first)
    {
        string vocab = string.Join(", ", TinyBert.Vocabulary.Select((token, id) => $"\"{(id == 0 ? first : token)}\": {id}"));
        return $$"""
            { "normalizer": { "type": "BertNormalizer", "lowercase": true },
              "pre_tokenizer": { "type": "BertPreTokenizer" },
              "post_processor": { "type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2] },
              "model": { "type": "WordPiece", "unk_token": "[UNK]", "vocab": { {{vocab}} } } }
            """;
    }
}
