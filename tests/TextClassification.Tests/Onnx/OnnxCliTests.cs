using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Onnx;

/// <summary><c>textclf train --encoder</c>, the encoder + head bundle it writes, and <c>predict</c>/<c>eval</c> on
/// such bundles and on Hugging Face export folders.</summary>
public sealed class OnnxCliTests
{
    private static readonly (string Label, string Text)[] Rows =
    [
        ("pos", "good movie"), ("pos", "great film"), ("pos", "a very good plot"), ("pos", "the movie is great"),
        ("pos", "good and great"), ("neg", "bad movie"), ("neg", "awful film"), ("neg", "a very bad plot"),
        ("neg", "the movie is awful"), ("neg", "bad and awful"),
    ];

    [Theory]
    [InlineData("predict")]
    [InlineData("eval")]
    [InlineData("inspect")]
    public void The_model_folder_argument_names_an_export_folder_too(string command)
    {
        // predict, eval and inspect take a Hugging Face export folder as their model, but --help described the argument
        // as a bundle folder holding textclassifier.json, which an export has not.
        CliResult result = CliResult.Run(null, command, "--help");
        string help = System.Text.RegularExpressions.Regex.Replace(result.Out, @"\s+", " ");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("<bundle-dir> Model folder: a bundle (holding textclassifier.json) or a Hugging Face export (model.onnx and config.json, with tokenizer.json or vocab.txt).", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_refuses_scores_that_are_not_finite_and_writes_no_half_array()
    {
        // A graph whose logits are NaN for texts with "bad": --json failed in the JSON writer ("… cannot be written as
        // valid JSON … JsonNumberHandling") after writing '[' and the first text; plain output printed "a\tNaN".
        using var folder = new TempFolder("tc-onnx-nan");
        float[] table = TableGraph.Table(2);
        table[Array.IndexOf(TinyBert.Vocabulary, "bad") * 2] = float.NaN;
        TableGraph.Write(folder.Path, 2, ["logits"], table);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);

        CliResult good = CliResult.Run(null, "predict", folder.Path, "--json", "good movie", "great film");
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(2, JsonDocument.Parse(good.Out).RootElement.GetArrayLength());

        CliResult json = CliResult.Run(null, "predict", folder.Path, "--json", "good movie", "bad movie");
        Assert.Equal(1, json.ExitCode);
        Assert.Equal(string.Empty, json.Out);
        Assert.Contains("the model gave text 2 the score NaN", json.Error, StringComparison.Ordinal);

        CliResult piped = CliResult.Run("good movie\nbad movie\n", "predict", folder.Path);
        Assert.Equal(1, piped.ExitCode);
        Assert.StartsWith("b\t", piped.Out, StringComparison.Ordinal); // the first line is answered
        Assert.Contains("line 2 of the input", piped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_answers_the_texts_before_one_the_model_fails_on_and_names_it_from_stdin_a_file_or_arguments()
    {
        // Lines a pipe has already given are classified together: a text the model fails on (a token id past the
        // embedding table, which only that text has) failed the whole batch, so the up to 255 lines read with it went
        // unanswered, where each line had been answered before the failing one was read (review 50f). --input's chunks
        // of up to 1,024 records did the same, and the error named no record; an argument's error named no text (53a).
        using var folder = new TempFolder("tc-onnx-batch-failure");
        TableGraph.Write(folder.Path, 2, ["logits"]);
        TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
        File.AppendAllText(folder.Combine("vocab.txt"), "zebra\n");
        string input = string.Concat(Enumerable.Repeat("good movie\nbad movie\n", 20)) + "a zebra\ngood movie\n";
        string file = folder.Combine("texts.tsv");
        File.WriteAllText(file, "text\n" + input);

        CliResult piped = CliResult.Run(input, "predict", folder.Path);
        CliResult fromFile = CliResult.Run(null, "predict", folder.Path, "--input", file);
        CliResult arguments = CliResult.Run(null, "predict", folder.Path, "--json", "good movie", "a zebra");

        Assert.All(new[] { piped, fromFile, arguments }, result =>
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("a token id past the embedding table", result.Error, StringComparison.Ordinal);
        });
        Assert.Equal(40, piped.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("error: line 41 of the input: ", piped.Error, StringComparison.Ordinal);
        Assert.Equal(40, fromFile.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith($"error: the text at line 42 of {file}: ", fromFile.Error, StringComparison.Ordinal);
        // Texts given as arguments are all classified before any is written (no half array).
        Assert.Empty(arguments.Out);
        Assert.StartsWith("error: text 2: ", arguments.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_the_model_fails_on_is_named_on_an_error_line_whose_control_characters_are_escaped()
    {
        // Every other 'error: …' line escapes control characters (CommandActions.Describe), but the line naming a text the
        // model failed on printed the message as it was: it quotes the model file's path (for an encoder + head bundle,
        // the one its manifest names) and ONNX Runtime's words, which name the graph's node.
        using var parent = new TempFolder("tc-onnx-escaped-failure");
        string folder = parent.Combine("export\u001b[2J\u0007");
        Directory.CreateDirectory(folder);
        TableGraph.Write(folder, 2, ["logits"]);
        TableGraph.WriteConfig(folder, TableGraph.TwoLabels);
        File.AppendAllText(Path.Combine(folder, "vocab.txt"), "zebra\n");

        CliResult piped = CliResult.Run("good movie\na zebra\n", "predict", folder);
        CliResult arguments = CliResult.Run(null, "predict", folder, "a zebra");

        Assert.All(new[] { piped, arguments }, result =>
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("a token id past the embedding table", result.Error, StringComparison.Ordinal);
            Assert.Contains("export\\u001B[2J\\u0007", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Error, c => c is not ('\n' or '\r') && char.IsControl(c));
        });

        // A score that is not a number names the model's label, which --json lets hold a control character.
        using var overflowing = new TempFolder("tc-onnx-escaped-nan");
        TableGraph.Write(overflowing.Path, 2, ["logits"], [.. Enumerable.Repeat(float.PositiveInfinity, TableGraph.VocabularySize * 2)]);
        TableGraph.WriteConfig(overflowing.Path, "\"id2label\": {\"0\": \"a\\u001b[2J\", \"1\": \"b\"}");
        CliResult nan = CliResult.Run(null, "predict", overflowing.Path, "--json", "good movie");
        Assert.True(nan.ExitCode == 1, nan.ToString());
        Assert.Contains("which is not a finite number", nan.Error, StringComparison.Ordinal);
        Assert.Contains("'a\\u001B[2J'", nan.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(nan.Error, c => c is not ('\n' or '\r') && char.IsControl(c));
    }

    [Fact]
    public void Metrics_json_inside_an_encoder_the_command_or_the_model_reads_is_refused_and_changes_nothing()
    {
        // Each exited 0 with the encoder's vocab.txt, an input bundle's manifest or the referenced model.onnx replaced by
        // the metrics: the bundle saved or evaluated then never loaded.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-metrics");
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\n" + string.Concat(Enumerable.Repeat(Rows, 2).SelectMany(r => r).Select(r => $"{r.Label}\t{r.Text}\n")));
        string bundle = folder.Combine("bundle");
        Assert.Equal(0, CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", bundle, "--epochs", "1", "--embedding-cache", "none").ExitCode);
        string vocabulary = Path.Combine(export.Folder, "vocab.txt");
        string graph = Path.Combine(export.Folder, "model.onnx");
        string manifest = Path.Combine(bundle, "textclassifier.json");
        byte[][] before = [File.ReadAllBytes(vocabulary), File.ReadAllBytes(graph), File.ReadAllBytes(manifest)];

        CliResult overVocabulary = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("b2"), "--metrics-json", vocabulary);
        CliResult overInputBundle = CliResult.Run(null, "train", train, "--encoder", bundle, "--out", folder.Combine("b3"), "--metrics-json", manifest);
        CliResult overGraph = CliResult.Run(null, "train", train, "--encoder", graph, "--out", folder.Combine("b4"), "--metrics-json", Path.Combine(export.Folder, "config.json"));
        CliResult evalOverGraph = CliResult.Run(null, "eval", bundle, train, "--metrics-json", graph);

        Assert.Equal(1, overVocabulary.ExitCode);
        Assert.Contains($"lies inside the --encoder folder {Path.GetFullPath(export.Folder)}", overVocabulary.Error, StringComparison.Ordinal);
        Assert.Equal(1, overInputBundle.ExitCode);
        Assert.Contains("lies inside the --encoder folder", overInputBundle.Error, StringComparison.Ordinal);
        Assert.Equal(1, overGraph.ExitCode);
        Assert.Equal(1, evalOverGraph.ExitCode);
        Assert.Contains($"lies inside the encoder folder the model loads {Path.GetFullPath(export.Folder)}", evalOverGraph.Error, StringComparison.Ordinal);
        Assert.Equal(before, [File.ReadAllBytes(vocabulary), File.ReadAllBytes(graph), File.ReadAllBytes(manifest)]);
        Assert.False(Directory.Exists(folder.Combine("b2")));

        // The embedding cache inside the bundle folder: refused before training (the save had refused the folder after it).
        CliResult cacheInside = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("b5"), "--embedding-cache", folder.Combine("b5"));
        Assert.Equal(1, cacheInside.ExitCode);
        Assert.Contains("--embedding-cache", cacheInside.Error, StringComparison.Ordinal);
        Assert.Contains("lies inside the bundle folder", cacheInside.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Trained a head", cacheInside.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_encoder_warns_when_no_text_could_be_held_out()
    {
        // One distinct text per label: nothing is held out, so the head trains every epoch with no early stopping and no
        // epoch chosen on held-out texts. The n-gram trainer warns of it (TC2002); the encoder head's summary only left
        // out its validation accuracy.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-no-validation");
        string few = folder.Combine("few.tsv");
        File.WriteAllText(few, "label\ttext\npos\tgood movie\nneg\tbad movie\npos\tgood movie\n");
        string enough = folder.Combine("enough.tsv");
        File.WriteAllText(enough, "label\ttext\n" + string.Concat(Enumerable.Repeat(Rows, 3).SelectMany(r => r).Select(r => $"{r.Label}\t{r.Text}\n")));

        CliResult trained = CliResult.Run(null, "train", few, "--encoder", export.Folder, "--out", folder.Combine("b1"), "--epochs", "3", "--embedding-cache", "none");
        CliResult held = CliResult.Run(null, "train", enough, "--encoder", export.Folder, "--out", folder.Combine("b2"), "--epochs", "3", "--embedding-cache", "none");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("for 3 epochs (best 3)", trained.Out, StringComparison.Ordinal);
        Assert.Contains("warning: no text could be held out for validation", trained.Error, StringComparison.Ordinal);
        Assert.Contains("all 3 epochs", trained.Error, StringComparison.Ordinal);
        Assert.True(held.ExitCode == 0, held.ToString());
        Assert.Contains("validation accuracy", held.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("held out", held.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_encoder_writes_a_bundle_that_predict_and_eval_load()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli");
        string tsv = "label\ttext\n" + string.Concat(Enumerable.Repeat(Rows, 3).SelectMany(r => r).Select(r => $"{r.Label}\t{r.Text}\n"));
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, tsv);
        string bundle = folder.Combine("bundle");
        string metrics = folder.Combine("metrics.json");

        string report = folder.Combine("report");
        CliResult trained = CliResult.Run(null, "train", train, "--test", train, "--encoder", export.Folder, "--out", bundle,
            "--metrics-json", metrics, "--report", report, "--epochs", "5", "--embedding-cache", folder.Combine("cache"));

        Assert.True(trained.ExitCode == 0, trained.ToString());
        // --report works with --encoder as with eval (it was refused as an n-gram-only option).
        Assert.Equal(File.ReadAllText(metrics), File.ReadAllText(Path.Combine(report, "metrics.json")));
        Assert.True(new FileInfo(Path.Combine(report, "roc.png")).Length > 0);
        Assert.Contains("data:image/png;base64,", File.ReadAllText(Path.Combine(report, "report.html")), StringComparison.Ordinal);
        Assert.Contains("10 texts embedded, 0 from the cache", trained.Out, StringComparison.Ordinal);
        CliResult retrained = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("bundle2"),
            "--epochs", "1", "--embedding-cache", folder.Combine("cache"));
        Assert.Contains("0 texts embedded, 10 from the cache", retrained.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", retrained.Error, StringComparison.Ordinal);
        // Where the cache is and how big (it is never pruned; it had gone unnamed): the one file in the cache folder.
        string cacheFile = Assert.Single(Directory.GetFiles(folder.Combine("cache")));
        long cacheBytes = new FileInfo(cacheFile).Length;
        Assert.InRange(cacheBytes, 10 * 32, 1023); // ten records of a 32-byte key and a few floats
        Assert.Contains($"Embeddings cached in {cacheFile} ({cacheBytes} B; delete it", retrained.Out, StringComparison.Ordinal);
        // A cache folder that is a file: training goes on, and says why nothing was cached (it was silent).
        CliResult uncached = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("bundle3"),
            "--epochs", "1", "--embedding-cache", train);
        Assert.True(uncached.ExitCode == 0, uncached.ToString());
        Assert.Contains($"warning: the embedding cache '{train}", uncached.Error, StringComparison.Ordinal);
        Assert.Contains("--embedding-cache none", uncached.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Embeddings cached in", uncached.Out, StringComparison.Ordinal);
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal("onnx", manifest.Encoder.Type);
        Assert.Equal(Path.GetFullPath(export.Folder), Path.GetFullPath(Path.Combine(bundle, manifest.Encoder.Path!)));
        Assert.Equal("mlp", manifest.Head.Type);
        Assert.Equal(["neg", "pos"], manifest.Labels);
        Assert.Equal("5", manifest.Training!.Settings!["maxEpochs"]);
        Assert.Equal(nameof(ClassWeighting.Balanced), manifest.Training.Settings["classWeighting"]); // the head's default without --class-weights
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(metrics)))
        {
            Assert.InRange(json.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
        }

        // The saved bundle gives the same probabilities as the classifier that was trained (weights round-trip).
        using var loaded = (EncoderHeadClassifier)TextClassifierLoader.Load(bundle);
        CliResult predicted = CliResult.Run(null, "predict", bundle, "--json", "good movie");
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        using JsonDocument prediction = JsonDocument.Parse(predicted.Out);
        Prediction expected = loaded.Classify("good movie");
        Assert.Equal(expected.Label, prediction.RootElement.GetProperty("label").GetString());
        Assert.Equal(expected.ScoreOf("pos"), prediction.RootElement.GetProperty("scores").GetProperty("pos").GetDouble(), 1e-5);

        CliResult evaluated = CliResult.Run(null, "eval", bundle, train);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        string inspected = CliResult.Run(null, "inspect", bundle).Out;
        Assert.Contains($"folder {manifest.Encoder.Path}", inspected, StringComparison.Ordinal);
        Assert.Contains("wordPiece: max ", inspected, StringComparison.Ordinal);
        Assert.DoesNotContain("buckets", inspected, StringComparison.Ordinal);

        // Another encoder in the referenced folder (here: a changed vocabulary) would feed the head vectors it was not
        // trained on: loading refuses it instead of answering wrong.
        Assert.Equal(loaded.Encoder.Fingerprint, manifest.Encoder.Fingerprint);
        File.AppendAllText(Path.Combine(export.Folder, "vocab.txt"), "zebra\n");
        CliResult changed = CliResult.Run(null, "predict", bundle, "good movie");
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("is not the one the head was trained on", changed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_encoder_writes_no_line_per_batch_of_texts_embedded_to_a_log()
    {
        // Without a terminal (a CI log, a pipe) every batch of 256 texts wrote "embedding k/n texts": 781 lines for 200,000
        // texts, 4 a second with the tests' tiny encoder, where the n-gram trainer's lines inside an epoch wait 10 s
        // after the last line. Now the same: only the last ("embedding n/n texts") unless a batch ends 10 s after it.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli-progress");
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{(i % 2 == 0 ? "pos" : "neg")}\t{(i % 2 == 0 ? "good" : "bad")} movie {i}\n")));

        CliResult trained = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("bundle"), "--epochs", "2", "--embedding-cache", "none");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.DoesNotContain("embedding 256/1000 texts", trained.Error, StringComparison.Ordinal);
        Assert.Single(trained.Error.Split('\n'), line => line.StartsWith("embedding ", StringComparison.Ordinal));
        Assert.Contains("embedding 1000/1000 texts", trained.Error, StringComparison.Ordinal);
        Assert.Contains("training epoch 2/2", trained.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_with_an_encoder_head_bundle_as_encoder_keeps_its_pooling_length_and_normalisation()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli");
        var settings = new OnnxSentenceEncoderOptions { Pooling = TextClassification.Pooling.SentencePoolingMode.Cls, MaxLength = 12, Normalize = false };
        LabeledText[] examples = [.. Rows.Select((r, i) => new LabeledText(r.Text, r.Label, i + 1))];
        string first = folder.Combine("first");
        using (EncoderHeadClassifier trained = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(export.Folder, settings), examples,
            new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = 2 }).Classifier)
        {
            ModelBundle.SaveEncoderHead(trained, export.Folder, first);
        }

        string train = WriteRows(folder);
        string second = folder.Combine("second");
        CliResult result = CliResult.Run(null, "train", train, "--encoder", first, "--out", second, "--epochs", "2",
            "--embedding-cache", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        ModelManifest before = ModelBundle.ReadManifest(first);
        ModelManifest after = ModelBundle.ReadManifest(second);
        Assert.Equal("cls", after.Pooling.Type);
        Assert.False(after.Pooling.Normalize);
        Assert.Equal(12, after.Tokenizer.MaxTokens);
        Assert.Equal(before.Encoder.Fingerprint, after.Encoder.Fingerprint);
    }

    [Fact]
    public void Train_with_a_deployed_bundle_as_encoder_uses_its_carried_copy_where_the_referenced_encoder_changed()
    {
        // The referenced folder was taken whenever it existed: changed since (a vocabulary edited, a re-export), the new
        // head trained on other vectors than the old one read, though the bundle carried the encoder it was trained on
        // and loads with it (review 50e).
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli");
        string referenced = folder.Combine("encoder-v1");
        TempFolder.CopyFiles(export.Folder, referenced);
        LabeledText[] examples = [.. Rows.Select((r, i) => new LabeledText(r.Text, r.Label, i + 1))];
        string first = folder.Combine("first");
        using (EncoderHeadClassifier trained = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(referenced), examples,
            new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = 1 }).Classifier)
        {
            ModelBundle.SaveEncoderHead(trained, referenced, first);
        }

        string carried = Path.Combine(first, ModelBundle.CarriedEncoderFolderName);
        TempFolder.CopyFiles(referenced, carried);
        File.AppendAllText(Path.Combine(referenced, "vocab.txt"), "zebra\n");

        string second = folder.Combine("second");
        CliResult result = CliResult.Run(null, "train", WriteRows(folder), "--encoder", first, "--out", second, "--epochs", "1",
            "--embedding-cache", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ModelBundle.ReadManifest(first).Encoder.Fingerprint, ModelBundle.ReadManifest(second).Encoder.Fingerprint);
        Assert.Equal(carried, ModelBundle.EncoderFolder(second));
        Assert.Contains($"it references the encoder at {carried}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_accepts_a_hugging_face_export_folder()
    {
        using var export = new TinyBertExport(["neg", "pos", "neutral"]);
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);

        CliResult result = CliResult.Run(null, "predict", export.Folder, "--json", "the cat sat on the mat.");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Out);
        Prediction expected = classifier.Classify("the cat sat on the mat.");
        Assert.Equal(expected.Label, json.RootElement.GetProperty("label").GetString());
        Assert.Equal(expected.ScoreOf("neutral"), json.RootElement.GetProperty("scores").GetProperty("neutral").GetDouble(), 1e-5);
    }

    [Fact]
    public void Inspect_of_an_export_whose_label_holds_a_line_break_or_an_escape_prints_each_label_on_its_line()
    {
        // id2label {"0": "a\tb", "1": "c\nd", "2": "\u001b[2Je"}: inspect printed "c" and "d" on two lines and sent the
        // escape sequence (clear the screen) to the terminal.
        using var export = new TinyBertExport(["a\\tb", "c\\nd", "\\u001b[2Je", "\\u009b2Jf\\u2028g"]);

        CliResult inspect = CliResult.Run(null, "inspect", export.Folder);

        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        string[] lines = inspect.Out.Split('\n');
        Assert.Contains(lines, line => line.EndsWith("   0  a\\tb", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("   1  c\\nd", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("   2  \\u001B[2Je", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("   3  \\u009B2Jf\\u2028g", StringComparison.Ordinal)); // C1 CSI, line separator
        Assert.DoesNotContain('\u001b', inspect.Out);
        Assert.DoesNotContain('\u009b', inspect.Out);
    }

    [Fact]
    public void Eval_of_an_export_whose_label_holds_a_line_break_or_an_escape_prints_each_label_on_its_row()
    {
        // As inspect's list: eval's per-label and confusion tables printed "c\nd" as two rows, "c" and "d", read as two
        // labels with one row of numbers, and sent the escape sequence (clear the screen) to the terminal (review 50f).
        using var export = new TinyBertExport(["c\\nd", "\\u001b[2Je"]);
        using var folder = new TempFolder("tc-onnx-cli");
        string test = folder.Combine("test.tsv");
        File.WriteAllText(test, "label\ttext\nok\tgood movie\nok\tbad movie\n");

        CliResult eval = CliResult.Run(null, "eval", export.Folder, test);

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.DoesNotContain('\u001b', eval.Out);
        string[] lines = eval.Out.Split('\n');
        Assert.Contains(lines, line => line.Contains(" c\\nd ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(" \\u001B[2Je ", StringComparison.Ordinal));
    }

    [Fact]
    public void Predict_of_an_export_whose_label_holds_a_line_break_or_tab_refuses_the_plain_lines_and_answers_in_json()
    {
        // id2label {"0": "a\tb", "1": "c\nd"} loads (train refuses such labels; an export or an edited manifest has them):
        // the plain output printed "c\nd\t0.97" as two lines for one text, so every later answer stood against the wrong
        // input line, and "a\tb\t0.6" as three fields.
        using var export = new TinyBertExport(["a\\tb", "c\\nd"]);

        foreach (string[] options in new[] { Array.Empty<string>(), ["--top-k", "2"] })
        {
            CliResult plain = CliResult.Run(null, ["predict", export.Folder, .. options, "the cat", "good movie"]);
            Assert.True(plain.ExitCode == 1, plain.ToString());
            Assert.Equal(string.Empty, plain.Out);
            Assert.Contains("the model's label \"a\\tb\" holds a line break, tab or other control character", plain.Error, StringComparison.Ordinal);
            Assert.Contains("--json", plain.Error, StringComparison.Ordinal);

            CliResult piped = CliResult.Run("the cat\n", ["predict", export.Folder, .. options]);
            Assert.True(piped.ExitCode == 1, piped.ToString());
            Assert.Equal(string.Empty, piped.Out);
        }

        CliResult json = CliResult.Run("the cat\ngood movie\n", "predict", export.Folder, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        string[] lines = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal(["a\tb", "c\nd"], first.RootElement.GetProperty("scores").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_multi_label_export_predicts_label_sets_and_evaluates_with_multi_label_metrics()
    {
        using var export = new TinyBertExport(["a", "b", "c"], problemType: "multi_label_classification");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        using var folder = new TempFolder("tc-onnx-cli");
        string[] texts = ["the cat sat on the mat.", "good movie", "a very bad , awful film", "dogs"];
        string test = folder.Combine("test.tsv");
        File.WriteAllText(test, "label\ttext\n" + string.Concat(texts.Select(t => $"{string.Join('|', classifier.Classify(t).PredictedLabels)}|a\t{t}\n")));

        CliResult predicted = CliResult.Run(null, "predict", export.Folder, "--json", texts[0]);

        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        using (JsonDocument json = JsonDocument.Parse(predicted.Out))
        {
            Assert.Equal(classifier.Classify(texts[0]).PredictedLabels, json.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!));
        }

        string metrics = folder.Combine("metrics.json");
        CliResult evaluated = CliResult.Run(null, "eval", export.Folder, test, "--multi-label-delimiter", "|", "--metrics-json", metrics);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains("Hamming loss", evaluated.Out, StringComparison.Ordinal);
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(metrics)))
        {
            // The gold sets are the model's own sets plus "a": every predicted label is right.
            Assert.True(json.RootElement.TryGetProperty("microF1", out _));
            Assert.All(json.RootElement.GetProperty("perLabel").EnumerateObject(), label =>
            {
                if (label.Value.GetProperty("support").GetInt32() > 0 && label.Name != "a")
                {
                    Assert.Equal(1.0, label.Value.GetProperty("recall").GetDouble());
                }
            });
        }

        CliResult withoutDelimiter = CliResult.Run(null, "eval", export.Folder, test);
        Assert.Equal(2, withoutDelimiter.ExitCode);
        Assert.Contains("give --multi-label-delimiter", withoutDelimiter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_label_export_evaluates_a_file_of_label_columns_without_a_delimiter()
    {
        // One 0/1 column per label needs no delimiter, yet an export (which records none) was refused with "the model is
        // multi-label but records no label delimiter; give --multi-label-delimiter" (exit 2), as for label cells
        // (review 57e).
        using var export = new TinyBertExport(["a", "b", "c"], problemType: "multi_label_classification");
        using OnnxTextClassifier classifier = OnnxTextClassifier.Create(export.Folder);
        using var folder = new TempFolder("tc-onnx-cli");
        string[] texts = ["the cat sat on the mat.", "good movie", "a very bad , awful film", "dogs"];
        string test = folder.Combine("test.csv");
        File.WriteAllText(test, "text,a,b,c\n" + string.Concat(texts.Select(t =>
        {
            IReadOnlyList<string> predicted = classifier.Classify(t).PredictedLabels;
            return $"\"{t}\"," + string.Join(',', new[] { "a", "b", "c" }.Select(label => predicted.Contains(label) ? "1" : "0")) + "\n";
        })));
        string metrics = folder.Combine("metrics.json");

        CliResult evaluated = CliResult.Run(null, "eval", export.Folder, test, "--label-columns", "a,b,c", "--metrics-json", metrics);

        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(metrics));
        // The gold sets are the model's own: every text's set is right.
        Assert.Equal(1.0, json.RootElement.GetProperty("subsetAccuracy").GetDouble());
    }

    [Fact]
    public void A_label_column_holding_the_delimiter_is_named_with_the_option_that_changes_it()
    {
        // An export's label may hold '|', the delimiter --label-columns joins sets with: eval failed (exit 1) with the
        // reader's "Label column 'x|y' holds the delimiter '|' …", naming neither option (review 57e).
        using var export = new TinyBertExport(["a", "x|y", "c"], problemType: "multi_label_classification");
        using var folder = new TempFolder("tc-onnx-cli");
        string test = folder.Combine("test.csv");
        File.WriteAllText(test, "text,a,x|y,c\ngood movie,1,0,0\n");

        CliResult refused = CliResult.Run(null, "eval", export.Folder, test, "--label-columns", "a,x|y,c");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("--label-columns names 'x|y', which holds the label delimiter ('|')", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--multi-label-delimiter", refused.Error, StringComparison.Ordinal);

        string metrics = folder.Combine("metrics.json");
        CliResult evaluated = CliResult.Run(null, "eval", export.Folder, test, "--label-columns", "a,x|y,c", "--multi-label-delimiter", ";", "--metrics-json", metrics);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
    }

    [Fact]
    public void Encoder_accepts_an_encoder_head_bundle_and_reuses_its_encoder_but_refuses_an_ngram_bundle()
    {
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli");
        string train = WriteRows(folder);
        string first = folder.Combine("first");
        Assert.Equal(0, CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", first, "--epochs", "2", "--embedding-cache", "none").ExitCode);

        string second = folder.Combine("second");
        CliResult fromBundle = CliResult.Run(null, "train", train, "--encoder", first, "--out", second, "--epochs", "2", "--embedding-cache", "none");

        Assert.True(fromBundle.ExitCode == 0, fromBundle.ToString());
        ModelManifest manifest = ModelBundle.ReadManifest(second);
        Assert.Equal(Path.GetFullPath(export.Folder), Path.GetFullPath(Path.Combine(second, manifest.Encoder.Path!)));
        Assert.Equal(ModelBundle.ReadManifest(first).Encoder.Fingerprint, manifest.Encoder.Fingerprint);

        string ngram = folder.Combine("ngram");
        Assert.Equal(0, CliResult.Run(null, "train", train, "--out", ngram, "--epochs", "2").ExitCode);
        CliResult fromNGram = CliResult.Run(null, "train", train, "--encoder", ngram, "--out", folder.Combine("third"));
        Assert.Equal(1, fromNGram.ExitCode);
        Assert.Contains("--encoder needs an ONNX encoder", fromNGram.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_other_than_model_onnx_as_encoder_is_refused_not_replaced_by_model_onnx()
    {
        // --encoder dir/model_quantized.onnx trained on dir/model.onnx without a word (the bundle references the folder,
        // whose model.onnx is the graph loaded).
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli");
        string train = WriteRows(folder);
        string quantized = Path.Combine(export.Folder, "model_quantized.onnx");
        File.Copy(Path.Combine(export.Folder, "model.onnx"), quantized);

        CliResult other = CliResult.Run(null, "train", train, "--encoder", quantized, "--out", folder.Combine("b"), "--embedding-cache", "none");
        CliResult graph = CliResult.Run(null, "train", train, "--encoder", Path.Combine(export.Folder, "model.onnx"), "--out", folder.Combine("b2"),
            "--epochs", "1", "--embedding-cache", "none");

        Assert.Equal(1, other.ExitCode);
        Assert.Contains("--encoder names the graph model_quantized.onnx", other.Error, StringComparison.Ordinal);
        Assert.Contains("as model.onnx in a folder of its own", other.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("b")));
        Assert.True(graph.ExitCode == 0, graph.ToString());
    }

    [Fact]
    public void Embedding_cache_is_refused_without_encoder_and_inside_the_encoder_folder()
    {
        // Without --encoder it was accepted and ignored; inside the encoder folder the cache file became part of the
        // encoder, which the build copies into output folders and packages.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli");
        string train = WriteRows(folder);
        string[] before = Directory.GetFiles(export.Folder);

        CliResult ngram = CliResult.Run(null, "train", train, "--out", folder.Combine("b1"), "--embedding-cache", folder.Combine("cache"));
        CliResult inside = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("b2"),
            "--embedding-cache", Path.Combine(export.Folder, "cache"));
        CliResult encoderItself = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("b3"), "--embedding-cache", export.Folder);

        Assert.Equal(2, ngram.ExitCode);
        Assert.Contains("--embedding-cache is the cache of --encoder's sentence vectors", ngram.Error, StringComparison.Ordinal);
        Assert.Equal(1, inside.ExitCode);
        Assert.Contains($"lies inside the --encoder folder {Path.GetFullPath(export.Folder)}", inside.Error, StringComparison.Ordinal);
        Assert.Equal(1, encoderItself.ExitCode);
        Assert.Equal(before, Directory.GetFiles(export.Folder));
        Assert.False(Directory.Exists(folder.Combine("b2")));
    }

    // The rows once each as train.tsv in folder.
    private static string WriteRows(TempFolder folder)
    {
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\n" + string.Concat(Rows.Select(r => $"{r.Label}\t{r.Text}\n")));
        return train;
    }

    [Fact]
    public void A_missing_encoder_folder_fails_with_exit_code_1()
    {
        using var folder = new TempFolder("tc-onnx-cli");
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\npos\tgood\nneg\tbad\n");

        CliResult result = CliResult.Run(null, "train", train, "--encoder", folder.Combine("nope"), "--out", folder.Combine("b"));

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void A_file_that_is_not_an_onnx_graph_as_encoder_is_named_as_the_fault()
    {
        // It named the file's folder ("an ONNX encoder folder needs model.onnx"), not the argument given.
        using var folder = new TempFolder("tc-onnx-cli");
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\npos\tgood\nneg\tbad\n");

        CliResult result = CliResult.Run(null, "train", train, "--encoder", train, "--out", folder.Combine("b"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {train}: --encoder takes an encoder folder", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("b")));
    }

    [Fact]
    public void Train_with_encoder_says_the_bundle_reaches_the_encoder_by_a_relative_path()
    {
        // 'it references the encoder at /abs/encoder' read as if the bundle could be moved anywhere: the manifest holds
        // '../encoder', so a bundle moved alone (cp -r bundle /srv/models/) failed to load with the encoder still there.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-relative");
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\n" + string.Concat(Enumerable.Repeat(Rows, 2).SelectMany(r => r).Select(r => $"{r.Label}\t{r.Text}\n")));
        string bundle = folder.Combine("models", "bundle");

        CliResult trained = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", bundle, "--epochs", "1", "--embedding-cache", "none");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        string relative = TextClassification.Bundles.ModelBundle.ReadManifest(bundle).Encoder.Path!;
        Assert.False(Path.IsPathRooted(relative));
        Assert.Contains($"it references the encoder at {export.Folder} by the path '{relative}' relative to the bundle", trained.Out, StringComparison.Ordinal);
        Assert.Contains("encoder/", trained.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequence_classification_export_as_encoder_is_named_as_such()
    {
        // A graph that gives logits only said "the graph has none of the outputs sentence_embedding, last_hidden_state,
        // pooler_output, embeddings (outputs: logits)", not that the export classifies as it is nor how to get an encoder.
        using var export = new TinyBertExport(["pos", "neg"]);
        using var folder = new TempFolder("tc-onnx-cli");
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\npos\tgood\nneg\tbad\n");

        CliResult result = CliResult.Run(null, "train", train, "--encoder", export.Folder, "--out", folder.Combine("b"), "--embedding-cache", "none");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(outputs: logits)", result.Error, StringComparison.Ordinal);
        Assert.Contains("a sequence-classification export", result.Error, StringComparison.Ordinal);
        Assert.Contains("textclf predict <folder>", result.Error, StringComparison.Ordinal);
        Assert.Contains("--task feature-extraction", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("b")));
    }

    [Fact]
    public void An_encoder_whose_config_names_one_label_is_called_an_encoder_not_a_regression_model()
    {
        // A feature-extraction export keeps its checkpoint's config.json, one id2label entry included (a cross-encoder's,
        // or num_labels 1): inspect, predict and eval said "'id2label' has one label: a single-label classifier needs two
        // or more (one output without problem_type is a regression model …)" of a folder that is an encoder, and never
        // that --encoder takes it (review 54b). The graph's outputs tell: vectors, no 'logits'.
        using var export = new TinyBertExport(["only"], classifier: false);

        CliResult inspected = CliResult.Run(null, "inspect", export.Folder);
        CliResult predicted = CliResult.Run(null, "predict", export.Folder, "good movie");

        foreach (CliResult result in new[] { inspected, predicted })
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("(outputs: last_hidden_state)", result.Error, StringComparison.Ordinal);
            Assert.Contains("the folder is an encoder (a feature-extraction export)", result.Error, StringComparison.Ordinal);
            Assert.Contains("--encoder <folder>", result.Error, StringComparison.Ordinal);
        }

        // A classifier's graph of one logit keeps the message about its labels.
        using var regression = new TinyBertExport(["only"]);
        var error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(regression.Folder));
        Assert.Contains("'id2label' has one label", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("is an encoder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_of_other_outputs_is_called_neither_a_sequence_classification_export_nor_an_encoder()
    {
        // The hint that a graph giving logits classifies as it is was added to every graph without an encoder's output
        // (and, given as a classifier, that a graph giving vectors is an encoder to every graph without logits): a
        // question-answering export's start_logits and end_logits, or a graph's output_0, were told of what they are not
        // (review 50f).
        foreach (string[] outputs in new[] { new[] { "start_logits", "end_logits" }, ["output_0"] })
        {
            using var folder = new TempFolder("tc-onnx-no-logits");
            TableGraph.Write(folder.Path, 4, outputs);

            var error = Assert.Throws<BundleFormatException>(() => OnnxSentenceEncoder.Create(folder.Path));

            Assert.Contains($"(outputs: {string.Join(", ", outputs)})", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("sequence-classification export", error.Message, StringComparison.Ordinal);

            // The same the other way: such a graph given as a classifier is not called an encoder.
            TableGraph.WriteConfig(folder.Path, TableGraph.TwoLabels);
            error = Assert.Throws<BundleFormatException>(() => OnnxTextClassifier.Create(folder.Path));
            Assert.Contains($"(outputs: {string.Join(", ", outputs)})", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("is an encoder", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_folder_without_a_tokenizer_is_pointed_to_the_one_above_only_in_the_hubs_onnx_layout()
    {
        // Any folder above that held a vocab.txt was named as the tokenizer to copy in, "the Hugging Face Hub's layout":
        // an export kept in models/mine beside another model's models/vocab.txt was told to take that vocabulary, whose
        // ids are not its own (wrong answers, or a Gather failure at the first unknown id). Only a graph in a folder
        // named onnx is the Hub's layout (review 50f).
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli-hub");
        foreach (string name in new[] { "mine", "onnx" })
        {
            string graphFolder = folder.Combine(name);
            Directory.CreateDirectory(graphFolder);
            File.Copy(Path.Combine(export.Folder, "model.onnx"), Path.Combine(graphFolder, "model.onnx"));
            File.Copy(Path.Combine(export.Folder, "config.json"), Path.Combine(graphFolder, "config.json"));
        }

        File.Copy(Path.Combine(export.Folder, "vocab.txt"), folder.Combine("vocab.txt"));

        var mine = Assert.Throws<BundleFormatException>(() => OnnxSentenceEncoder.Create(folder.Combine("mine")));
        var onnx = Assert.Throws<BundleFormatException>(() => OnnxSentenceEncoder.Create(folder.Combine("onnx")));

        Assert.Contains("a Hugging Face export needs tokenizer.json or vocab.txt.", mine.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the folder above", mine.Message, StringComparison.Ordinal);
        Assert.Contains($"the folder above ({folder.Path}) has vocab.txt", onnx.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encoder_kept_in_the_hubs_onnx_subfolder_is_named_with_what_to_copy_where()
    {
        // A sentence-transformers repository on the Hugging Face Hub keeps its graph in onnx/model.onnx and its tokenizer
        // and config.json above it. Its folder said "an ONNX encoder folder needs model.onnx.", and its onnx folder "a
        // Hugging Face export needs tokenizer.json or vocab.txt.", neither where the other file was.
        using var export = new TinyBertExport(["unused"], classifier: false);
        using var folder = new TempFolder("tc-onnx-cli-hub");
        string repository = folder.Combine("repository");
        Directory.CreateDirectory(Path.Combine(repository, "onnx"));
        File.Copy(Path.Combine(export.Folder, "model.onnx"), Path.Combine(repository, "onnx", "model.onnx"));
        File.Copy(Path.Combine(export.Folder, "vocab.txt"), Path.Combine(repository, "vocab.txt"));
        File.Copy(Path.Combine(export.Folder, "config.json"), Path.Combine(repository, "config.json"));
        string train = folder.Combine("train.tsv");
        File.WriteAllText(train, "label\ttext\npos\tgood\nneg\tbad\n");

        CliResult root = CliResult.Run(null, "train", train, "--encoder", repository, "--out", folder.Combine("b"), "--embedding-cache", "none");
        CliResult onnx = CliResult.Run(null, "train", train, "--encoder", Path.Combine(repository, "onnx"), "--out", folder.Combine("b"), "--embedding-cache", "none");

        Assert.Equal((1, 1), (root.ExitCode, onnx.ExitCode));
        Assert.Contains("an ONNX encoder folder needs model.onnx", root.Error, StringComparison.Ordinal);
        Assert.Contains($"this one keeps it in {Path.Combine("onnx", "model.onnx")}", root.Error, StringComparison.Ordinal);
        Assert.Contains("a Hugging Face export needs tokenizer.json or vocab.txt", onnx.Error, StringComparison.Ordinal);
        Assert.Contains($"the folder above ({repository}) has vocab.txt", onnx.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("b")));
    }
}
