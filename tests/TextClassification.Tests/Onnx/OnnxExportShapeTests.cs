using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Pooling;
using TextClassification.Tests.Support;
using static TextClassification.Tests.Onnx.OnnxProtoWriter;

namespace TextClassification.Tests.Onnx;

/// <summary>Exports whose graphs differ from the common shape: external weight files, several outputs, fixed axes,
/// other input types, and configs that are not classifiers.</summary>
public sealed class OnnxExportShapeTests
{
    private const int Width = 3;

    [Fact]
    public void External_weights_are_found_and_a_changed_weight_file_changes_the_encoder_fingerprint()
    {
        using var folder = new TempFolder("tc-onnx-ext");
        TableGraph.Write(folder.Path, Width, ["last_hidden_state"], external: true);
        Assert.Equal(["model.onnx_data"], OnnxExternalData.Locations(folder.Combine("model.onnx")));

        string before;
        float[] vectorBefore;
        using (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(folder.Path, new OnnxSentenceEncoderOptions { Normalize = false }))
        {
            before = encoder.Fingerprint;
            vectorBefore = encoder.Embed("good movie");
        }

        // The same graph file, other weights beside it: other vectors, so another fingerprint (embedding caches and
        // encoder + head bundles are keyed by it).
        File.WriteAllBytes(folder.Combine("model.onnx_data"),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(TableGraph.Table(Width, shift: 1f).AsSpan()).ToArray());
        using (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(folder.Path, new OnnxSentenceEncoderOptions { Normalize = false }))
        {
            Assert.NotEqual(before, encoder.Fingerprint);
            Assert.NotEqual(vectorBefore, encoder.Embed("good movie"));
        }
    }

    [Fact]
    public void The_encoder_fingerprint_is_the_one_earlier_releases_computed()
    {
        // Encoder + head bundles record it and refuse another: a fingerprint that moves with a new option, or with the
        // compiler's name for a collection type, would make every saved bundle refuse to load. This is the value the
        // code of session 22 (9b80df0) computes: SHA-256 of the graph, the vocabulary and this settings text.
        using var export = new TinyBertExport(["unused"], classifier: false);
        const string Settings =
            "WordPieceOptions { Lowercase = True, StripAccents = , CleanText = True, HandleChineseCharacters = True, MaxInputCharsPerWord = 100, " +
            "ContinuingSubwordPrefix = ##, UnknownToken = [UNK], ClassificationToken = [CLS], SeparatorToken = [SEP], PaddingToken = [PAD], " +
            "SpecialTokens = <>z__ReadOnlyArray`1[System.String], MaxLength = 64, PadToMaxLength = False }|Mean|True";
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(Path.Combine(export.Folder, "model.onnx")));
        foreach (string token in TinyBert.Vocabulary)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(token + "\n"));
        }

        hash.AppendData(System.Text.Encoding.UTF8.GetBytes("|" + Settings));
        Assert.Equal(64, TinyBert.MaxPositions);

        using OnnxSentenceEncoder encoder = OnnxSentenceEncoder.Create(export.Folder);
        Assert.Equal(Convert.ToHexStringLower(hash.GetHashAndReset()), encoder.Fingerprint);
    }

    [Fact]
    public void Graphs_with_inline_weights_name_no_external_files()
    {
        using var folder = new TempFolder("tc-onnx-ext");
        TableGraph.Write(folder.Path, Width, ["last_hidden_state"]);
        Assert.Empty(OnnxExternalData.Locations(folder.Combine("model.onnx")));
        using var export = new TinyBertExport(["a", "b"]);
        Assert.Empty(OnnxExternalData.Locations(Path.Combine(export.Folder, "model.onnx")));
        Assert.Throws<InvalidDataException>(() => OnnxExternalData.Locations([0x0A, 0x80])); // a length that never ends
    }

    [Fact]
    public void A_sentence_encoder_pools_last_hidden_state_when_the_graph_also_has_pooler_output()
    {
        using var folder = new TempFolder("tc-onnx-out");
        float[] table = TableGraph.Table(Width);
        TableGraph.Write(folder.Path, Width, ["pooler_output", "last_hidden_state"], table);
        int[] ids = TinyBertExport.Tokenizer().Encode("good movie").Ids.ToArray(); // [CLS] good movie [SEP]

        using OnnxSentenceEncoder mean = OnnxSentenceEncoder.Create(folder.Path, new OnnxSentenceEncoderOptions { Normalize = false, Pooling = SentencePoolingMode.Mean });
        using OnnxSentenceEncoder cls = OnnxSentenceEncoder.Create(folder.Path, new OnnxSentenceEncoderOptions { Normalize = false, Pooling = SentencePoolingMode.Cls });
        float[] expectedMean = new float[Width];
        for (int j = 0; j < Width; j++)
        {
            expectedMean[j] = ids.Select(id => table[(id * Width) + j]).Average();
        }

        Assert.Equal(expectedMean, mean.Embed("good movie"), new FloatTolerance(1e-5f));
        Assert.Equal(table.AsSpan(ids[0] * Width, Width).ToArray(), cls.Embed("good movie"), new FloatTolerance(1e-6f));
        Assert.NotEqual(mean.Fingerprint, cls.Fingerprint);
    }

    [Fact]
    public void A_fixed_sequence_axis_pads_every_batch_to_it_and_refuses_another_max_length()
    {
        using var folder = new TempFolder("tc-onnx-fixed");
        float[] table = TableGraph.Table(2);
        TableGraph.Write(folder.Path, 2, ["logits"], table, sequence: 8L);
        TableGraph.WriteConfig(folder.Path, "\"id2label\": {\"0\": \"x\", \"1\": \"y\"}");

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);
        Assert.Equal(8, classifier.Tokenizer.Options.MaxLength);
        Assert.True(classifier.Tokenizer.Options.PadToMaxLength);
        string[] texts = ["good", "the cat sat on the mat and the dog sat on the mat", "bad movie"];
        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            // logits = mean of the eight rows (padding included), so each text's scores follow from its ids alone.
            int[] ids = [.. TinyBertExport.Tokenizer(8).Encode(texts[i]).Ids];
            int[] padded = [.. ids, .. Enumerable.Repeat(0, 8 - ids.Length)];
            double[] logits = [.. Enumerable.Range(0, 2).Select(j => padded.Average(id => (double)table[(id * 2) + j]))];
            Assert.Equal(TinyBertExport.Softmax(logits)[1], batch[i].ScoreOf("y"), 5);
            Assert.Equal(batch[i].ScoreOf("y"), classifier.Classify(texts[i]).ScoreOf("y"), 6);
        }

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxTextClassifier.Create(folder.Path, new OnnxTextClassifierOptions { MaxLength = 16 }));
        Assert.Contains("8 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sliding_windows_run_in_batches_the_graph_accepts()
    {
        // A graph exported for one text per run: a long text's windows must go through it one at a time.
        using var folder = new TempFolder("tc-onnx-batch1");
        TableGraph.Write(folder.Path, 2, ["logits"], batch: 1L);
        TableGraph.WriteConfig(folder.Path, "\"id2label\": {\"0\": \"x\", \"1\": \"y\"}");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path,
            new OnnxTextClassifierOptions { MaxLength = 6, LongText = LongTextStrategy.SlidingWindow, MaxBatchSize = 32 });
        string longText = string.Join(' ', Enumerable.Repeat("good movie is great", 10));
        IReadOnlyList<Prediction> predictions = classifier.ClassifyBatch([longText, "bad", longText]);
        Assert.Equal(3, predictions.Count);
        Assert.Equal(predictions[0].ScoreOf("y"), predictions[2].ScoreOf("y"), 6);
        Assert.Equal(predictions[0].ScoreOf("y"), classifier.Classify(longText).ScoreOf("y"), 6);
    }

    [Fact]
    public void Inputs_of_another_type_are_refused_when_the_export_loads_not_on_the_first_text()
    {
        // int64 and int32 (tf2onnx's) are read; a float mask is not.
        using var folder = new TempFolder("tc-onnx-float-mask");
        TableGraph.Write(folder.Path, 2, ["logits"], maskType: FloatType);
        TableGraph.WriteConfig(folder.Path, "\"id2label\": {\"0\": \"x\", \"1\": \"y\"}");
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("int64 or int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("attention_mask", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, CountOccurrences(error.Message, folder.Combine("model.onnx"))); // named once, not twice
    }

    [Theory]
    [InlineData("\"problem_type\": \"regression\", \"id2label\": {\"0\": \"LABEL_0\"}", "regression")]
    [InlineData("\"id2label\": {\"0\": \"LABEL_0\"}", "one label")]
    [InlineData("\"problem_type\": \"token_classification\", \"id2label\": {\"0\": \"a\", \"1\": \"b\"}", "token_classification")]
    public void Configs_that_are_not_classifiers_are_refused(string body, string messagePart)
    {
        using var folder = new TempFolder("tc-onnx-config");
        TableGraph.Write(folder.Path, body.Contains("\"1\"", StringComparison.Ordinal) ? 2 : 1, ["logits"]);
        TableGraph.WriteConfig(folder.Path, body);
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_label_multi_label_detector_and_a_label2id_only_config_load()
    {
        using var folder = new TempFolder("tc-onnx-config");
        TableGraph.Write(folder.Path, 1, ["logits"]);
        TableGraph.WriteConfig(folder.Path, "\"problem_type\": \"multi_label_classification\", \"id2label\": {\"0\": \"toxic\"}");
        using (OnnxTextClassifier detector = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.True(detector.IsMultiLabel);
            Assert.InRange(detector.Classify("bad").ScoreOf("toxic"), 0f, 1f);
        }

        using var folder2 = new TempFolder("tc-onnx-config");
        TableGraph.Write(folder2.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder2.Path, "\"label2id\": {\"neg\": 1, \"pos\": 0}");
        using (OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder2.Path))
        {
            Assert.Equal(["pos", "neg"], classifier.Labels);
        }

        // Ids written as strings (read as numbers; a JsonElement read as a number threw InvalidOperationException).
        TableGraph.WriteConfig(folder2.Path, "\"label2id\": {\"neg\": \"1\", \"pos\": \"0\"}");
        using (OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder2.Path))
        {
            Assert.Equal(["pos", "neg"], classifier.Labels);
        }

        TableGraph.WriteConfig(folder2.Path, "\"label2id\": {\"neg\": true, \"pos\": 0}");
        Assert.Contains("'label2id' gives the label 'neg' the id true", Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder2.Path)).Message, StringComparison.Ordinal);

        // label2id is not read where id2label is there: ids written as strings there do not stop the model loading.
        TableGraph.WriteConfig(folder2.Path, "\"id2label\": {\"0\": \"pos\", \"1\": \"neg\"}, \"label2id\": {\"neg\": \"1\", \"pos\": \"0\"}");
        using OnnxTextClassifier both = OnnxTextClassifier.Create(folder2.Path);
        Assert.Equal(["pos", "neg"], both.Labels);
    }

    [Fact]
    public void A_logits_width_that_does_not_match_id2label_says_both_numbers()
    {
        using var folder = new TempFolder("tc-onnx-config");
        TableGraph.Write(folder.Path, 3, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("[batch, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[batch, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_extraction_export_loaded_as_a_classifier_points_to_training_a_head()
    {
        using var folder = new TempFolder("tc-onnx-encoder");
        TableGraph.Write(folder.Path, 2, ["last_hidden_state"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("none of the outputs logits", error.Message, StringComparison.Ordinal);
        Assert.Contains("--encoder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_nested_past_the_depth_limit_are_refused_not_walked_into_a_stack_overflow()
    {
        Assert.Empty(OnnxExternalData.Locations(NestedSubgraphs(100)));
        // 6,001 levels: within the test thread's stack, so the walk without a limit returned (no weight files) here.
        Assert.Contains("more than 1000 deep", Assert.Throws<InvalidDataException>(() => OnnxExternalData.Locations(NestedSubgraphs(2000))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deeply_nested_graph_ONNX_Runtime_refuses_is_a_format_error_not_a_crash()
    {
        // 600,001 levels in 2.4 MB: ONNX Runtime refuses the file, and the look for a Git LFS pointer among its weight
        // files walked it after that, one frame per level, and ended the test host with a stack overflow (review 49a).
        using var folder = new TempFolder("tc-onnx-deep");
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        File.WriteAllLines(folder.Combine("vocab.txt"), TinyBert.Vocabulary);
        File.WriteAllBytes(folder.Combine("model.onnx"), NestedSubgraphs(200_000));

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.StartsWith(folder.Combine("model.onnx"), error.Message, StringComparison.Ordinal);
    }

    // A ModelProto whose graph holds a node whose attribute holds a graph, and so on, `subgraphs` times: 1 + 3 × subgraphs
    // nested messages, written outside in (each length is known from the levels inside it).
    private static byte[] NestedSubgraphs(int subgraphs)
    {
        int levels = 1 + (3 * subgraphs);
        long[] contentLength = new long[levels];
        for (int k = levels - 2; k >= 0; k--)
        {
            long inner = contentLength[k + 1];
            contentLength[k] = 1 + VarintLength(inner) + inner;
        }

        using var stream = new MemoryStream();
        for (int k = 0; k < levels; k++)
        {
            // ModelProto.graph 7, then GraphProto.node 1, NodeProto.attribute 5, AttributeProto.g 6; all length-delimited.
            int field = k == 0 ? 7 : ((k - 1) % 3) switch { 0 => 1, 1 => 5, _ => 6 };
            stream.WriteByte((byte)((field << 3) | 2));
            for (long v = contentLength[k]; ; v >>= 7)
            {
                stream.WriteByte((byte)(v < 0x80 ? v : (v & 0x7F) | 0x80));
                if (v < 0x80)
                {
                    break;
                }
            }
        }

        return stream.ToArray();
    }

    private static int VarintLength(long value)
    {
        int bytes = 1;
        while ((value >>= 7) != 0)
        {
            bytes++;
        }

        return bytes;
    }

    [Fact]
    public void A_git_lfs_pointer_in_place_of_the_graph_is_named_as_such()
    {
        using var folder = new TempFolder("tc-onnx-lfs");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        File.WriteAllText(folder.Combine("model.onnx"), "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 438000000\n");
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("Git LFS pointer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_git_lfs_pointer_in_place_of_the_external_weights_is_named_as_such()
    {
        // ONNX Runtime said only that the weights were "out of bounds" of the file (audit 37, finding 5).
        using var folder = new TempFolder("tc-onnx-lfs-data");
        TableGraph.Write(folder.Path, 2, ["logits"], external: true);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        File.WriteAllText(folder.Combine("model.onnx_data"), "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 438000000\n");

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.Contains("Git LFS pointer", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(folder.Combine("model.onnx_data"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_sequence_axis_past_max_position_embeddings_is_refused_at_load()
    {
        // Every batch is padded to the fixed axis, so every text failed inside ONNX Runtime (audit 37, finding 3).
        using var folder = new TempFolder("tc-onnx-fixed-long");
        TableGraph.Write(folder.Path, 2, ["logits"], sequence: 128);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels + ", \"max_position_embeddings\": 64");

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.StartsWith(folder.Combine("model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains("fixed at 128 tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_position_embeddings in " + folder.Combine("config.json") + " is 64", error.Message, StringComparison.Ordinal);

        // Relative positions (DeBERTa-v2/v3's position_biased_input false, BERT's relative_key) have no table to run
        // past: such an export loads and classifies as before (a review).
        foreach (string relative in (string[])["\"position_biased_input\": false", "\"position_embedding_type\": \"relative_key_query\""])
        {
            TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels + ", \"max_position_embeddings\": 64, " + relative);
            using OnnxTextClassifier loaded = OnnxTextClassifier.Create(folder.Path);
            Assert.Equal(2, loaded.Classify("good movie").Scores.Count);
        }
    }

    [Fact]
    public void A_text_past_the_position_table_of_a_config_without_max_position_embeddings_says_to_set_max_length()
    {
        // TinyBert has 64 positions; without max_position_embeddings the length is 512, and ONNX Runtime's own error
        // (a broadcast error where it folds the position Gather into a slice) named neither the file nor the cause.
        using var export = new TinyBertExport(["neg", "pos"]);
        File.WriteAllText(Path.Combine(export.Folder, "config.json"), """{ "model_type": "bert", "id2label": { "0": "neg", "1": "pos" } }""");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        string text = string.Join(' ', Enumerable.Repeat("good movie", 40));

        var error = Assert.Throws<BundleFormatException>(() => classifier.Classify(text));

        Assert.StartsWith(Path.Combine(export.Folder, "model.onnx"), error.Message, StringComparison.Ordinal);
        Assert.Contains("82 tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnnxTextClassifierOptions.MaxLength", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_position_embeddings", error.Message, StringComparison.Ordinal);
        using OnnxTextClassifier capped = OnnxTextClassifier.Create(export.Folder, new OnnxTextClassifierOptions { MaxLength = TinyBert.MaxPositions });
        Assert.Equal(2, capped.Classify(text).Scores.Count);
    }

    [Fact]
    public void A_config_with_only_num_labels_has_transformers_labels_for_that_many()
    {
        // transformers' num_labels setter makes LABEL_0..LABEL_2 of num_labels 3 (audit 38: it was refused, and before
        // audit 37 with a message calling it the default two).
        using var folder = new TempFolder("tc-onnx-num-labels");
        TableGraph.Write(folder.Path, 3, ["logits"]);
        TableGraph.WriteConfig(folder.Path, "\"num_labels\": 3");

        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(folder.Path);

        Assert.Equal(["LABEL_0", "LABEL_1", "LABEL_2"], classifier.Labels);
        Prediction prediction = classifier.Classify("good movie");
        Assert.Equal(3, prediction.Scores.Count);
        Assert.Equal("LABEL_2", prediction.Label); // the table's last column is the largest

        // A graph of another width is refused naming both counts; num_labels 1 is transformers' regression head.
        TableGraph.Write(folder.Path, 5, ["logits"]);
        var wider = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("[batch, 5]", wider.Message, StringComparison.Ordinal);
        Assert.Contains("num_labels 3 as 3 labels, LABEL_0 to LABEL_2", wider.Message, StringComparison.Ordinal);
        TableGraph.WriteConfig(folder.Path, "\"num_labels\": 1");
        var one = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("'num_labels' is 1", one.Message, StringComparison.Ordinal);

        // A label string is made for each before the graph is read: two billion threw OutOfMemoryException (a review).
        TableGraph.WriteConfig(folder.Path, "\"num_labels\": 2000000000");
        var huge = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("'num_labels' is 2000000000 and no labels are named; more than 100000 unnamed labels", huge.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"id2label\": {\"0\": 0, \"1\": 1}", "'id2label.0' has the wrong type")]
    [InlineData(TableGraph.TwoLabels + ", \"max_position_embeddings\": \"64\"", "'max_position_embeddings' has the wrong type")]
    public void A_value_of_the_wrong_type_is_not_called_invalid_json(string body, string expected)
    {
        using var folder = new TempFolder("tc-onnx-config-type");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, body);

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.StartsWith(folder.Combine("config.json") + ": " + expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "'id2label.0' holds an escaped lone surrogate (such as \\ud800 without its pair), which is not text")]
    [InlineData(true, "'id2label.0' holds bytes that are not UTF-8")]
    public void A_label_that_is_not_text_is_not_called_a_value_of_the_wrong_type(bool badByte, string expected)
    {
        // "'id2label.0' has the wrong type (id2label's labels must be strings …)": it is a string; its text is wrong.
        using var folder = new TempFolder("tc-onnx-config-text");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, badByte ? "\"id2label\": {\"0\": \"aQ\", \"1\": \"b\"}" : "\"id2label\": {\"0\": \"a\\ud800\", \"1\": \"b\"}");
        string config = folder.Combine("config.json");
        byte[] bytes = File.ReadAllBytes(config);
        if (badByte)
        {
            bytes[Array.IndexOf(bytes, (byte)'Q')] = 0xFF;
            File.WriteAllBytes(config, bytes);
        }

        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));

        Assert.StartsWith(config + ": " + expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_caller_max_length_overrides_the_truncation_saved_in_tokenizer_json()
    {
        using var folder = new TempFolder("tc-onnx-trunc");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, "\"id2label\": {\"0\": \"a\", \"1\": \"b\"}, \"max_position_embeddings\": 64");
        string vocab = string.Join(", ", TinyBert.Vocabulary.Select((t, i) => $"\"{t}\": {i}"));
        File.WriteAllText(folder.Combine("tokenizer.json"), $$"""
            { "truncation": { "max_length": 16, "strategy": "LongestFirst", "direction": "Right" },
              "normalizer": { "type": "BertNormalizer", "lowercase": true },
              "pre_tokenizer": { "type": "BertPreTokenizer" },
              "post_processor": { "type": "BertProcessing", "cls": ["[CLS]", 2], "sep": ["[SEP]", 3] },
              "model": { "type": "WordPiece", "unk_token": "[UNK]", "vocab": { {{vocab}} } } }
            """);
        using (OnnxTextClassifier saved = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.Equal(16, saved.Tokenizer.Options.MaxLength);
        }

        using OnnxTextClassifier asked = OnnxTextClassifier.Create(folder.Path, new OnnxTextClassifierOptions { MaxLength = 32 });
        Assert.Equal(32, asked.Tokenizer.Options.MaxLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxTextClassifier.Create(folder.Path, new OnnxTextClassifierOptions { MaxLength = 65 }));
    }

    [Fact]
    public void Without_tokenizer_json_the_tokenizer_config_decides_letter_case()
    {
        using var folder = new TempFolder("tc-onnx-cased");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        using (OnnxTextClassifier uncased = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.True(uncased.Tokenizer.Options.Lowercase);
        }

        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "do_lower_case": false, "unk_token": { "content": "[UNK]" }, "model_max_length": 512 }""");
        using (OnnxTextClassifier cased = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.False(cased.Tokenizer.Options.Lowercase);
            int unknown = Array.IndexOf(TinyBert.Vocabulary, "[UNK]");
            Assert.Equal(unknown, cased.Tokenizer.Encode("Good").Ids[1]); // the vocabulary is lower-case: "Good" is unknown
            Assert.NotEqual(unknown, cased.Tokenizer.Encode("good").Ids[1]);
        }

        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "do_lower_case": "no" }""");
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains("do_lower_case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tokenizer_config_decides_letter_case_over_tokenizer_json_as_transformers_does()
    {
        // BertTokenizerFast rebuilds tokenizer.json's normalizer where tokenizer_config.json's do_lower_case (or
        // strip_accents, tokenize_chinese_chars) differ; the file was read for vocab.txt exports only.
        using var folder = new TempFolder("tc-onnx-cased-json");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        string vocab = string.Join(", ", TinyBert.Vocabulary.Select((t, i) => $"\"{t}\": {i}"));
        File.WriteAllText(folder.Combine("tokenizer.json"), $$"""
            { "normalizer": { "type": "BertNormalizer", "lowercase": true, "strip_accents": null, "handle_chinese_chars": true },
              "pre_tokenizer": { "type": "BertPreTokenizer" },
              "post_processor": { "type": "BertProcessing", "cls": ["[CLS]", 2], "sep": ["[SEP]", 3] },
              "model": { "type": "WordPiece", "unk_token": "[UNK]", "vocab": { {{vocab}} } } }
            """);
        int unknown = Array.IndexOf(TinyBert.Vocabulary, "[UNK]");
        int good = Array.IndexOf(TinyBert.Vocabulary, "good");

        // The same setting, or none: tokenizer.json's as it is (the very options, so encoder fingerprints stay).
        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "do_lower_case": true, "strip_accents": null }""");
        using (OnnxTextClassifier same = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.True(same.Tokenizer.Options.Lowercase);
            Assert.Equal(good, same.Tokenizer.Encode("Good").Ids[1]);
        }

        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "do_lower_case": false }""");
        using (OnnxTextClassifier cased = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.False(cased.Tokenizer.Options.Lowercase);
            Assert.Equal(unknown, cased.Tokenizer.Encode("Good").Ids[1]);
            Assert.Equal(good, cased.Tokenizer.Encode("good").Ids[1]);
        }

        // Settings that normalize alike (strip_accents unset follows letter case) leave tokenizer.json's options as
        // they are: encoder fingerprints read them.
        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "do_lower_case": true, "strip_accents": true }""");
        using (OnnxTextClassifier alike = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.Null(alike.Tokenizer.Options.StripAccents);
        }

        // PreTrainedTokenizerFast keeps tokenizer.json's normalizer in transformers.
        File.WriteAllText(folder.Combine("tokenizer_config.json"), """{ "tokenizer_class": "PreTrainedTokenizerFast", "do_lower_case": false }""");
        using (OnnxTextClassifier generic = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.True(generic.Tokenizer.Options.Lowercase);
        }
    }

    [Fact]
    public void A_tokenizer_with_more_ids_than_the_models_vocab_size_is_refused_at_load()
    {
        // The embedding table has no row for the higher ids: the first text with such a token failed inside ONNX
        // Runtime ("Gather … idx out of bounds"), naming neither the folder nor the text.
        using var folder = new TempFolder("tc-onnx-vocab-size");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels + $", \"vocab_size\": {TinyBert.Vocabulary.Length}");
        using (OnnxTextClassifier fits = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.Equal(2, fits.Classify("good movie").Scores.Count);
        }

        // A blank last line of vocab.txt is an id WordPiece never gives.
        File.AppendAllText(folder.Combine("vocab.txt"), "\n");
        using (OnnxTextClassifier blankLine = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.Equal(2, blankLine.Classify("good movie").Scores.Count);
        }

        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels + ", \"vocab_size\": 10");
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
        Assert.Contains($"the tokenizer has {TinyBert.Vocabulary.Length} ids, but vocab_size", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);

        // Without vocab_size nothing tells at load; a text with an id past the table is named as that, at the model file.
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        File.AppendAllText(folder.Combine("vocab.txt"), "zebra\n");
        using (OnnxTextClassifier unchecked_ = OnnxTextClassifier.Create(folder.Path))
        {
            Assert.Equal(2, unchecked_.Classify("good movie").Scores.Count);
            error = Assert.Throws<BundleFormatException>(() => unchecked_.Classify("a zebra"));
            Assert.Equal(folder.Combine("model.onnx"), error.FilePath);
            Assert.Contains("a token id past the embedding table", error.Message, StringComparison.Ordinal);
        }

        // An encoder folder's config.json is read for it too.
        using var encoder = new TempFolder("tc-onnx-vocab-size-enc");
        TableGraph.Write(encoder.Path, 4, ["last_hidden_state"]);
        TableGraph.WriteConfig(encoder.Path, "\"vocab_size\": 10");
        error = Assert.Throws<BundleFormatException>(() => OnnxSentenceEncoder.Create(encoder.Path));
        Assert.Contains("but vocab_size", error.Message, StringComparison.Ordinal);
    }

    private static int CountOccurrences(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
