using TextClassification.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>Where config.json gives no <c>max_position_embeddings</c> (or an encoder folder has no config.json), the
/// length comes from the graph's position table (<see cref="OnnxPositionTable"/>) rather than 512, so a text longer than
/// the table is truncated or windowed instead of failing inside ONNX Runtime.</summary>
public sealed class GraphPositionTableTests
{
    private const string BertTable = "bert.embeddings.position_embeddings.weight";

    // 40 × "good movie" is 80 word pieces: 82 ids with [CLS] and [SEP], past TinyBert's 64 positions.
    private static readonly string LongText = string.Join(' ', Enumerable.Repeat("good movie", 40));

    [Fact]
    public void A_classifier_without_max_position_embeddings_is_limited_to_its_graphs_position_table()
    {
        using var export = ExportWithoutPositions(classifier: true);

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        Assert.Equal(TinyBert.MaxPositions, classifier.Tokenizer.Options.MaxLength);
        double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(LongText)).Logits);
        IReadOnlyList<float> scores = classifier.Classify(LongText).Scores;
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], scores[c], 1e-4);
        }

        using OnnxTextClassifier windows = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { LongText = LongTextStrategy.SlidingWindow, Stride = 20 });
        double[] windowed = export.WindowScores(LongText, TinyBert.MaxPositions, 20, ChunkAggregation.Mean);
        IReadOnlyList<float> windowScores = windows.ClassifyBatch([LongText, "good movie"])[0].Scores;
        for (int c = 0; c < windowed.Length; c++)
        {
            Assert.Equal(windowed[c], windowScores[c], 1e-4);
        }
    }

    [Fact]
    public void A_max_length_past_the_graphs_position_table_is_refused_naming_the_table()
    {
        using var export = ExportWithoutPositions(classifier: true);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = 100 }));

        Assert.Contains("MaxLength 100 exceeds the model's positions", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{BertTable}' in {Path.Combine(export.Folder, "model.onnx")} has 64 rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("gives no max_position_embeddings", error.Message, StringComparison.Ordinal);
        using OnnxTextClassifier shorter = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = 32 });
        Assert.Equal(32, shorter.Tokenizer.Options.MaxLength);
    }

    [Fact]
    public void Config_jsons_max_position_embeddings_and_relative_positions_keep_their_own_length()
    {
        using var export = ExportWithoutPositions(classifier: true);
        string config = Path.Combine(export.Folder, "config.json");

        File.WriteAllText(config, """{ "model_type": "bert", "id2label": { "0": "neg", "1": "pos" }, "max_position_embeddings": 32 }""");
        using (OnnxTextClassifier configured = OnnxTextClassifier.Create(export.Folder))
        {
            Assert.Equal(32, configured.Tokenizer.Options.MaxLength);
        }

        // Relative positions have no table to run past (DeBERTa's); the graph's table is not read for them.
        File.WriteAllText(config, """{ "model_type": "bert", "id2label": { "0": "neg", "1": "pos" }, "position_embedding_type": "relative_key" }""");
        using OnnxTextClassifier relative = OnnxTextClassifier.Create(export.Folder);
        Assert.Equal(512, relative.Tokenizer.Options.MaxLength);
    }

    [Fact]
    public void An_encoder_folder_without_config_json_is_limited_to_its_graphs_position_table()
    {
        using var export = ExportWithoutPositions(classifier: false);
        File.Delete(Path.Combine(export.Folder, "config.json"));

        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);
        using OnnxSentenceEncoder capped = OnnxSentenceEncoder.Create(export.Folder, new OnnxSentenceEncoderOptions { MaxLength = TinyBert.MaxPositions });

        Assert.Equal(TinyBert.MaxPositions, encoder.Tokenizer.Options.MaxLength);
        Assert.Equal(capped.Embed(LongText), encoder.Embed(LongText));
    }

    [Fact]
    public void A_graph_without_a_named_position_table_or_no_graph_at_all_gives_none()
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        string model = Path.Combine(export.Folder, "model.onnx");
        Assert.Null(OnnxPositionTable.Find(model)); // TinyBert's own name, "pos"

        export.Model.WriteOnnx(model, classifier: true, BertTable);
        Assert.Equal((TinyBert.MaxPositions, BertTable), OnnxPositionTable.Find(model));

        File.WriteAllBytes(model, [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); // a graph field longer than the file
        Assert.Null(OnnxPositionTable.Find(model));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_fixed_sequence_axis_past_the_graphs_position_table_is_refused_naming_the_table(bool external)
    {
        // Every batch is padded to the fixed 128 tokens, past the 64 rows: every text would fail inside ONNX Runtime.
        using var folder = new TempFolder("tc-onnx-fixed-table");
        TableGraph.Write(folder.Path, 2, ["logits"], sequence: 128, external: external, positionRows: 64);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);

        var error = Assert.Throws<TextClassification.Bundles.BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.Equal(folder.Combine("model.onnx"), error.FilePath);
        Assert.Contains($"fixed at 128 tokens, but the position table '{BertTable}' in {folder.Combine("model.onnx")} has 64 rows", error.Message, StringComparison.Ordinal);

        // At 64 or fewer it loads, at the graph's length.
        TableGraph.Write(folder.Path, 2, ["logits"], sequence: 64, external: external, positionRows: 64);
        using OnnxTextClassifier fits = OnnxTextClassifier.Create(folder.Path);
        Assert.Equal(64, fits.Tokenizer.Options.MaxLength);
    }

    // A TinyBert export whose position table has BERT's initializer name and whose config.json has no
    // max_position_embeddings.
    private static TinyBertExport ExportWithoutPositions(bool classifier)
    {
        var export = new TinyBertExport(["neg", "pos"], classifier);
        export.Model.WriteOnnx(Path.Combine(export.Folder, "model.onnx"), classifier, BertTable);
        File.WriteAllText(Path.Combine(export.Folder, "config.json"), classifier
            ? """{ "model_type": "bert", "id2label": { "0": "neg", "1": "pos" } }"""
            : """{ "model_type": "bert" }""");
        return export;
    }
}
