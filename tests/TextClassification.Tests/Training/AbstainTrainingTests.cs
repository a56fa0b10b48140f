using System.Text.Json;
using TextClassification.Bundles;
using TextClassification.Cli;
using TextClassification.Tests.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Tests.Training;

public sealed class AbstainTrainingTests
{
    private static readonly Lazy<(TextClassifier Classifier, AbstainCalibration Calibration)> Trained = new(() =>
    {
        var (result, calibration) = AbstainTraining.Train(TestModels.SmallData, AbstainTarget.Coverage(0.5), TestModels.FastOptions(9));
        return (result.Classifier, calibration);
    });

    [Fact]
    public void The_classifier_carries_the_threshold_chosen_on_the_held_out_tenth()
    {
        (TextClassifier classifier, AbstainCalibration calibration) = Trained.Value;

        Assert.Equal((float)calibration.Chosen.Threshold, classifier.ConfidenceThreshold);
        Assert.Equal(15, calibration.Examples); // 10 % of 50 per label, 3 labels
        Assert.True(calibration.Chosen.Coverage >= 0.5);
        Assert.Equal("coverage", classifier.Abstain!.Target);
    }

    [Theory]
    [InlineData(20, 2)]
    [InlineData(30, 3)]
    [InlineData(50, 1)] // both keep the supervised weight
    public void The_final_model_keeps_the_term_weight_auto_chose_for_the_calibration_model(int keywords, int seed)
    {
        // Shapes where Auto, deciding again on all the data, kept the supervised weight while the calibration model
        // (trained on nine tenths) kept IDF: the threshold was chosen on another kind of word model than it was applied to.
        List<LabeledText> rows = TermWeightingTests.LeadAndQuestion(120, seed, keywords);
        NGramTrainerOptions options = new() { MaxEpochs = 10, Dimension = 16, LinearModel = null, EnsembleTokenizer = null };
        var split = TextClassification.Training.Splitting.StratifiedSplitter.SplitThreeWay(rows, AbstainTraining.CalibrationFraction, 0, options.Seed + 7);
        IReadOnlyDictionary<string, string> calibrationSettings = NGramTrainer.Train(split.Train, options).Classifier.Training!.Settings!;
        string? calibrationWeight = calibrationSettings.GetValueOrDefault(NGramTrainer.TermWeightingSetting);

        var (result, _) = AbstainTraining.Train(rows, AbstainTarget.Coverage(0.9), options);

        IReadOnlyDictionary<string, string> settings = result.Classifier.Training!.Settings!;
        Assert.Equal(calibrationWeight, settings.GetValueOrDefault(NGramTrainer.TermWeightingSetting));
        Assert.Equal(calibrationWeight is null ? null : "auto", settings.GetValueOrDefault(NGramTrainer.TermWeightingRequestedSetting));
    }

    [Fact]
    public void The_threshold_is_chosen_on_the_calibration_models_probabilities_at_the_final_models_temperature()
    {
        // 1,080 rows: the calibration model (nine tenths) validates on 97 texts, under TemperatureFit.MinimumTexts, so
        // it keeps temperature 1; the final model validates on 108 and fits one. The threshold was chosen on the
        // unscaled probabilities and applied to the scaled ones, so the final model answered at another coverage
        // than the one reported.
        List<LabeledText> rows = SyntheticData.Generate(perLabel: 360, seed: 12);
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { Threads = 1, LinearModel = new LinearModelOptions() };
        AbstainTarget target = AbstainTarget.Coverage(0.8);
        var split = TextClassification.Training.Splitting.StratifiedSplitter.SplitThreeWay(rows, AbstainTraining.CalibrationFraction, 0, options.Seed + 7);
        TextClassifier held = NGramTrainer.Train(split.Train, options).Classifier;

        var (result, calibration) = AbstainTraining.Train(rows, target, options);

        float temperature = result.Classifier.Temperature;
        Assert.Equal(1f, held.Temperature);
        Assert.NotEqual(1f, temperature);
        var expected = new TextClassifier([.. held.Labels], [.. held.Members], held.Training, null, null, held.Combination, temperature);
        AbstainCalibration atFinal = AbstainCalibrator.Calibrate(expected, split.Validation, target);
        Assert.Equal(atFinal.Chosen, calibration.Chosen);
        Assert.Equal((float)atFinal.Chosen.Threshold, result.Classifier.ConfidenceThreshold);
    }

    [Fact]
    public void Predictions_abstain_exactly_below_the_threshold()
    {
        TextClassifier classifier = Trained.Value.Classifier;
        List<string> texts = SyntheticData.Texts(200, seed: 31);
        texts.AddRange(["", "zzz qqq", "the the the"]);

        foreach (string text in texts)
        {
            Prediction prediction = classifier.Classify(text);
            Assert.Equal(prediction.Score < classifier.ConfidenceThreshold, prediction.Abstained);
        }
    }

    [Fact]
    public void The_threshold_survives_a_bundle_round_trip_and_bad_values_are_refused()
    {
        using var temp = new TempFolder("tc-abstain");
        string bundle = BundleEditing.SaveBundle(temp, Trained.Value.Classifier);

        TextClassifier loaded = TextClassifier.Load(bundle);
        Assert.Equal(Trained.Value.Classifier.Abstain, loaded.Abstain);

        BundleEditing.EditManifest(bundle, m => m["abstain"]!["threshold"] = 1.5);
        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));
        Assert.Contains("abstain.threshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_marks_an_abstained_prediction_in_the_plain_and_the_top_k_lines()
    {
        using var temp = new TempFolder("tc-abstain");
        string sure = BundleEditing.SaveBundle(temp, TestModels.Small, "sure");
        string never = BundleEditing.SaveBundle(temp, TestModels.Small.WithAbstain(new AbstainSection { Threshold = 1.0 }), "never");
        string text = SyntheticData.Texts(1, seed: 4)[0];

        foreach (string[] extra in new[] { Array.Empty<string>(), ["-k", "2"] })
        {
            CliResult abstaining = CliResult.Run(null, ["predict", never, .. extra, text]);
            CliResult answering = CliResult.Run(null, ["predict", sure, .. extra, text]);

            Assert.True(abstaining.ExitCode == 0, abstaining.ToString());
            Assert.EndsWith("\tabstained", abstaining.Out.TrimEnd('\n'), StringComparison.Ordinal);
            Assert.DoesNotContain("abstained", answering.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(0.7)]
    [InlineData(0.95)]
    public void Evaluation_counts_the_answered_texts_as_Classify_answers_them(double threshold)
    {
        TextClassifier classifier = TestModels.Small.WithAbstain(new AbstainSection { Threshold = threshold });
        List<LabeledText> test = SyntheticData.Generate(perLabel: 30, seed: 77);

        ClassificationMetrics metrics = ModelEvaluator.Evaluate(classifier, test);

        // By hand, from the predictions themselves.
        Prediction[] predictions = [.. test.Select(row => classifier.Classify(row.Text))];
        int answered = predictions.Count(p => !p.Abstained);
        int right = test.Where((row, i) => !predictions[i].Abstained && predictions[i].Label == row.Label).Count();
        AbstainMetrics abstain = metrics.Abstain!;
        Assert.Equal(answered, abstain.Answered);
        Assert.Equal(right, abstain.AnsweredCorrect);
        Assert.Equal((double)answered / test.Count, abstain.Coverage, 12);
        Assert.Equal((float)threshold, (float)abstain.Threshold);
        Assert.Null(ModelEvaluator.Evaluate(TestModels.Small, test).Abstain);
        string json = MetricsJson.Serialize(metrics);
        Assert.Contains("\"abstain\"", json, StringComparison.Ordinal);
        Assert.Contains("\"answeredAccuracy\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluation_sees_through_the_reloading_wrapper_dependency_injection_gives()
    {
        using var temp = new TempFolder("tc-abstain");
        string abstaining = BundleEditing.SaveBundle(temp, TestModels.Small.WithAbstain(new AbstainSection { Threshold = 0.7 }), "abstaining");
        var manual = new TextClassification.Reloading.ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero };
        List<LabeledText> test = SyntheticData.Generate(perLabel: 10, seed: 78);

        using (var reloading = TextClassification.Reloading.ReloadingTextClassifier.Create(abstaining, manual))
        {
            Assert.Equal(ModelEvaluator.Evaluate(reloading.Current, test).Abstain, ModelEvaluator.Evaluate(reloading, test).Abstain);
            Assert.NotNull(ModelEvaluator.Evaluate(reloading, test).Abstain);
        }

        TextClassifier multiLabelModel = TextClassification.Training.Trainers.NGramTrainer.Train(
            TextClassification.Tests.MultiLabel.MultiLabelData.Generate(60, seed: 3), TestModels.FastOptions(3) with { MultiLabelDelimiter = "|" }).Classifier;
        string multiLabel = BundleEditing.SaveBundle(temp, multiLabelModel, "multi");
        using (var reloading = TextClassification.Reloading.ReloadingTextClassifier.Create(multiLabel, manual))
        {
            Assert.True(MultiLabelEvaluator.IsMultiLabel(reloading));
            Assert.Throws<ArgumentException>(() => ModelEvaluator.Evaluate(reloading, test));
        }
    }

    [Fact]
    public void Many_copies_of_a_few_texts_are_refused_naming_how_few_texts_are_distinct()
    {
        // 640 rows of 8 texts (each label's name as its text): copies stay on one side of the split, so nothing is held
        // out; the message must not blame the 640 rows.
        List<LabeledText> rows = [];
        for (int copy = 0; copy < 80; copy++)
        {
            for (int label = 0; label < 8; label++)
            {
                // Copies differ in letter case only, which the split groups as one text.
                rows.Add(new LabeledText(copy % 2 == 0 ? $"intent {label}" : $"INTENT {label}", $"l{label}"));
            }
        }

        var ex = Assert.Throws<ArgumentException>(() => AbstainTraining.Train(rows, AbstainTarget.Precision(0.9), TestModels.FastOptions(1)));

        Assert.Equal("examples", ex.ParamName);
        Assert.Contains("640 examples (8 distinct texts, counting copies in any letter case and texts inside longer ones once) leave nothing to hold out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_example_per_label_is_refused_naming_that_rather_than_copies()
    {
        // An FAQ-shaped file: twelve distinct texts, one per label. The stratified split keeps each label's only row.
        List<LabeledText> rows = [];
        for (int label = 0; label < 12; label++)
        {
            rows.Add(new LabeledText($"how do I do thing number {label} with my account", $"faq{label}"));
        }

        var ex = Assert.Throws<ArgumentException>(() => AbstainTraining.Train(rows, AbstainTarget.Precision(0.9), TestModels.FastOptions(1)));

        Assert.Equal("examples", ex.ParamName);
        Assert.StartsWith("Every label has a single example (12 labels, 12 rows)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("distinct texts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAbstain_refuses_thresholds_outside_0_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestModels.Small.WithAbstain(new AbstainSection { Threshold = -0.1 }));
        Assert.Equal(0f, TestModels.Small.WithAbstain(null).ConfidenceThreshold);
    }
}

public sealed class AbstainCliTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    // train on the fixture's data with --test and a precision target; the run must succeed.
    private CliResult TrainWithPrecisionTarget(string name, string precision, out string bundle)
    {
        bundle = fixture.NewPath(name);
        CliResult result = CliResult.Run(null, "train", fixture.TrainTsv, "--test", fixture.TestTsv, "--out", bundle, "--abstain-precision", precision);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public void Train_with_a_precision_target_prints_the_trade_off_and_records_the_threshold()
    {
        CliResult result = TrainWithPrecisionTarget("abstain", "0.9", out string bundle);

        Assert.Contains("Confidence threshold", result.Out, StringComparison.Ordinal);
        // The held-out accuracy is given with its uncertainty: it had read as the precision the model would have.
        Assert.Matches(@"accuracy [01]\.\d{4}, 95 % interval [01]\.\d{4}–[01]\.\d{4}[;)]", result.Out);
        Assert.Contains("Coverage/accuracy trade-off", result.Out, StringComparison.Ordinal);
        Assert.Contains("On the test data the threshold answers", result.Out, StringComparison.Ordinal);
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal("precision", manifest.Abstain!.Target);
        Assert.Equal(0.9, manifest.Abstain.TargetValue);
        Assert.Contains("abstain", CliResult.Run(null, "inspect", bundle).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(95, 100, 0.8882, 0.9785)]
    [InlineData(100, 100, 0.9630, 1.0)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(456, 480, 0.9267, 0.9662)]
    public void The_held_out_accuracy_interval_is_Wilsons(int right, int answered, double lower, double upper)
    {
        (double low, double high) = AbstainReport.WilsonInterval(right, answered);

        Assert.Equal(lower, low, 4);
        Assert.Equal(upper, high, 4);
    }

    [Fact]
    public void A_precision_every_held_out_text_meets_answers_every_text_and_prints_a_small_target_as_given()
    {
        CliResult result = TrainWithPrecisionTarget("abstain-low", "0.0001", out string bundle);

        Assert.Contains("Confidence threshold 0 for precision 0.0001: answering all ", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("the rest abstain", result.Out, StringComparison.Ordinal);
        // The trade-off table's full-coverage row agrees with the chosen threshold.
        Assert.Matches(@"100\.0 %\s+[01]\.\d{4}\s+0\.0000", result.Out);
        Assert.Contains("On the test data the threshold answers 100.0 % of ", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, ModelBundle.ReadManifest(bundle).Abstain!.Threshold);
        // eval and inspect say the same: every text answered, never abstaining.
        string evaluated = CliResult.Run(null, "eval", bundle, fixture.TestTsv).Out;
        Assert.Contains("0 (never abstains)", evaluated, StringComparison.Ordinal);
        Assert.Contains("(100.0 %)", evaluated, StringComparison.Ordinal);
        Assert.Contains("never (threshold 0)", CliResult.Run(null, "inspect", bundle).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_threshold_chosen_on_a_handful_of_held_out_texts_is_warned_about_and_the_table_still_printed()
    {
        // 24 rows: the calibration split holds out only a few of them.
        string[] words = ["alpha", "beta", "gamma", "delta", "omega", "sigma"];
        string tsv = "label\ttext\n" + string.Concat(Enumerable.Range(0, 24).Select(i =>
            $"{(i % 2 == 0 ? "a" : "b")}\t{words[i % 6]} {(i % 2 == 0 ? "apple" : "banana")} {i}\n"));
        string data = fixture.NewPath("tiny.tsv");
        File.WriteAllText(data, tsv);

        CliResult result = CliResult.Run(null, "train", data, "--out", fixture.NewPath("abstain-tiny"), "--abstain-coverage", "0.9");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: the threshold was chosen on only ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Coverage/accuracy trade-off", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_precision_target_makes_a_model_that_abstains_on_every_text()
    {
        // Every text carries both labels, and copies stay on one side of the split: on the held-out texts every
        // confidence answers at most half right, so a 0.9 precision cannot be met. The final model, retrained on all
        // the data, is more confident than the calibration model; it must still answer nothing.
        string[] texts = [.. SyntheticData.Texts(60, seed: 8).Where(t => t.Trim().Length > 0)];
        string tsv = "label\ttext\n" + string.Concat(texts.Select(t => $"a\t{t}\nb\t{t}\n"));
        string data = fixture.NewPath("both-labels.tsv");
        File.WriteAllText(data, tsv);
        string bundle = fixture.NewPath("abstain-all");

        CliResult result = CliResult.Run(null, "train", data, "--test", data, "--out", bundle, "--abstain-precision", "0.9");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No confidence threshold reaches precision 0.9 ", result.Out, StringComparison.Ordinal);
        Assert.True(result.Out.Contains($"On the test data the threshold answers none of {2 * texts.Length} texts.", StringComparison.Ordinal), result.Out);
        Assert.DoesNotContain("NaN", result.Out, StringComparison.Ordinal);
        Assert.Equal(AbstainSection.AlwaysAbstain, ModelBundle.ReadManifest(bundle).Abstain!.Threshold);
        TextClassifier loaded = TextClassifier.Load(bundle);
        Assert.All(texts, t => Assert.True(loaded.Classify(t).Abstained, t));
        string inspected = CliResult.Run(null, "inspect", bundle).Out;
        Assert.Contains("always (for precision 0.9; held out: none of", inspected, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", inspected, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_of_an_abstaining_bundle_shows_coverage_and_answered_accuracy_in_the_table_json_and_report()
    {
        string bundle = fixture.NewPath("abstain-eval");
        Assert.Equal(0, CliResult.Run(null, "train", fixture.TrainTsv, "--out", bundle, "--abstain-coverage", "0.6").ExitCode);
        string metricsPath = fixture.NewPath("abstain-metrics.json");
        string report = fixture.NewPath("abstain-report");

        CliResult result = CliResult.Run(null, "eval", bundle, fixture.TestTsv, "--metrics-json", metricsPath, "--report", report);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("accuracy on the answered texts", result.Out, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(metricsPath));
        JsonElement abstain = json.RootElement.GetProperty("abstain");
        TextClassifier loaded = TextClassifier.Load(bundle);
        Dataset test = DatasetReader.Read(fixture.TestTsv);
        int answered = test.Rows.Count(row => !loaded.Classify(row.Text).Abstained);
        Assert.Equal(answered, abstain.GetProperty("answered").GetInt32());
        Assert.Equal(loaded.ConfidenceThreshold, (float)abstain.GetProperty("threshold").GetDouble());
        Assert.Contains("accuracy on the answered texts", File.ReadAllText(Path.Combine(report, "report.html")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--abstain-precision", "0.9", "--abstain-coverage", "0.8")]
    [InlineData("--abstain-precision", "1.5")]
    [InlineData("--abstain-coverage", "0")]
    [InlineData("--abstain-coverage", "0.5", "--autotune")]
    public void Bad_abstain_arguments_exit_with_usage_error(params string[] extra)
    {
        CliResult result = CliResult.Run(null, ["train", fixture.TrainTsv, "--out", fixture.NewPath("never"), .. extra]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--abstain", result.Error, StringComparison.Ordinal);
    }
}
