using System.Text;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>
/// A manifest or an export's JSON file saved with a UTF-8 byte order mark (Notepad and Visual Studio write one) is read as
/// without it, as RFC 8259 lets a reader do: it failed the app's first Load() with "'0xEF' is an invalid start of a value"
/// (a hand-edited label name was enough). UTF-16 and other encodings are still refused, naming the file.
/// </summary>
public sealed class ByteOrderMarkTests : IDisposable
{
    private static readonly byte[] Mark = [0xEF, 0xBB, 0xBF];
    private static readonly string[] Texts = ["good movie", "bad film", "refund my card", ""];

    private readonly TempFolder _temp = new("tc-bom");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_bundle_manifest_with_a_byte_order_mark_loads_and_classifies_as_without_one()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        TextClassifier plain = TextClassifier.Load(bundle);
        string manifest = BundleEditing.ManifestPath(bundle);
        File.WriteAllBytes(manifest, [.. Mark, .. File.ReadAllBytes(manifest)]);

        TextClassifier marked = TextClassifier.Load(bundle);

        Assert.Equal(plain.Labels, marked.Labels);
        foreach (string text in Texts)
        {
            Assert.Equal(plain.Classify(text).Scores, marked.Classify(text).Scores);
        }

        Assert.Equal(plain.Labels, ((TextClassifier)TextClassifierLoader.Load(manifest)).Labels);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("tokenizer_config.json")]
    [InlineData("tokenizer.json")]
    public void An_export_file_with_a_byte_order_mark_loads_and_classifies_as_without_one(string file)
    {
        using var export = new TinyBertExport(["negative", "positive"]);
        string folder = export.Folder;
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{ "do_lower_case": true, "model_max_length": 32 }""");
        if (file == "tokenizer.json")
        {
            File.WriteAllText(Path.Combine(folder, file), ExportJsonUtf8Tests.TokenizerJson(TinyBert.Vocabulary[0]));
        }

        float[][] plain;
        using (OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder))
        {
            plain = [.. Texts.Select(text => classifier.Classify(text).Scores.ToArray())];
        }

        string path = Path.Combine(folder, file);
        File.WriteAllBytes(path, [.. Mark, .. File.ReadAllBytes(path)]);

        using OnnxTextClassifier marked = OnnxTextClassifier.Create(folder);
        Assert.Equal(plain, Texts.Select(text => marked.Classify(text).Scores.ToArray()));
    }

    [Fact]
    public void A_manifest_saved_as_UTF16_is_still_refused_naming_the_file()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string manifest = BundleEditing.ManifestPath(bundle);
        File.WriteAllText(manifest, File.ReadAllText(manifest), Encoding.Unicode);

        var error = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));

        Assert.Equal(manifest, error.FilePath);
    }
}
