using System.Text;
using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Tests.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.MultiLabel;

public sealed class MultiLabelCliTests : IDisposable
{
    // ARCHITECTURE.md's keys (in their multi-label forms) and the multi-label ones.
    private static readonly string[] MultiLabelKeys = [
        "accuracy", "macroF1", "weightedF1", "macroPrecision", "macroRecall", "logLoss", "rocAucMacro", "trainSeconds", "evalSeconds",
        "labels", "confusionMatrix", "perLabel", "microF1", "subsetAccuracy", "hammingLoss"];

    private readonly TempFolder _temp = new("tc-multilabel-cli");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Train_eval_and_predict_a_multi_label_model_end_to_end()
    {
        string train = WriteTsv("train.tsv", MultiLabelData.Generate(300, seed: 21));
        string test = WriteTsv("test.tsv", MultiLabelData.Generate(100, seed: 22));
        string bundle = _temp.Combine("bundle");
        string trainMetrics = _temp.Combine("train-metrics.json");

        string trainReport = _temp.Combine("train-report");
        CliResult trained = CliResult.Run(
            null, "train", train, "--test", test, "--out", bundle, "--metrics-json", trainMetrics, "--report", trainReport, "--multi-label-delimiter", "|", "--seed", "3");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("validation micro-F1", trained.Out, StringComparison.Ordinal);
        Assert.Contains("validation micro-F1", trained.Error, StringComparison.Ordinal); // per-epoch progress lines
        Assert.Contains("Hamming loss", trained.Out, StringComparison.Ordinal);
        Assert.Contains("subset accuracy", trained.Out, StringComparison.Ordinal);
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal(ModelManifest.MultiLabel, manifest.ProblemType);
        Assert.Equal(MultiLabelData.Labels, manifest.Labels);
        Assert.True(manifest.Training!.Metrics!.ContainsKey("test.microF1"));
        // inspect lists each label's threshold in one column, whatever the labels' lengths (review 58a: it followed
        // each label at its own length).
        CliResult inspected = CliResult.Run(null, "inspect", bundle);
        Assert.True(inspected.ExitCode == 0, inspected.ToString());
        int[] columns = [.. inspected.Out.Split('\n').Where(line => line.Contains("(threshold ", StringComparison.Ordinal)).Select(line => line.IndexOf("(threshold ", StringComparison.Ordinal))];
        Assert.Equal(MultiLabelData.Labels.Length, columns.Length);
        Assert.Single(columns.Distinct());
        double trainMicroF1;
        using (JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(trainMetrics)))
        {
            foreach (string key in MultiLabelKeys)
            {
                Assert.True(metrics.RootElement.TryGetProperty(key, out _), $"missing key {key}");
            }

            trainMicroF1 = metrics.RootElement.GetProperty("microF1").GetDouble();
            Assert.InRange(metrics.RootElement.GetProperty("rocAucMacro").GetDouble(), 0.9, 1.0); // separable topics
            Assert.InRange(metrics.RootElement.GetProperty("logLoss").GetDouble(), 0, 0.5);
            Assert.Equal(MultiLabelData.Labels.Length, metrics.RootElement.GetProperty("confusionMatrix").GetArrayLength());
            Assert.True(trainMicroF1 > 0.85, $"micro-F1 {trainMicroF1}");
            Assert.Equal(metrics.RootElement.GetProperty("subsetAccuracy").GetDouble(), metrics.RootElement.GetProperty("accuracy").GetDouble());
        }

        // The report's metrics.json is the --metrics-json file; every label has its ROC AUC.
        Assert.Equal(File.ReadAllText(trainMetrics), File.ReadAllText(Path.Combine(trainReport, "metrics.json")));

        // eval takes the delimiter from the bundle and measures the same; --report writes the multi-label report (it
        // was refused, and with it the whole command).
        string evalMetrics = _temp.Combine("eval-metrics.json");
        string evalReport = _temp.Combine("eval-report");
        CliResult evaluated = CliResult.Run(null, "eval", bundle, test, "--metrics-json", evalMetrics, "--report", evalReport);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        using (JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(evalMetrics)))
        {
            Assert.Equal(trainMicroF1, metrics.RootElement.GetProperty("microF1").GetDouble());
            foreach (string label in MultiLabelData.Labels)
            {
                Assert.InRange(metrics.RootElement.GetProperty("perLabel").GetProperty(label).GetProperty("rocAuc").GetDouble(), 0.5, 1.0);
            }
        }

        string html = File.ReadAllText(Path.Combine(evalReport, "report.html"));
        Assert.Contains("<caption>Summary (multi-label)</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<td>micro-F1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>predicted</th>", html, StringComparison.Ordinal);
        foreach (string label in MultiLabelData.Labels)
        {
            Assert.Contains($"<td dir=\"auto\">{label}</td>", html, StringComparison.Ordinal);
        }

        foreach (string png in new[] { "confusion-matrix.png", "roc.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(evalReport, png));
            ReportTests.AssertDrawnPng(bytes, minWidth: 400).Dispose();
            Assert.Contains("data:image/png;base64," + Convert.ToBase64String(bytes) + "\"", html, StringComparison.Ordinal);
        }

        CliResult predicted = CliResult.Run(null, "predict", bundle, "--json", "stock market shares and football match goal");
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        using (JsonDocument line = JsonDocument.Parse(predicted.Out))
        {
            JsonElement labels = line.RootElement.GetProperty("labels");
            Assert.Equal(["finance", "sports"], labels.EnumerateArray().Select(l => l.GetString()!).ToArray());
            Assert.Equal(4, line.RootElement.GetProperty("scores").EnumerateObject().Count());
            Assert.True(line.RootElement.TryGetProperty("label", out _));
        }

        CliResult plain = CliResult.Run(null, "predict", bundle, "rain storm forecast");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.StartsWith("weather:", plain.Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_and_eval_count_the_test_texts_seen_in_training_and_score_the_others()
    {
        // The overlap was measured for single-label models only: train --test left it out of a multi-label model's
        // metrics in silence (an outside check), and eval ignored --training-data.
        List<LabeledText> trainRows = MultiLabelData.Generate(300, seed: 21);
        List<LabeledText> fresh = MultiLabelData.Generate(60, seed: 23);
        var trained = new HashSet<string>(trainRows.Select(row => row.Text), StringComparer.OrdinalIgnoreCase);
        List<LabeledText> testRows = [.. trainRows.Take(40), .. fresh];
        List<LabeledText> unseenRows = [.. testRows.Where(row => !trained.Contains(row.Text))];
        Assert.InRange(unseenRows.Count, 1, 60);
        string train = WriteTsv("train.tsv", trainRows);
        string test = WriteTsv("test.tsv", testRows);
        string bundle = _temp.Combine("bundle");
        string trainMetrics = _temp.Combine("train-metrics.json");

        CliResult trainedRun = CliResult.Run(null, "train", train, "--test", test, "--out", bundle, "--metrics-json", trainMetrics, "--multi-label-delimiter", "|", "--seed", "3");
        Assert.True(trainedRun.ExitCode == 0, trainedRun.ToString());
        Assert.Contains($"Note: {testRows.Count - unseenRows.Count} of {testRows.Count} test texts", trainedRun.Out, StringComparison.Ordinal);

        CliResult unseenAlone = CliResult.Run(null, "eval", bundle, WriteTsv("unseen.tsv", unseenRows), "--metrics-json", _temp.Combine("unseen.json"));
        Assert.True(unseenAlone.ExitCode == 0, unseenAlone.ToString());
        string evalMetrics = _temp.Combine("eval-metrics.json");
        CliResult evaluated = CliResult.Run(null, "eval", bundle, test, "--training-data", train, "--metrics-json", evalMetrics);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.DoesNotContain("--training-data is ignored", evaluated.Error, StringComparison.Ordinal);

        using JsonDocument alone = JsonDocument.Parse(File.ReadAllText(_temp.Combine("unseen.json")));
        foreach (string path in new[] { trainMetrics, evalMetrics })
        {
            using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(testRows.Count - unseenRows.Count, metrics.RootElement.GetProperty("seenInTraining").GetInt32());
            JsonElement unseen = metrics.RootElement.GetProperty("unseen");
            Assert.Equal(unseenRows.Count, unseen.GetProperty("count").GetInt32());
            Assert.Equal(alone.RootElement.GetProperty("subsetAccuracy").GetDouble(), unseen.GetProperty("accuracy").GetDouble());
            Assert.Equal(alone.RootElement.GetProperty("macroF1").GetDouble(), unseen.GetProperty("macroF1").GetDouble());
        }

        Assert.Equal(testRows.Count - unseenRows.Count, ModelBundle.ReadManifest(bundle).Training!.Metrics!["test.seenInTraining"]);
    }

    [Fact]
    public void Single_label_predict_json_has_no_labels_array()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        CliResult predicted = CliResult.Run(null, "predict", bundle, "--json", "stock market");

        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        using JsonDocument line = JsonDocument.Parse(predicted.Out);
        Assert.False(line.RootElement.TryGetProperty("labels", out _));
    }

    [Fact]
    public void Allowed_labels_apply_to_each_label_of_a_multi_label_row_in_train_and_eval()
    {
        string train = WriteTsv("train.tsv", MultiLabelData.Generate(300, seed: 21));
        string test = WriteTsv("test.tsv", MultiLabelData.Generate(100, seed: 22));
        string allowed = "finance,sports,weather";
        string bundle = _temp.Combine("allowed");

        CliResult trained = CliResult.Run(null, "train", train, "--out", bundle, "--multi-label-delimiter", "|", "--allowed-labels", allowed, "--seed", "3");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        // Rows whose set held a fourth label lose that label, not the row: only rows left with none are skipped.
        string[] kept = allowed.Split(',');
        List<LabeledText> rows = MultiLabelData.Generate(300, seed: 21);
        int emptied = rows.Count(r => !LabelSet.Parse(r.Label, "|").Any(kept.Contains));
        Assert.True(trained.ToString().Contains($"{rows.Count - emptied} rows read, {emptied} skipped (label not allowed: {emptied})", StringComparison.Ordinal), trained.ToString());
        Assert.Equal(kept, ModelBundle.ReadManifest(bundle).Labels);

        CliResult evaluated = CliResult.Run(null, "eval", bundle, test, "--allowed-labels", allowed, "--training-data", train);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.DoesNotContain("--training-data is ignored", evaluated.Error, StringComparison.Ordinal); // measured since session 35
        Assert.Contains("texts also in the training data", evaluated.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not among the model's", evaluated.Error, StringComparison.Ordinal);

        // Not given, the filter recorded at training applies.
        CliResult recorded = CliResult.Run(null, "eval", bundle, test);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Contains("as the training data was read: --allowed-labels finance,sports,weather", recorded.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not among the model's", recorded.Error, StringComparison.Ordinal);

        // Allowed, the test file's fourth label is one the model never saw: said, not silently scored.
        CliResult unfiltered = CliResult.Run(null, "eval", bundle, test, "--allowed-labels", allowed + ",health");
        Assert.True(unfiltered.ExitCode == 0, unfiltered.ToString());
        Assert.Contains("warning: 1 test label is not among the model's 3: health (", unfiltered.Error, StringComparison.Ordinal);

        // '*' switches the recorded list off: every label is read, as with the list widened by hand.
        CliResult everyLabel = CliResult.Run(null, "eval", bundle, test, "--allowed-labels", "*");
        Assert.True(everyLabel.ExitCode == 0, everyLabel.ToString());
        Assert.DoesNotContain("as the training data was read", everyLabel.Out, StringComparison.Ordinal);
        Assert.Contains("warning: 1 test label is not among the model's 3: health (", everyLabel.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_of_a_set_differing_only_in_case_are_pointed_out()
    {
        // Every fourth row's "sports" written "Sports": inside a set, as its own label.
        List<LabeledText> rows = [.. MultiLabelData.Generate(120, seed: 9).Select((row, i) => i % 4 == 0 ? row with { Label = row.Label.Replace("sports", "Sports", StringComparison.Ordinal) } : row)];
        string train = WriteTsv("mixed-case.tsv", rows);

        CliResult result = CliResult.Run(null, "train", train, "--out", _temp.Combine("mixed"), "--multi-label-delimiter", "|");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("differ only in letter case and are trained as different labels: 'Sports', 'sports'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delimiter_that_no_label_cell_holds_is_pointed_out()
    {
        // Cells written "sports | health" read with ',' (the CSV habit): every text then has one label, "health | sports"
        // among them, and the model silently trained one sigmoid per combination.
        List<LabeledText> rows = MultiLabelData.Generate(80, seed: 4);
        string train = WriteTsv("pipes.tsv", rows);
        string example = rows.Select(row => row.Label).Where(label => label.Contains('|', StringComparison.Ordinal)).Min(StringComparer.Ordinal)!;

        CliResult wrong = CliResult.Run(null, "train", train, "--out", _temp.Combine("comma"), "--multi-label-delimiter", ",", "--epochs", "2");
        CliResult right = CliResult.Run(null, "train", train, "--out", _temp.Combine("pipe"), "--multi-label-delimiter", "|", "--epochs", "2");

        Assert.True(wrong.ExitCode == 0, wrong.ToString());
        Assert.Contains("warning: --multi-label-delimiter ',' is in no label cell, so every text has one label", wrong.Error, StringComparison.Ordinal);
        Assert.Contains($"The labels hold '|' (such as '{example}'): is that the delimiter?", wrong.Error, StringComparison.Ordinal);
        Assert.True(right.ExitCode == 0, right.ToString());
        Assert.DoesNotContain("is in no label cell", right.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_on_every_text_is_pointed_out()
    {
        // "news" on every row: its sigmoid saw no text without it, and the model gave it to every text, "hello" too.
        List<LabeledText> rows = [.. MultiLabelData.Generate(80, seed: 5).Select(row => row with { Label = row.Label + " | news" })];
        string train = WriteTsv("news.tsv", rows);

        CliResult result = CliResult.Run(null, "train", train, "--out", _temp.Combine("news"), "--multi-label-delimiter", "|", "--epochs", "2");
        CliResult plain = CliResult.Run(null, "train", WriteTsv("plain.tsv", MultiLabelData.Generate(80, seed: 5)), "--out", _temp.Combine("plain"), "--multi-label-delimiter", "|", "--epochs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: 'news' is on every training text", result.Error, StringComparison.Ordinal);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain("on every training text", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_data_the_trainer_refuses_is_named_in_the_error()
    {
        // The trainer's refusals of the data (one label on every text; nothing to hold out for a threshold) came as
        // "error: Multi-label training needs …" with no file, and under MSBuild as "textclf : error TC1000" at no file.
        string oneLabel = _temp.Combine("one-label.tsv");
        File.WriteAllText(oneLabel, "label\ttext\nurgent\tfire in the hall\nurgent\tfire on the roof\nurgent\tsmoke everywhere\n");
        string oneEach = _temp.Combine("one-each.tsv");
        File.WriteAllText(oneEach, "label\ttext\nsports\tgoal match\npolitics\tvote law\ntech\tcpu code\n");

        CliResult multi = CliResult.Run(null, "train", oneLabel, "--out", _temp.Combine("m"), "--multi-label-delimiter", "|");
        CliResult abstain = CliResult.Run(null, "train", oneEach, "--out", _temp.Combine("a"), "--abstain-coverage", "0.8");

        Assert.Equal(1, multi.ExitCode);
        Assert.Contains($"error: {oneLabel}: Multi-label training needs two labels", multi.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", multi.Error, StringComparison.Ordinal);
        Assert.Equal(1, abstain.ExitCode);
        Assert.Contains($"error: {oneEach}: Every label has a single example", abstain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_not_chosen_on_held_out_texts_are_said_to_be_one_half()
    {
        // Under 20 rows nothing is held out: every label's threshold stayed 0.5, and the warning named only the epochs.
        string train = WriteTsv("tiny.tsv", MultiLabelData.Generate(12, seed: 6));
        string bundle = _temp.Combine("tiny");

        CliResult result = CliResult.Run(null, "train", train, "--out", bundle, "--multi-label-delimiter", "|");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(ModelBundle.ReadManifest(bundle).Thresholds!, threshold => Assert.Equal(0.5f, threshold));
        Assert.Contains("no text was held out for validation", result.Error, StringComparison.Ordinal);
        Assert.Contains("each label's threshold is 0.5", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_label_delimiter_rejects_unsupported_combinations()
    {
        string train = WriteTsv("train.tsv", MultiLabelData.Generate(40, seed: 1));
        CliResult result = CliResult.Run(null, "train", train, "--out", _temp.Combine("b"), "--multi-label-delimiter", "|", "--autotune");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--multi-label-delimiter cannot be combined", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_label_cells_are_skipped_with_a_hint_to_write_the_empty_set()
    {
        // A toxicity-style file writes the texts no label applies to with an empty cell: all its negatives were skipped,
        // said only as "empty label".
        List<LabeledText> rows = MultiLabelData.Generate(120, seed: 31);
        for (int i = 0; i < 30; i++)
        {
            rows[i] = rows[i] with { Label = string.Empty };
        }

        string train = WriteTsv("train-blank.tsv", rows);
        CliResult trained = CliResult.Run(null, "train", train, "--out", _temp.Combine("bundle-blank"), "--multi-label-delimiter", "|", "--second-model", "none", "--epochs", "2");
        CliResult single = CliResult.Run(null, "train", train, "--out", _temp.Combine("bundle-single"), "--second-model", "none", "--epochs", "2");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("30 skipped (empty label: 30)", trained.Out, StringComparison.Ordinal);
        Assert.Contains("30 rows have an empty label cell, read as a missing label; write the delimiter alone ('|') for a text none of the labels applies to", trained.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("write the delimiter alone", single.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void One_column_per_label_trains_a_multi_label_model_that_eval_reads_the_same_way()
    {
        // A toxicity file: one 0/1 column per label, clean texts with every column 0 (the empty set, trained on as
        // negatives). eval takes the columns recorded in the bundle.
        string train = WriteColumns("train.csv", MultiLabelData.Generate(300, seed: 41));
        string test = WriteColumns("test.csv", MultiLabelData.Generate(100, seed: 42));
        string bundle = _temp.Combine("bundle-columns");
        string columns = string.Join(',', MultiLabelData.Labels);

        CliResult trained = TrainOnColumns(train, "bundle-columns", "--test", test, "--seed", "3");
        CliResult evaluated = CliResult.Run(null, "eval", bundle, test, "--metrics-json", _temp.Combine("columns.json"));

        Assert.True(trained.ExitCode == 0, trained.ToString());
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal(ModelManifest.MultiLabel, manifest.ProblemType);
        Assert.Equal(MultiLabelData.Labels, manifest.Labels);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains($"--text-column comment_text --label-columns {columns}", evaluated.Out, StringComparison.Ordinal);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(_temp.Combine("columns.json")));
        Assert.True(metrics.RootElement.GetProperty("microF1").GetDouble() > 0.5, evaluated.Out);
    }

    [Fact]
    public void Label_columns_of_fractions_train_with_a_threshold_that_eval_reads_the_same_way()
    {
        // Toxicity ratings: the share of raters who gave each label. Without the threshold, eval would refuse the
        // fractions; with another one given, that one is taken.
        string train = WriteColumns("train-shares.csv", MultiLabelData.Generate(300, seed: 48), fractions: true);
        string test = WriteColumns("test-shares.csv", MultiLabelData.Generate(100, seed: 49), fractions: true);

        CliResult refused = TrainOnColumns(train, "bundle-refused", "--second-model", "none", "--epochs", "2");
        CliResult trained = TrainOnColumns(train, "bundle-shares", "--label-threshold", "0.5", "--seed", "3");
        CliResult evaluated = CliResult.Run(null, "eval", _temp.Combine("bundle-shares"), test, "--metrics-json", _temp.Combine("shares.json"));
        CliResult stricter = CliResult.Run(null, "eval", _temp.Combine("bundle-shares"), test, "--label-threshold", "0.95", "--metrics-json", _temp.Combine("stricter.json"));

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("textclf --label-threshold 0.5", refused.Error, StringComparison.Ordinal);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains("--label-threshold 0.5 (recorded in the bundle", evaluated.Out, StringComparison.Ordinal);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(_temp.Combine("shares.json")));
        Assert.True(metrics.RootElement.GetProperty("microF1").GetDouble() > 0.5, evaluated.Out);
        // At 0.95 no label applies to any test text (the shares stop at 0.9): no prediction can be right.
        Assert.True(stricter.ExitCode == 0, stricter.ToString());
        Assert.DoesNotContain("--label-threshold 0.5", stricter.Out, StringComparison.Ordinal);
        using JsonDocument none = JsonDocument.Parse(File.ReadAllText(_temp.Combine("stricter.json")));
        Assert.Equal(0, none.RootElement.GetProperty("microF1").GetDouble());
    }

    [Theory]
    [InlineData("1.5", true, "--label-threshold must be greater than 0 and at most 1")]
    [InlineData("0", true, "--label-threshold must be greater than 0 and at most 1")]
    [InlineData("0.5", false, "--label-threshold reads --label-columns that hold fractions; add --label-columns.")]
    [InlineData("abc", true, "--label-threshold expects a number, with '.' as the decimal point; got 'abc'.")]
    [InlineData("0,5", true, "--label-threshold expects a number, with '.' as the decimal point; got '0,5'.")]
    public void A_label_threshold_out_of_range_or_without_label_columns_is_a_usage_error(string threshold, bool columns, string expected)
    {
        string train = WriteColumns("train-threshold.csv", MultiLabelData.Generate(40, seed: 50), fractions: true);

        CliResult result = columns
            ? TrainOnColumns(train, "threshold", "--label-threshold", threshold)
            : CliResult.Run(null, "train", train, "--text-column", "comment_text", "--out", _temp.Combine("threshold"), "--label-threshold", threshold);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_label_column_cell_is_a_missing_value_whose_row_is_skipped_and_said()
    {
        string train = WriteColumns("train-missing.csv", MultiLabelData.Generate(80, seed: 44));
        string[] lines = File.ReadAllLines(train);
        lines[5] = lines[5][..lines[5].LastIndexOf(',')] + ","; // the last label column's cell left empty
        File.WriteAllLines(train, lines);

        CliResult trained = TrainOnColumns(train, "bundle-missing", "--second-model", "none", "--epochs", "2");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains("1 skipped (empty label: 1)", trained.Out, StringComparison.Ordinal);
        Assert.Contains("1 row has an empty cell in a label column, a missing value, and was skipped; write 0 where a label does not apply.", trained.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("write the delimiter alone", trained.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_label_column_given_beside_label_columns_names_nothing_else()
    {
        // Build-time training passes --label-column label (the default) whatever TrainingArguments add: with
        // --label-columns there it failed as "give one" (TC1003, then TC0009).
        string train = WriteColumns("train-default.csv", MultiLabelData.Generate(60, seed: 46));

        CliResult result = TrainOnColumns(train, "default", "--label-column", "label", "--second-model", "none", "--epochs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(MultiLabelData.Labels, ModelBundle.ReadManifest(_temp.Combine("default")).Labels);
    }

    [Fact]
    public void A_label_column_whose_name_holds_the_delimiter_is_a_usage_error()
    {
        string train = WriteColumns("train-delimiter.csv", MultiLabelData.Generate(40, seed: 45));

        CliResult result = CliResult.Run(null, "train", train, "--text-column", "comment_text", "--label-columns", "finance|x,health", "--out", _temp.Combine("delimiter"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--label-columns names 'finance|x', which holds the label delimiter ('|')", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--label-column", "intent")]
    [InlineData("--autotune", null)]
    [InlineData("--class-weights", "balanced")]
    [InlineData("--encoder", "/nonexistent")]
    public void Label_columns_are_refused_with_what_they_cannot_go_with(string option, string? value)
    {
        string train = WriteColumns("train-refused.csv", MultiLabelData.Generate(40, seed: 43));
        string[] args = ["train", train, "--text-column", "comment_text", "--label-columns", string.Join(',', MultiLabelData.Labels), "--out", _temp.Combine("refused"), option];

        CliResult result = CliResult.Run(null, value is null ? args : [.. args, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--label-column", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_columns_for_a_single_label_model_are_a_usage_error()
    {
        // The model cannot read a set of labels: the command line is wrong (exit 2, as the multi-label model that
        // records no delimiter is), not the data (it was exit 1).
        List<LabeledText> rows = MultiLabelData.Generate(120, seed: 44);
        List<LabeledText> single = [.. rows.Select(row => row with { Label = LabelSet.Parse(row.Label, "|") is [var first, ..] ? first : "none" })];
        string bundle = _temp.Combine("bundle-single-label");
        CliResult trained = CliResult.Run(null, "train", WriteTsv("train-single.tsv", single), "--out", bundle, "--second-model", "none", "--epochs", "2");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        CliResult evaluated = CliResult.Run(null, "eval", bundle, WriteColumns("test-single.csv", rows), "--text-column", "comment_text", "--label-columns", string.Join(',', MultiLabelData.Labels));

        Assert.Equal(2, evaluated.ExitCode);
        Assert.Contains("--label-columns reads a set of labels from each row, and the model is single-label", evaluated.Error, StringComparison.Ordinal);

        // The model records no label columns: a threshold alone reads none.
        CliResult threshold = CliResult.Run(null, "eval", bundle, WriteTsv("test-single.tsv", single), "--label-threshold", "0.5");
        Assert.Equal(2, threshold.ExitCode);
        Assert.Contains("--label-threshold reads --label-columns that hold fractions", threshold.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_columns_naming_the_text_column_are_a_usage_error_and_a_text_column_named_label_is_not()
    {
        string train = WriteColumns("train-text.csv", MultiLabelData.Generate(60, seed: 45));

        // The text column among the label columns was an ArgumentException naming DatasetReadOptions (exit 1).
        CliResult named = CliResult.Run(null, "train", train, "--text-column", "comment_text", "--label-columns", "Comment_Text," + MultiLabelData.Labels[0], "--out", _temp.Combine("text-named"));
        Assert.Equal(2, named.ExitCode);
        Assert.Contains("--label-columns names the text column ('Comment_Text'", named.Error, StringComparison.Ordinal);

        // --label-columns reads no label column: a text column named like the default one (label) was refused as
        // "--text-column and --label-column name the same column".
        string renamed = _temp.Combine("train-label-text.csv");
        File.WriteAllText(renamed, File.ReadAllText(train).Replace("id,comment_text,", "id,label,", StringComparison.Ordinal));
        CliResult labelText = CliResult.Run(
            null, "train", renamed, "--text-column", "label", "--label-columns", string.Join(',', MultiLabelData.Labels), "--out", _temp.Combine("label-text"), "--second-model", "none", "--epochs", "2");
        Assert.True(labelText.ExitCode == 0, labelText.ToString());
    }

    [Fact]
    public void Eval_with_label_columns_does_not_say_it_took_the_recorded_label_column()
    {
        // A bundle trained on one '|' column named labels records --label-column labels; eval given --label-columns reads
        // those columns, yet said "Reading the test data as the training data was read: … --label-column labels".
        string train = _temp.Combine("train-labels.tsv");
        File.WriteAllText(train, File.ReadAllText(WriteTsv("train-one-column.tsv", MultiLabelData.Generate(200, seed: 46))).Replace("label\ttext", "labels\ttext", StringComparison.Ordinal));
        string bundle = _temp.Combine("bundle-labels");
        CliResult trained = CliResult.Run(null, "train", train, "--label-column", "labels", "--multi-label-delimiter", "|", "--out", bundle, "--second-model", "none", "--epochs", "2");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        string test = WriteColumns("test-columns.csv", MultiLabelData.Generate(60, seed: 47));
        CliResult evaluated = CliResult.Run(null, "eval", bundle, test, "--text-column", "comment_text", "--label-columns", string.Join(',', MultiLabelData.Labels));

        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.DoesNotContain("--label-column labels", evaluated.Out, StringComparison.Ordinal);
    }

    // textclf train on such a CSV, every label of MultiLabelData a column, into the bundle folder named.
    private CliResult TrainOnColumns(string train, string bundle, params string[] more) =>
        CliResult.Run(null, ["train", train, "--text-column", "comment_text", "--label-columns", string.Join(',', MultiLabelData.Labels), "--out", _temp.Combine(bundle), .. more]);

    // The rows as a toxicity-style CSV: comment_text, then a 0/1 column per label of MultiLabelData.
    private string WriteColumns(string name, List<LabeledText> rows, bool fractions = false)
    {
        var csv = new StringBuilder("id,comment_text," + string.Join(',', MultiLabelData.Labels) + "\n");
        for (int i = 0; i < rows.Count; i++)
        {
            string[] set = LabelSet.Parse(rows[i].Label, "|");
            csv.Append(i).Append(',').Append(rows[i].Text.Replace(",", " ", StringComparison.Ordinal));
            foreach (string label in MultiLabelData.Labels)
            {
                bool given = Array.IndexOf(set, label) >= 0;
                if (fractions)
                {
                    // Shares of raters: 0.5 to 0.9 where the label applies, 0 to 0.4 where it does not.
                    int tenths = (i + label.Length) % 5;
                    csv.Append(',').Append(given ? $"0.{5 + tenths}" : $"0.{tenths}");
                }
                else
                {
                    csv.Append(',').Append(given ? '1' : '0');
                }
            }

            csv.Append('\n');
        }

        string path = _temp.Combine(name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private string WriteTsv(string name, List<LabeledText> rows) => MultiLabelData.WriteTsv(_temp.Combine(name), rows);
}
