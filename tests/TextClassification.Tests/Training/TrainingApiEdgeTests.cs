using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Tests.Training;

/// <summary>The training API's promises that an outside user found broken: progress that only rises, counts that
/// wrappers keep, and exceptions that name the caller's own argument.</summary>
public sealed class TrainingApiEdgeTests
{
    [Fact]
    public void A_hand_built_dataset_refuses_a_skipped_row_without_a_reason_naming_its_index()
    {
        // default(SkippedRow) has a null reason: the Dataset took it, and CountSkippedByReason (what the CLI's summary
        // calls) then threw ArgumentNullException('key') from inside a Dictionary (review 58c).
        SkippedRow[] skipped = [new(3, SkipReasons.EmptyText), default];

        var ex = Assert.Throws<ArgumentException>(() => new Dataset("hand-built", [], skipped));

        Assert.Equal("skipped", ex.ParamName);
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
        Assert.Single(new Dataset("hand-built", [], skipped[..1]).CountSkippedByReason());
    }

    [Fact]
    public void Autotunes_linear_member_trial_keeps_the_callers_other_linear_settings()
    {
        // The trial swapped the caller's LinearModelOptions for the defaults with the char tokenizer: C, the weight limit
        // and the memory budget (MaxEntries) given from C# were lost for every trial and the final model it chose.
        NGramTrainerOptions start = TestModels.FastOptions(3) with
        {
            LinearModel = new LinearModelOptions { C = 3, MaxEntries = 123_456, Tokenizer = new() { CharNGramMin = 2, CharNGramMax = 4 } },
        };

        AutotuneResult result = NGramAutotuner.TuneWithTrialLimit(TestModels.SmallData, TimeSpan.FromMinutes(10), start, null, maxTrials: 2, default);

        AutotuneTrial linear = Assert.Single(result.Trials, trial => trial.Change.Contains("linear chars", StringComparison.Ordinal));
        Assert.Equal(3, linear.Options.LinearModel!.C);
        Assert.Equal(123_456, linear.Options.LinearModel.MaxEntries);
        Assert.Equal(3, linear.Options.LinearModel.Tokenizer!.CharNGramMin);
    }

    [Fact]
    public void Autotune_progress_only_rises_and_ends_at_one()
    {
        // The final training reported from 0 again after the search had reported its share of the budget.
        var progress = new SynchronousProgress();

        NGramAutotuner.Tune(TestModels.SmallData, TimeSpan.FromMinutes(10), TestModels.FastOptions(3), progress);

        double[] fractions = [.. progress.Reports.Select(r => r.Fraction)];
        Assert.Contains(progress.Reports, r => r.Phase == "autotune");
        for (int i = 1; i < fractions.Length; i++)
        {
            Assert.True(fractions[i] >= fractions[i - 1], $"report {i} ({progress.Reports[i].Phase}) {fractions[i]} after {fractions[i - 1]}");
        }

        Assert.Equal(1, fractions[^1]);
    }

    [Fact]
    public void Multi_label_training_reports_every_score_as_micro_F1()
    {
        // The refitting and done reports said MultiLabel = false, so their micro-F1 read as an accuracy.
        List<LabeledText> rows = [.. SyntheticData.Generate(perLabel: 30, seed: 5).Select((row, i) => i % 3 == 0 ? row with { Label = row.Label + "|weekly" } : row)];
        var progress = new SynchronousProgress();

        NGramTrainer.Train(rows, TestModels.FastOptions(1) with { MultiLabelDelimiter = "|" }, progress);

        Assert.Contains(progress.Reports, r => r.Phase == "refitting");
        Assert.All(progress.Reports.Where(r => double.IsFinite(r.ValidationAccuracy)), r => Assert.True(r.MultiLabel, r.Phase));
    }

    [Fact]
    public void Abstain_training_and_autotune_keep_the_count_of_truncated_texts()
    {
        NGramTrainerOptions options = TestModels.FastOptions(2);
        options = options with { Tokenizer = options.Tokenizer with { MaxTokens = 3 } };

        int plain = NGramTrainer.Train(TestModels.SmallData, options).TruncatedTexts;
        int abstaining = AbstainTraining.Train(TestModels.SmallData, AbstainTarget.Coverage(0.9), options).Result.TruncatedTexts;
        int tuned = NGramAutotuner.Tune(TestModels.SmallData, TimeSpan.FromSeconds(30), options).Final.TruncatedTexts;

        Assert.True(plain > 0);
        Assert.Equal(plain, abstaining);
        Assert.Equal(plain, tuned);
    }

    [Fact]
    public void AbstainTraining_names_a_bad_example_as_the_caller_gave_it_before_training_anything()
    {
        // A row without a text or label was named as StratifiedSplitter's 'rows', a parameter the caller never passed;
        // an empty list was told "Every label has a single example (0 labels, 0 rows)"; a label holding a tab was found
        // by a training on the split, so the index named was the row's place in the split, not in the caller's list, or
        // (where the row was held out) only after the calibration model had trained.
        var rows = new List<LabeledText>(TestModels.SmallData);
        rows[5] = new LabeledText(rows[5].Text, null!);
        ArgumentException missing = Assert.Throws<ArgumentException>(() => AbstainTraining.Train(rows, AbstainTarget.Coverage(0.9), TestModels.FastOptions(1)));
        Assert.Equal("examples", missing.ParamName);
        Assert.StartsWith("Example 5 (index in the list) has no text or no label.", missing.Message, StringComparison.Ordinal);

        ArgumentException empty = Assert.Throws<ArgumentException>(() => AbstainTraining.Train([], AbstainTarget.Coverage(0.9)));
        Assert.Equal("examples", empty.ParamName);
        Assert.StartsWith("There are no training examples.", empty.Message, StringComparison.Ordinal);

        var progress = new List<TrainingProgress>();
        for (int bad = 0; bad < TestModels.SmallData.Count; bad += 17)
        {
            rows = [.. TestModels.SmallData];
            rows[bad] = new LabeledText(rows[bad].Text, "a\tb");
            ArgumentException control = Assert.Throws<ArgumentException>(
                () => AbstainTraining.Train(rows, AbstainTarget.Coverage(0.9), TestModels.FastOptions(1), new SyncProgress(progress.Add)));
            Assert.Equal("examples", control.ParamName);
            Assert.StartsWith($"Example {bad} (index in the list) has a label holding a line break, tab", control.Message, StringComparison.Ordinal);
        }

        Assert.Empty(progress); // refused before any training
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void Argument_errors_name_the_callers_own_argument()
    {
        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => AbstainTarget.Precision(1.5)).ParamName);
        Assert.Equal("coverage", Assert.Throws<ArgumentOutOfRangeException>(() => AbstainTarget.Coverage(0)).ParamName);
        Assert.Equal("heldOut", Assert.Throws<ArgumentException>(() => AbstainCalibrator.Calibrate(TestModels.Small, [], AbstainTarget.Precision(0.9))).ParamName);

        // A multi-label model abstains through its per-label thresholds: its held-out rows ("a|b") never equal one best
        // label, so every text counted wrong and the threshold chosen abstained on everything.
        TextClassifier multiLabel = NGramTrainer.Train(
            TextClassification.Tests.MultiLabel.MultiLabelData.Generate(60, seed: 3), TestModels.FastOptions(3) with { MultiLabelDelimiter = "|" }).Classifier;
        List<LabeledText> heldOut = TextClassification.Tests.MultiLabel.MultiLabelData.Generate(20, seed: 4);
        ArgumentException multi = Assert.Throws<ArgumentException>(() => AbstainCalibrator.Calibrate(multiLabel, heldOut, AbstainTarget.Precision(0.9)));
        Assert.Equal("classifier", multi.ParamName);
        Assert.Contains("multi-label", multi.Message, StringComparison.Ordinal);

        // A multi-label test row without a label, or without a text: named as training names it, not a bare
        // ArgumentNullException for a parameter the caller never passed.
        foreach (LabeledText bad in (LabeledText[])[new("a text", null!), new(null!, "a"), new("a text", "  ")])
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(TestModels.Small, [new("ok", "a"), bad], "|"));
            Assert.Equal("examples", error.ParamName);
            Assert.Contains("has no text or no label", error.Message, StringComparison.Ordinal);
        }

        // A delimiter the readers and the trainer refuse (a tab, a line break) was taken here.
        Assert.Equal("delimiter", Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(TestModels.Small, [new("ok", "a")], "\t")).ParamName);
    }

    [Fact]
    public void Autotune_and_abstain_training_record_the_seconds_their_results_give()
    {
        NGramTrainerOptions options = TestModels.FastOptions(1);

        NGramTrainingResult tuned = NGramAutotuner.Tune(TestModels.SmallData, TimeSpan.FromSeconds(30), options).Final;
        NGramTrainingResult abstaining = AbstainTraining.Train(TestModels.SmallData, AbstainTarget.Coverage(0.9), options).Result;

        Assert.Equal(tuned.Seconds, tuned.Classifier.Training!.Seconds);
        Assert.Equal(abstaining.Seconds, abstaining.Classifier.Training!.Seconds);
    }
}
