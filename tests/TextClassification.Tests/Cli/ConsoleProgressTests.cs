using TextClassification.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;
using TextClassification.Training.Tuning;

namespace TextClassification.Tests.Cli;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void Lines_name_the_model_when_several_train_side_by_side()
    {
        var epoch = new TrainingProgress("training", 3, 30, 0.1, 0.4123, 0.95);

        Assert.Equal("training epoch 3/30: loss 0.4123, validation accuracy 0.9500", ConsoleProgress.Describe(epoch));
        Assert.Equal("word model: training epoch 3/30: loss 0.4123, validation accuracy 0.9500", ConsoleProgress.Describe(epoch with { Model = "word model" }));
        Assert.Equal("linear member: fitting logistic regression", ConsoleProgress.Describe(new TrainingProgress("linear", 0, 30, 0, double.NaN, double.NaN) { Model = "linear member" }));
        Assert.Equal("linear member: iteration 10/30: loss 0.5000", ConsoleProgress.Describe(new TrainingProgress("linear", 10, 30, 0.3, 0.5, double.NaN) { Model = "linear member" }));
        Assert.Equal("linear model iteration 10/30: loss 0.5000", ConsoleProgress.Describe(new TrainingProgress("linear", 10, 30, 0.3, 0.5, double.NaN)));
        Assert.Equal("linear member: logistic regression fitted in 17 iterations", ConsoleProgress.Describe(new TrainingProgress("linear", 17, 30, 0.4, double.NaN, double.NaN) { Model = "linear member" }));
        Assert.Equal(
            "calibration model: word model: training epoch 3/30: loss 0.4123, validation accuracy 0.9500",
            ConsoleProgress.Describe(epoch with { Phase = "calibration model: training", Model = "word model" }));
        Assert.Equal("word model: refitting epoch 4/30: 40 % done", ConsoleProgress.Describe(new TrainingProgress("refitting", 4, 30, 0.6, double.NaN, double.NaN) { EpochShare = 0.4, Model = "word model" }));
        Assert.Equal("training epoch 4/30: 99 % done", ConsoleProgress.Describe(new TrainingProgress("training", 4, 30, 0.6, double.NaN, double.NaN) { EpochShare = 0.997 }));
        // The autotune line is about the whole search, not a member.
        Assert.StartsWith("autotune trial 2:", ConsoleProgress.Describe(new TrainingProgress("autotune", 2, 0, 0.5, double.NaN, 0.9) { Model = "word model" }), StringComparison.Ordinal);
        Assert.Equal("autotune trial 3: 45 % done", ConsoleProgress.Describe(new TrainingProgress("autotune", 3, 0, 0.5, double.NaN, 0.9) { EpochShare = 0.456 }));
    }

    [Fact]
    public void An_autotune_line_names_the_setting_tried_and_its_own_score_beside_the_kept_settings()
    {
        // Redirected to a log these were the only trace of the search before its summary (review 57f).
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3);
        var running = new TrainingProgress("autotune", 4, 0, 0.5, double.NaN, 0.909) { EpochShare = 0.456, TrialChange = "lr 0.5" };
        Assert.Equal("autotune trial 4 (lr 0.5): 45 % done", ConsoleProgress.Describe(running));

        var scored = new TrainingProgress("autotune", 4, 0, 0.5, double.NaN, 0.909)
        {
            TrialChange = "lr 0.5",
            Trial = new AutotuneTrial(options, "lr 0.5", 0.8, 7, 1.2, 100),
        };
        Assert.Equal("autotune trial 4 (lr 0.5): validation accuracy 0.8000 in 7 epochs; the settings kept 0.9090", ConsoleProgress.Describe(scored));

        var diverged = scored with { Trial = new AutotuneTrial(options, "lr 10", double.NaN, 0, 0.3) { Diverged = true }, TrialChange = "lr 10", ValidationAccuracy = double.NaN };
        Assert.Equal("autotune trial 4 (lr 10): diverged, the learning rate is too high for this data; no settings scored yet", ConsoleProgress.Describe(diverged));

        var unscored = scored with { Trial = new AutotuneTrial(options, "start", double.NaN, 12, 0.3), TrialChange = "start", Epoch = 1, ValidationAccuracy = double.NaN };
        Assert.Equal("autotune trial 1 (start): no validation split", ConsoleProgress.Describe(unscored));
    }

    [Fact]
    public void A_long_epoch_reports_its_share_done_without_changing_the_model()
    {
        // Every 256 examples with the interval at zero (a second by default): 600 rows of which 540 train.
        var reports = new List<TrainingProgress>();
        List<LabeledText> rows = SyntheticData.Generate(perLabel: 200, seed: 8);
        NGramTrainerOptions options = TestModels.FastOptions(seed: 3) with { LinearModel = null, EpochShareInterval = TimeSpan.Zero };

        TextClassifier reported = NGramTrainer.Train(rows, options, new Collect(reports)).Classifier;
        TextClassifier quiet = NGramTrainer.Train(rows, options with { EpochShareInterval = TimeSpan.FromHours(1) }).Classifier;

        List<TrainingProgress> shares;
        lock (reports)
        {
            shares = [.. reports.Where(r => r.EpochShare is not null)];
            Assert.NotEmpty(shares);
            Assert.All(shares, r =>
            {
                Assert.InRange(r.EpochShare!.Value, 0.01, 0.99);
                Assert.True(double.IsNaN(r.TrainLoss) && double.IsNaN(r.ValidationAccuracy));
                Assert.Contains(r.Phase, (string[])["training", "refitting"]);
            });
            Assert.Contains(shares, r => r.Phase == "refitting");
            // The overall fraction still only rises.
            double[] fractions = [.. reports.Select(r => r.Fraction)];
            Assert.Equal(fractions.Order(), fractions);
            // An epoch's share reports come before its end report, with the same epoch number.
            int first = reports.FindIndex(r => r.EpochShare is not null);
            TrainingProgress end = reports.Skip(first).First(r => r.EpochShare is null);
            Assert.Equal(reports[first].Epoch, end.Epoch);
        }

        foreach (string text in SyntheticData.Texts(20, seed: 9))
        {
            Assert.Equal(quiet.Classify(text).Scores, reported.Classify(text).Scores);
        }
    }

    [Fact]
    public void The_trainer_names_each_member_in_its_reports()
    {
        var reports = new List<TrainingProgress>();
        var progress = new Collect(reports);

        NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(seed: 3) with { LinearModel = new LinearModelOptions() }, progress);

        lock (reports)
        {
            Assert.Contains(reports, r => r.Phase == "training" && r.Model == "word model");
            Assert.Contains(reports, r => r.Phase == "linear" && r.Model == "linear member");
            Assert.DoesNotContain(reports, r => r.Phase == "linear" && r.Model != "linear member");
        }
    }

    [Fact]
    public void Members_training_side_by_side_never_enter_the_handler_at_once()
    {
        // The first call waits up to a second inside the handler: the other member's lane reports within that time, so
        // a second call would enter alongside it unless the calls are serialized.
        int inside = 0;
        int overlaps = 0;
        int calls = 0;
        using var entered = new ManualResetEventSlim();
        var progress = new Handler(_ =>
        {
            int call = Interlocked.Increment(ref calls);
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
                entered.Set();
            }

            if (call == 1)
            {
                entered.Wait(TimeSpan.FromSeconds(1));
            }

            Interlocked.Decrement(ref inside);
        });

        NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(seed: 3) with { LinearModel = new LinearModelOptions(), Threads = 2 }, progress);

        Assert.True(calls > 3, $"{calls} reports");
        Assert.Equal(0, overlaps);
    }

    private sealed class Handler(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private sealed class Collect(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
