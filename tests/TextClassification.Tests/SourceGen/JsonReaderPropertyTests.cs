using FsCheck.Xunit;
using TextClassification.SourceGen;
using TextClassification.SourceGen.Json;
using TextClassification.SourceGen.Model;
using TextClassification.Tests.Tokenization;

namespace TextClassification.Tests.SourceGen;

/// <summary>The generator runs inside the compiler: no input may make it throw.</summary>
public sealed class JsonReaderPropertyTests
{
    private static readonly ModelItem Item = new("/repo/m/textclassifier.json", "Intent", "App", "Models/m");

    [Property(MaxTest = 1000)]
    public bool Arbitrary_text_gives_a_value_or_an_error(string? text)
    {
        JsonValue? value = JsonReader.TryParse(text ?? string.Empty, out string? error, out _);
        return (value is null) != (error is null);
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 500)]
    public bool Corrupted_manifests_never_throw(MixedText noise, int cut)
    {
        const string Manifest = "{ \"labels\": [\"a b\", \"c\\u00e9\", \"1\"], \"id2label\": { \"0\": \"x\" }, \"n\": [1.5e3, true, null] }";
        int at = (int)((uint)cut % (Manifest.Length + 1));
        string text = Manifest[..at] + noise.Value + Manifest[at..];
        ModelToGenerate model = ModelMetadataParser.Parse(Item, text);
        return model.Members.Count > 0 || model.Diagnostics.Count > 0;
    }

    [Fact]
    public void Parses_escapes_numbers_and_literals()
    {
        JsonValue value = JsonReader.TryParse("{\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\",\"n\":-1.25e-3,\"t\":true,\"f\":false,\"z\":null,\"a\":[]}", out string? error, out _)!;
        Assert.Null(error);
        Assert.Equal("a\"b\\c/\né", value.Property("s")!.Text);
        Assert.Equal("-1.25e-3", value.Property("n")!.Text);
        Assert.Equal(JsonKind.Literal, value.Property("z")!.Kind);
        Assert.Empty(value.Property("a")!.Items!);
    }

    [Property(MaxTest = 2000)]
    public bool A_number_is_read_where_System_Text_Json_reads_it(byte[] picks)
    {
        // The runtime reads manifests with System.Text.Json; a number the generator took and the runtime refused ("01",
        // "1.", "1e5." …) gave an enum for a bundle that cannot load (review 48).
        const string Chars = "0123456789.eE+-";
        string number = new([.. picks.Take(7).Select(b => Chars[b % Chars.Length])]);
        string text = "{\"a\":" + number + "}";
        bool ours = JsonReader.TryParse(text, out _, out _) is not null;
        bool runtime;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            runtime = true;
        }
        catch (System.Text.Json.JsonException)
        {
            runtime = false;
        }

        return ours == runtime;
    }

    [Theory]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":1.}")]
    [InlineData("{\"a\":-01}")]
    [InlineData("{\"a\":1e}")]
    [InlineData("{\"a\":1.e5}")]
    [InlineData("{\"a\":01x}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":\"x\ny\"}")]
    [InlineData("{\"a\":1} 2")]
    [InlineData("{'a':1}")]
    public void Rejects_invalid_json(string text) => Assert.Null(JsonReader.TryParse(text, out _, out _));
}
