using TextClassification.Cli;
using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Tests.Cli;

public sealed class AutotuneReportTests
{
    [Fact]
    public void A_trial_cut_off_by_the_budget_is_listed_but_not_counted_as_tried()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 1);
        NGramTrainingResult final = NGramTrainer.Train(TestModels.SmallData, options);
        AutotuneTrial[] trials =
        [
            new(options, "defaults", 0.91, 5, 1.0, ValidationExamples: 30),
            new(options, "lr 0.5", 0.93, 5, 1.2, ValidationExamples: 30),
            new(options, "dim 100", double.NaN, 0, 0.4, CutOff: true),
        ];
        var result = new AutotuneResult(options, 0.93, trials, final, 2.6, []);
        var output = new StringWriter();

        AutotuneReport.Write(new CliConsole(output, new StringWriter(), new StringReader(string.Empty), false, false), result);

        Assert.StartsWith("Autotune: 2 trials and 1 cut off by the time budget in 2.6 s", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("dim 100              cut off by the time budget", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_the_budget_cut_off_is_said_to_be_unscored_for_want_of_time()
    {
        // It said "nothing to compare on", the words for data too small to hold a validation split out.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 1);
        NGramTrainingResult final = NGramTrainer.Train(TestModels.SmallData, options);
        var result = new AutotuneResult(options, double.NaN, [new(options, "start", double.NaN, 0, 1.0, CutOff: true)], final, 1.0, ["lr"]);
        var output = new StringWriter();

        AutotuneReport.Write(new CliConsole(output, new StringWriter(), new StringReader(string.Empty), false, false), result);

        Assert.Contains("(the time budget ran out before they were scored: the settings it started from were kept)", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to compare on", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_kept_because_every_finished_trial_diverged_are_said_to_be_unscored_for_that()
    {
        // train trec6 --autotune --time-budget 1s --lr 10: four trials diverged, the fifth was cut off, and the summary
        // said "nothing to compare on", the words for data too small to hold a validation split out.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 1);
        NGramTrainingResult final = NGramTrainer.Train(TestModels.SmallData, options);
        AutotuneTrial[] diverged =
        [
            new(options, "start", double.NaN, 0, 0.4) { Diverged = true },
            new(options with { Dimension = 32 }, "second model none", double.NaN, 0, 0.1) { Diverged = true },
            new(options with { Dimension = 128 }, "char n-grams 3:5", double.NaN, 0, 0.2, CutOff: true),
        ];
        // Data too small for a validation split after a diverged start: that reason stands.
        AutotuneTrial[] tooSmall =
        [
            new(options, "start", double.NaN, 0, 0.4) { Diverged = true },
            new(options with { Dimension = 32 }, "lr 0.25", double.NaN, 3, 0.1),
        ];

        string divergedSummary = Summary(new AutotuneResult(options, double.NaN, diverged, final, 1.0, ["lr"]));
        string tooSmallSummary = Summary(new AutotuneResult(options with { Dimension = 32 }, double.NaN, tooSmall, final, 1.0, []));

        Assert.Contains("(every trial that finished diverged, so none was scored: the settings it started from were kept)", divergedSummary, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to compare on", divergedSummary, StringComparison.Ordinal);
        Assert.Contains("(nothing to compare on: the settings it started from were kept)", tooSmallSummary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_learning_rate_the_final_training_lowered_is_said_beside_the_one_chosen()
    {
        // Review 57f: 'Chose: … lr 10' where the final model's word model had trained at 1.25 (halved where its loss
        // overflowed); only the manifest and the stderr lines said so.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { LearningRate = 10, LinearModel = null };
        NGramTrainingResult lowered = NGramTrainer.Train(TestModels.SmallData, options);
        NGramTrainingResult plain = NGramTrainer.Train(TestModels.SmallData, options with { LearningRate = new NGramTrainerOptions().LearningRate });
        AutotuneTrial[] trials = [new(options, "start", 0.9, 10, 0.4)];

        string loweredSummary = Summary(new AutotuneResult(options, 0.9, trials, lowered, 1.0, []));
        string plainSummary = Summary(new AutotuneResult(options, 0.9, trials, plain, 1.0, []));

        Assert.Contains("lr 10,", loweredSummary, StringComparison.Ordinal);
        Assert.Matches(@"The final training lowered the learning rate where the loss overflowed: word model (5|2\.5|1\.25)\.", loweredSummary);
        Assert.DoesNotContain("lowered the learning rate", plainSummary, StringComparison.Ordinal);
    }

    private static string Summary(AutotuneResult result)
    {
        var output = new StringWriter();
        AutotuneReport.Write(new CliConsole(output, new StringWriter(), new StringReader(string.Empty), false, false), result);
        return output.ToString();
    }

    [Theory]
    [InlineData(NGramPooling.TfIdf, "pooling tfidf,")]
    [InlineData(NGramPooling.Mean, "pooling mean,")]
    public void The_chosen_pooling_is_named_as_the_pooling_option_takes_it(NGramPooling pooling, string expected)
    {
        // It printed the enum's name ("pooling TfIdf"), which --pooling does not take.
        NGramTrainerOptions options = TestModels.FastOptions(seed: 1) with { Pooling = pooling };
        NGramTrainingResult final = NGramTrainer.Train(TestModels.SmallData, options);
        var result = new AutotuneResult(options, 0.91, [new(options, "start", 0.91, 3, 1.0, ValidationExamples: 30)], final, 1.0, []);
        var output = new StringWriter();

        AutotuneReport.Write(new CliConsole(output, new StringWriter(), new StringReader(string.Empty), false, false), result);

        Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_the_budget_left_untried_keep_the_values_given_and_one_epoch_is_singular()
    {
        // Started from --lr 0.5 --dim 32: the summary said the untried settings "keep their defaults" and then chose lr
        // 0.5 and dim 32; and "(1 epochs)".
        NGramTrainerOptions options = TestModels.FastOptions(seed: 1) with { LearningRate = 0.5f, Dimension = 32 };
        NGramTrainingResult final = NGramTrainer.Train(TestModels.SmallData, options);
        AutotuneTrial[] trials =
        [
            new(options, "start", 0.91, 1, 1.0, ValidationExamples: 30),
            new(options, "second model sgd chars", double.NaN, 0, 0.4, CutOff: true),
        ];
        var result = new AutotuneResult(options, 0.91, trials, final, 1.4, ["second model", "lr", "dim"]);
        var output = new StringWriter();

        AutotuneReport.Write(new CliConsole(output, new StringWriter(), new StringReader(string.Empty), false, false), result);

        string text = output.ToString();
        Assert.DoesNotContain("defaults", text, StringComparison.Ordinal);
        Assert.Contains("The time budget ran out before any value of second model, lr, dim was tried: those keep the values the search started from", text, StringComparison.Ordinal);
        Assert.Contains("0.9100 (1 epoch), 1.0 s", text, StringComparison.Ordinal);
        Assert.Contains("lr 0.5, dim 32", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 1 epochs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Trial_names_longer_than_the_column_keep_the_scores_aligned()
    {
        NGramTrainerOptions options = TestModels.FastOptions(seed: 1);
        NGramTrainingResult final = NGramTrainer.Train(TestModels.SmallData, options);
        AutotuneTrial[] trials =
        [
            new(options, "start", 0.91, 5, 1.0, ValidationExamples: 30),
            new(options, "word n-grams 2 + skip-bigrams", 0.92, 5, 1.2, ValidationExamples: 30),
        ];
        var result = new AutotuneResult(options, 0.91, trials, final, 2.2, []);
        var output = new StringWriter();

        AutotuneReport.Write(new CliConsole(output, new StringWriter(), new StringReader(string.Empty), false, false), result);

        string[] lines = output.ToString().Split('\n');
        int start = Array.FindIndex(lines, line => line.StartsWith("  start ", StringComparison.Ordinal));
        Assert.Equal(lines[start].IndexOf("0.9100", StringComparison.Ordinal), lines[start + 1].IndexOf("0.9200", StringComparison.Ordinal));
    }
}
