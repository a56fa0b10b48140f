using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tests.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Bundles;

public sealed class ReadableJsonEncoderTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-json");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("I love it 😀", "\"I love it 😀\"")]
    [InlineData("𝐁ank \U00020000 🇫🇷", "\"𝐁ank \U00020000 🇫🇷\"")]
    [InlineData("café 中文 مرحبا", "\"café 中文 مرحبا\"")]
    [InlineData("say \"hi\" \\ then\n\t\u0001", "\"say \\\"hi\\\" \\\\ then\\n\\t\\u0001\"")]
    public void Characters_beyond_the_BMP_are_written_as_themselves_and_JSON_escapes_stay(string text, string expected)
    {
        Assert.Equal(expected, Write(text, ReadableJsonEncoder.Instance));
    }

    [Theory]
    [InlineData("a\uD83D")]
    [InlineData("\uDE00b")]
    [InlineData("\uDC00\uD800")]
    public void A_lone_surrogate_is_never_written_raw(string text)
    {
        // Not as itself (no text, and not UTF-8 at all): as the relaxed encoder does, whatever it does with it.
        Assert.Equal(Outcome(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping), Outcome(text, ReadableJsonEncoder.Instance));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500)]
    public void Any_text_reads_back_as_the_relaxed_encoder_writes_it_without_surrogate_escapes(MixedText text)
    {
        string? relaxed = Outcome(text.Value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        string? readable = Outcome(text.Value, ReadableJsonEncoder.Instance);
        Assert.Equal(relaxed, readable);
        if (readable is not null && Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text.Value)) == text.Value)
        {
            Assert.Equal(text.Value, readable);
            string json = Write(text.Value, ReadableJsonEncoder.Instance);
            Assert.DoesNotMatch(@"\\u[dD][89abAB]", json);
            Assert.Equal(text.Value, JsonDocument.Parse(Encoding.UTF8.GetBytes(json)).RootElement.GetString());
        }
    }

    [Fact]
    public void The_manifest_and_metrics_files_keep_labels_in_any_script_readable()
    {
        string[] labels = ["😀 happy", "中文", "café"];
        var rows = new List<LabeledText>();
        for (int i = 0; i < 12; i++)
        {
            rows.Add(new($"sunny smile {i}", labels[0], rows.Count + 2));
            rows.Add(new($"汉字 文本 {i}", labels[1], rows.Count + 2));
            rows.Add(new($"espresso latte {i}", labels[2], rows.Count + 2));
        }

        TextClassifier model = TestModels.Train(rows, seed: 5);
        string bundle = BundleEditing.SaveBundle(_temp, model);

        string manifest = File.ReadAllText(BundleEditing.ManifestPath(bundle));
        foreach (string label in labels)
        {
            Assert.Contains($"\"{label}\"", manifest, StringComparison.Ordinal);
        }

        Assert.Equal(labels.Order(StringComparer.Ordinal), TextClassifier.Load(bundle).Labels.Order(StringComparer.Ordinal));
        string metrics = MetricsJson.Serialize(ModelEvaluator.Evaluate(model, rows));
        Assert.Contains("\"😀 happy\": {", metrics, StringComparison.Ordinal);
    }

    // The JSON string the writer makes of text, or null where it refuses the text.
    private static string Write(string text, JavaScriptEncoder encoder)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = encoder }))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // The text that reads back from the writer's JSON, or null where the writer refuses the text.
    private static string? Outcome(string text, JavaScriptEncoder encoder)
    {
        try
        {
            return JsonDocument.Parse(Write(text, encoder)).RootElement.GetString();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
