using Microsoft.Extensions.DependencyInjection;
using TextClassification.Bundles;
using TextClassification.DependencyInjection;
using TextClassification.Onnx;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Onnx;

/// <summary>A Hugging Face-style export of the tiny BERT graph, run through ONNX Runtime and checked against the
/// plain C# reference forward pass.</summary>
public sealed class OnnxTextClassifierTests
{
    private const double Tolerance = 1e-4;

    private static readonly string[] Texts =
    [
        "the cat sat on the mat.",
        "good movie",
        "a very bad , awful film and the plot is not great !",
        "dogs",
        "",
        "the the the the the the the the the the the the cat",
    ];

    [Fact]
    public void Probabilities_match_the_reference_forward_pass()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        foreach (string text in Texts)
        {
            double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(text)).Logits);
            Prediction prediction = classifier.Classify(text);
            AssertClose(expected, prediction.Scores, text);
        }
    }

    [Theory]
    // tf2onnx exports (Keras and TensorFlow BERTs) take int32 inputs: they were refused ("only int64 inputs are
    // supported … re-export"), though their ids and masks fit.
    [InlineData(OnnxProtoWriter.Int32Type, OnnxProtoWriter.FloatType, Tolerance)]
    // Optimum's --fp16 exports and onnxconverter's float16 conversion give float16 outputs: they were refused at load
    // ("only float32 outputs are supported"). A half's 11 bits of mantissa put logits of a few units up to about 0.004
    // off, and padding in a batch may move one by a half's last bit.
    [InlineData(OnnxProtoWriter.Int64Type, OnnxProtoWriter.Float16Type, 5e-3)]
    public void An_export_of_other_input_or_output_types_scores_as_the_reference_one_by_one_and_in_a_batch(int inputType, int outputType, double tolerance)
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"], inputType: inputType, outputType: outputType);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(Texts[i])).Logits);
            AssertClose(expected, classifier.Classify(Texts[i]).Scores, Texts[i], tolerance);
            AssertClose(expected, batch[i].Scores, Texts[i], tolerance);
        }
    }

    [Fact]
    public void Raw_logits_match_the_reference_to_1e4()
    {
        using var export = new TinyBertExport(["a", "b", "c", "d"]);
        using OnnxModel model = OnnxModel.Create(Path.Combine(export.Folder, "model.onnx"), new OnnxSessionOptions(), ["logits"]);
        foreach (string text in Texts)
        {
            long[] ids = TinyBertExport.Ids(text);
            float[] logits = new float[4];
            model.Run(ids, Enumerable.Repeat(1L, ids.Length).ToArray(), new long[ids.Length], 1, ids.Length, logits);
            AssertClose(export.Model.Forward(ids).Logits, logits, text);
        }
    }

    [Fact]
    public void Batch_results_equal_one_by_one_results_whatever_the_padding()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxBatchSize = 4 });

        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(Texts);

        Assert.Equal(Texts.Length, batch.Count);
        for (int i = 0; i < Texts.Length; i++)
        {
            // The short texts share a batch with a long one, so they run padded; alone they run unpadded.
            AssertClose(classifier.Classify(Texts[i]).Scores.Select(v => (double)v).ToArray(), batch[i].Scores, Texts[i]);
        }
    }

    [Fact]
    public void Id2label_order_is_by_id_not_by_file_order()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"], id2LabelJson: """{ "2": "neutral", "0": "neg", "1": "pos" }""");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        Assert.Equal(["neg", "pos", "neutral"], classifier.Labels);
        double[] expected = TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(Texts[0])).Logits);
        Prediction prediction = classifier.Classify(Texts[0]);
        Assert.Equal(expected[2], prediction.ScoreOf("neutral"), Tolerance);
        Assert.Equal(classifier.Labels[Array.IndexOf(expected, expected.Max())], prediction.Label);
    }

    [Fact]
    public void Multi_label_models_use_sigmoid()
    {
        using var export = new TinyBertExport(["x", "y", "z"], problemType: "multi_label_classification");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        Assert.True(classifier.IsMultiLabel);
        double[] logits = export.Model.Forward(TinyBertExport.Ids(Texts[1])).Logits;
        AssertClose(logits.Select(l => 1 / (1 + Math.Exp(-l))).ToArray(), classifier.Classify(Texts[1]).Scores, Texts[1]);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.3f)]
    [InlineData(0.7f)]
    public void Multi_label_predictions_list_every_label_at_or_above_the_threshold(float threshold)
    {
        using var export = new TinyBertExport(["x", "y", "z", "w"], problemType: "multi_label_classification");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MultiLabelThreshold = threshold });
        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(Texts);

        for (int t = 0; t < Texts.Length; t++)
        {
            double[] logits = export.Model.Forward(TinyBertExport.Ids(Texts[t])).Logits;
            // Labels whose reference probability is clearly on one side of the threshold (float noise aside).
            string[] surelyIn = [.. export.Labels.Where((_, i) => 1 / (1 + Math.Exp(-logits[i])) >= threshold + 1e-4)];
            string[] surelyOut = [.. export.Labels.Where((_, i) => 1 / (1 + Math.Exp(-logits[i])) < threshold - 1e-4)];
            foreach (Prediction prediction in new[] { classifier.Classify(Texts[t]), batch[t] })
            {
                Assert.Superset(surelyIn.ToHashSet(), prediction.PredictedLabels.ToHashSet());
                Assert.Empty(prediction.PredictedLabels.Intersect(surelyOut));
                Assert.Equal(prediction.Labels.Where((_, i) => prediction.Scores[i] >= threshold), prediction.PredictedLabels);
            }
        }
    }

    [Fact]
    public void A_multi_label_export_is_evaluated_as_multi_label_only()
    {
        using var export = new TinyBertExport(["x", "y"], problemType: "multi_label_classification");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        TextClassification.Training.Data.LabeledText[] rows = [new("good movie", "x|y", 2), new("dogs", "y", 3)];

        Assert.True(TextClassification.Training.Evaluation.MultiLabelEvaluator.IsMultiLabel(classifier));
        Assert.Throws<ArgumentException>(() => TextClassification.Training.Evaluation.ModelEvaluator.Evaluate(classifier, rows));
        Assert.Equal(2, TextClassification.Training.Evaluation.MultiLabelEvaluator.Evaluate(classifier, rows, "|").Count);
    }

    [Fact]
    public void A_max_length_past_the_position_table_is_refused_up_front()
    {
        using var export = new TinyBertExport(["neg", "pos"]);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = TinyBert.MaxPositions + 1 }));
        Assert.Contains($"max_position_embeddings {TinyBert.MaxPositions}", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxSentenceEncoder.Create(export.Folder, new OnnxSentenceEncoderOptions { MaxLength = TinyBert.MaxPositions + 1 }));
        using OnnxTextClassifier atTheLimit = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = TinyBert.MaxPositions });
        Assert.Equal(2, atTheLimit.Classify(string.Join(' ', Enumerable.Repeat("cat", 200))).Scores.Count);
    }

    [Theory]
    [InlineData("16", 16)]
    [InlineData("1000000000000000019884624838656", TinyBert.MaxPositions)] // transformers' "no limit"
    public void Model_max_length_from_the_tokenizer_config_is_the_default_length(string modelMaxLength, int expected)
    {
        // transformers truncates to tokenizer_config.json's model_max_length; it was ignored (512 or the position table).
        using var export = new TinyBertExport(["neg", "pos"]);
        File.WriteAllText(Path.Combine(export.Folder, "tokenizer_config.json"), $$"""{ "do_lower_case": true, "model_max_length": {{modelMaxLength}} }""");

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        using OnnxTextClassifier requested = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = 32 });

        Assert.Equal(expected, classifier.Tokenizer.Options.MaxLength);
        Assert.Equal(32, requested.Tokenizer.Options.MaxLength); // the caller's MaxLength still wins
    }

    [Fact]
    public void A_model_max_length_with_no_room_for_a_token_is_named_and_a_requested_MaxLength_replaces_it()
    {
        // model_max_length 2 ([CLS] and [SEP] only) failed with "MaxLength must be at least 3" blamed on vocab.txt, and so
        // even where the caller's MaxLength, which replaces it, was valid (review 49a).
        using var export = new TinyBertExport(["neg", "pos"]);
        string configPath = Path.Combine(export.Folder, "tokenizer_config.json");
        File.WriteAllText(configPath, """{ "do_lower_case": true, "model_max_length": 2 }""");

        var ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));
        using OnnxTextClassifier requested = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = 32 });

        Assert.Equal(configPath, ex.FilePath);
        Assert.Contains("model_max_length is 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(32, requested.Tokenizer.Options.MaxLength);
        Assert.Equal(2, requested.Classify("a cat sat").Scores.Count);
    }

    [Theory]
    [InlineData(8, 7, "Stride must be from 1 to 6: a window holds 8 tokens (MaxLength), less [CLS] and [SEP].")]
    [InlineData(null, 0, "Stride must be from 1 to ")]
    public void A_stride_outside_the_window_names_its_bound_and_where_it_comes_from(int? maxLength, int stride, string message)
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        var options = new OnnxTextClassifierOptions { MaxLength = maxLength, LongText = LongTextStrategy.SlidingWindow, Stride = stride };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxTextClassifier.Create(export.Folder, options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(maxLength is null, ex.Message.Contains("the export's own limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Undefined_long_text_and_aggregation_values_are_refused()
    {
        // An enum cast from a bad integer (a config file, a typo in code) was accepted: an unknown aggregation summed
        // the window scores, an unknown strategy truncated.
        using var export = new TinyBertExport(["neg", "pos"]);

        var strategy = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { LongText = (LongTextStrategy)7 }));
        var aggregation = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { LongText = LongTextStrategy.SlidingWindow, Aggregation = (ChunkAggregation)(-1) }));

        Assert.Contains("LongText must be Truncate or SlidingWindow", strategy.Message, StringComparison.Ordinal);
        Assert.Contains("Aggregation must be Mean or Max", aggregation.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { Session = null! }));

        // ONNX Runtime's own refusal of an optimisation level was reported as a broken model.onnx.
        var level = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxTextClassifier.Create(export.Folder,
            new OnnxTextClassifierOptions { Session = new OnnxSessionOptions { OptimizationLevel = (Microsoft.ML.OnnxRuntime.GraphOptimizationLevel)42 } }));
        Assert.Contains("OptimizationLevel", level.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSentenceEncoder.Create(export.Folder,
            new OnnxSentenceEncoderOptions { Session = new OnnxSessionOptions { IntraOpThreads = -1 } }));
    }

    [Fact]
    public void Changing_the_options_object_after_creation_changes_nothing()
    {
        // The classifier read MaxBatchSize and Aggregation from the caller's object at every call: MaxBatchSize = 0
        // set afterwards made a batch loop forever, and Aggregation switched under running calls.
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        var options = new OnnxTextClassifierOptions { MaxLength = 8, LongText = LongTextStrategy.SlidingWindow, Stride = 2, MaxBatchSize = 2 };
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, options);
        IReadOnlyList<float> before = classifier.Classify(Texts[2]).Scores;

        options.MaxBatchSize = 0;
        options.Aggregation = ChunkAggregation.Max;
        options.LongText = LongTextStrategy.Truncate;

        Assert.Equal(before, classifier.Classify(Texts[2]).Scores);
        Assert.Equal(3, classifier.ClassifyBatch([Texts[0], Texts[1], Texts[2]]).Count);
        Assert.Equal(2, classifier.Options.MaxBatchSize);
        Assert.Equal(ChunkAggregation.Mean, classifier.Options.Aggregation);
        classifier.Options.MaxBatchSize = 0; // a copy as well
        Assert.NotSame(options.Session, classifier.Options.Session); // down to the session settings
        Assert.Equal(3, classifier.ClassifyBatch([Texts[0], Texts[1], Texts[2]]).Count);
    }

    [Theory]
    [InlineData(ChunkAggregation.Mean, 3, 32)]
    [InlineData(ChunkAggregation.Max, 3, 32)]
    [InlineData(ChunkAggregation.Mean, 6, 32)]
    [InlineData(ChunkAggregation.Max, 1, 32)]
    [InlineData(ChunkAggregation.Mean, 1, 2)] // windows laid out and run two at a time
    [InlineData(ChunkAggregation.Max, 2, 3)]
    public void Sliding_window_aggregates_the_window_scores(ChunkAggregation aggregation, int stride, int maxBatchSize)
    {
        const int maxLength = 8;
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        var options = new OnnxTextClassifierOptions
        {
            MaxLength = maxLength,
            LongText = LongTextStrategy.SlidingWindow,
            Stride = stride,
            Aggregation = aggregation,
            MaxBatchSize = maxBatchSize,
        };
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, options);
        string text = Texts[2];

        Assert.True(TinyBertExport.Ids(text).Length - 2 > maxLength - 2, "the text must be longer than one window");
        double[] expected = export.WindowScores(text, maxLength, stride, aggregation);

        AssertClose(expected, classifier.Classify(text).Scores, text);
        // In a batch beside short texts (one window each) the long text's result is the same.
        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch([Texts[1], text, Texts[3]]);
        AssertClose(expected, batch[1].Scores, text);
        AssertClose(TinyBertExport.Softmax(export.Model.Forward(TinyBertExport.Ids(Texts[1])).Logits), batch[0].Scores, Texts[1]);
    }

    [Fact]
    public async Task Cancelling_stops_the_windows_of_one_long_text()
    {
        // One text of 60,000 words in windows of 6 tokens advancing by 1, run one at a time: tens of thousands of
        // graph runs. The token was only checked between chunks of texts, so a single long text ran to its end.
        using var export = new TinyBertExport(["neg", "pos"]);
        var options = new OnnxTextClassifierOptions { MaxLength = 8, LongText = LongTextStrategy.SlidingWindow, Stride = 1, MaxBatchSize = 1 };
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, options);
        string text = string.Join(' ', Enumerable.Repeat(Texts[2], 60_000 / Texts[2].Split(' ').Length));
        // The whole run takes about a second or more; the token is cancelled after 50 ms, from a thread of its own: a
        // CancellationTokenSource's own timer fires on the thread pool, which, run alone in a fresh process, had no
        // free thread until the run was over, so it passed only beside other tests.
        using var cancel = CancelledAfter(50);

        Assert.ThrowsAny<OperationCanceledException>(() => classifier.ClassifyBatch([text], cancel.Token));
        Assert.True(cancel.IsCancellationRequested);
        using var cancelSingle = CancelledAfter(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await classifier.ClassifyAsync(text, cancelSingle.Token));
    }

    private static CancellationTokenSource CancelledAfter(int milliseconds)
    {
        var source = new CancellationTokenSource();
        new Thread(() =>
        {
            Thread.Sleep(milliseconds);
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The test ended first.
            }
        }) { IsBackground = true }.Start();
        return source;
    }

    [Fact]
    public void Truncation_keeps_the_first_tokens()
    {
        const int maxLength = 8;
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = maxLength });

        long[] ids = TinyBertExport.Ids(Texts[2], maxLength);
        Assert.Equal(maxLength, ids.Length);
        AssertClose(TinyBertExport.Softmax(export.Model.Forward(ids).Logits), classifier.Classify(Texts[2]).Scores, Texts[2]);
        AssertClose(TinyBertExport.Softmax(export.Model.Forward(ids).Logits), classifier.ClassifyBatch([Texts[2], Texts[0]])[0].Scores, Texts[2]);
    }

    [Fact]
    public void Text_pairs_use_segment_ids()
    {
        using var export = new TinyBertExport(["entail", "contradict"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        string[] first = ["the cat sat", "good movie", "the plot"];
        string[] second = ["on the mat", "bad film and not great", "is awful"];

        IReadOnlyList<Prediction> predictions = classifier.ClassifyPairBatch(first, second);

        var tokenizer = TinyBertExport.Tokenizer();
        for (int i = 0; i < first.Length; i++)
        {
            var encoding = tokenizer.Encode(first[i], second[i]);
            Assert.Contains(1, encoding.TypeIds);
            double[] logits = export.Model.Forward(encoding.Ids.Select(v => (long)v).ToArray(), encoding.TypeIds.Select(v => (long)v).ToArray()).Logits;
            AssertClose(TinyBertExport.Softmax(logits), predictions[i].Scores, first[i]);
        }
    }

    [Fact]
    public void Dependency_injection_and_the_loader_accept_an_export_folder()
    {
        using var export = new TinyBertExport(["neg", "pos"]);
        var services = new ServiceCollection();
        services.AddTextClassifier(o => o.ModelPath = export.Folder);
        using ServiceProvider provider = services.BuildServiceProvider();

        ITextClassifier classifier = provider.GetRequiredService<ITextClassifier>();

        Assert.IsType<OnnxTextClassifier>(classifier);
        Assert.Equal(["neg", "pos"], classifier.Labels);
        using var loaded = (OnnxTextClassifier)TextClassifierLoader.Load(export.Folder);
        Assert.Equal(loaded.Classify(Texts[0]).Scores, classifier.Classify(Texts[0]).Scores);
    }

    [Fact]
    public void ReloadOnChange_on_an_export_fails_at_registration()
    {
        // TextClassifierOptions.ReloadOnChange's docs: n-gram bundles only; an export is refused where it is registered.
        using var export = new TinyBertExport(["neg", "pos"]);

        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTextClassifier(o => { o.ModelPath = export.Folder; o.ReloadOnChange = true; }));

        Assert.Contains("ReloadOnChange works with model bundles", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a Hugging Face export", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_an_export_without_its_tokenizer_fails_at_registration()
    {
        // config.json is read at registration; a missing vocab.txt and tokenizer.json only failed at the first request.
        using var export = new TinyBertExport(["neg", "pos"]);
        File.Delete(Path.Combine(export.Folder, "vocab.txt"));
        File.Delete(Path.Combine(export.Folder, "tokenizer.json"));

        var error = Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = export.Folder));

        Assert.Contains("needs tokenizer.json or vocab.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains(export.Folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoder_only_graph_is_not_a_classifier()
    {
        using var export = new TinyBertExport(["neg", "pos"], classifier: false);

        var ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));
        Assert.Contains("logits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_id2label_keys_are_reported()
    {
        using var export = new TinyBertExport(["neg", "pos"], id2LabelJson: """{ "0": "neg", "2": "pos" }""");

        var ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));
        Assert.Contains("id2label", ex.Message, StringComparison.Ordinal);

        // No labels at all (Optimum's feature-extraction layout): the graph has no logits, and the message says what
        // such a folder is for.
        using var encoder = new TempFolder("tc-onnx-no-labels");
        TableGraph.Write(encoder.Path, 4, ["last_hidden_state"]);
        TableGraph.WriteConfig(encoder.Path, "\"hidden_size\": 4");
        ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(encoder.Path));
        Assert.Contains("logits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--encoder", ex.Message, StringComparison.Ordinal);

        // One whose 'architectures' names no sequence classifier is refused at its config, before the graph is opened,
        // and so at DI registration too (which does not open the graph).
        TableGraph.WriteConfig(encoder.Path, "\"hidden_size\": 4, \"architectures\": [\"BertModel\"]");
        ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(encoder.Path));
        Assert.Contains("'architectures' (BertModel) holds no sequence classifier", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--encoder", ex.Message, StringComparison.Ordinal);
        var registration = Assert.Throws<BundleFormatException>(() =>
            new ServiceCollection().AddTextClassifier(o => o.ModelPath = encoder.Path));
        Assert.Contains("looks like an encoder", registration.Message, StringComparison.Ordinal);

        // Labels given but empty: refused, naming the keys.
        using var empty = new TinyBertExport(["neg", "pos"], id2LabelJson: "{}");
        ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(empty.Folder));
        Assert.Contains("'id2label' (and 'label2id') is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_without_labels_has_transformers_default_two_labels()
    {
        // transformers leaves id2label out of config.json when it equals its default {0: LABEL_0, 1: LABEL_1}, so a
        // binary fine-tune that never named its labels is exported without it.
        using var named = new TinyBertExport(["neg", "pos"]);
        using var unnamed = new TinyBertExport(["neg", "pos"], id2LabelJson: "null");
        string config = Path.Combine(unnamed.Folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"id2label\": null,", "\"architectures\": [\"BertForSequenceClassification\"],", StringComparison.Ordinal));
        Assert.DoesNotContain("id2label", File.ReadAllText(config), StringComparison.Ordinal);

        using OnnxTextClassifier withLabels = OnnxTextClassifier.Create(named.Folder);
        using OnnxTextClassifier withDefaults = OnnxTextClassifier.Create(unnamed.Folder);

        Assert.Equal(["LABEL_0", "LABEL_1"], withDefaults.Labels);
        foreach (string text in new[] { "good movie", "bad movie", "the" })
        {
            Prediction expected = withLabels.Classify(text);
            Prediction actual = withDefaults.Classify(text);
            Assert.Equal(expected.Scores, actual.Scores);
            Assert.Equal("LABEL_" + withLabels.Labels.ToList().IndexOf(expected.Label), actual.Label);
        }

        // Three logits and no labels: transformers would read two; the message says so.
        using var three = new TinyBertExport(["a", "b", "c"], id2LabelJson: "null");
        var ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(three.Folder));
        Assert.Contains("LABEL_0 and LABEL_1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[batch, 3]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_ids_with_one_label_are_refused_at_load()
    {
        using var export = new TinyBertExport(["x", "x", "y"], id2LabelJson: """{ "0": "x", "1": "x", "2": "y" }""");

        var ex = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(export.Folder));
        var viaLoader = Assert.Throws<BundleFormatException>(() => TextClassifierLoader.Load(export.Folder));

        Assert.Contains("gives ids 0 and 1 the same label 'x'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the same label 'x'", viaLoader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_while_other_threads_classify_ends_their_runs_with_ObjectDisposedException()
    {
        // Before the runs held a reference to the native session, freeing it mid-run crashed the process (SIGSEGV) in
        // about two runs of three; a crash here takes the whole test run down.
        using var export = new TinyBertExport(["neg", "pos"]);
        string[] batch = [.. Enumerable.Repeat(string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 10)), 32)];
        for (int round = 0; round < 5; round++)
        {
            var classifier = OnnxTextClassifier.Create(export.Folder);
            using var started = new CountdownEvent(2);
            Task<Exception?>[] workers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run<Exception?>(() =>
            {
                started.Signal();
                try
                {
                    while (true)
                    {
                        classifier.ClassifyBatch(batch);
                    }
                }
                catch (Exception ex)
                {
                    return ex;
                }
            }))];
            started.Wait();
            await Task.Delay(20 * round);

            classifier.Dispose();

            Exception?[] ended = await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(ended, ex => Assert.IsType<ObjectDisposedException>(ex));
        }
    }

    [Fact]
    public async Task After_Dispose_an_empty_batch_throws_ObjectDisposedException_as_any_other_call()
    {
        // An empty batch makes no run, where a disposed session was found: it answered [] after Dispose (review 49a).
        using var export = new TinyBertExport(["neg", "pos"]);
        using var encoderExport = new TinyBertExport(["neg", "pos"], classifier: false);
        var classifier = OnnxTextClassifier.Create(export.Folder);
        var encoder = OnnxSentenceEncoder.Create(encoderExport.Folder);
        Assert.Empty(classifier.ClassifyBatch([]));
        classifier.Dispose();
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => classifier.ClassifyBatch([]));
        Assert.Throws<ObjectDisposedException>(() => classifier.ClassifyPairBatch([], []));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => classifier.ClassifyBatchAsync([]));
        Assert.Throws<ObjectDisposedException>(() => encoder.Embed([], Span<float>.Empty));
    }

    private static void AssertClose(double[] expected, IReadOnlyList<float> actual, string text, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"'{text}' [{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
