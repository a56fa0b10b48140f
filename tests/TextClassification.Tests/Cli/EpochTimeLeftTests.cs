using System.Diagnostics;
using TextClassification.Cli;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Cli;

/// <summary>A long epoch's progress says how long it has left (review 56b: 100,000 labels of one text each ran at 15 % of
/// its first epoch after five minutes, about 30 minutes an epoch, and nothing said so).</summary>
public sealed class EpochTimeLeftTests
{
    private static TrainingProgress Share(double share, int epoch = 1, string? model = "word model", string phase = "training") =>
        new(phase, epoch, 30, share / 30, double.NaN, double.NaN) { EpochShare = share, Model = model };

    private static long At(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void The_time_left_comes_from_the_rate_since_the_epochs_first_share_report()
    {
        var left = new EpochTimeLeft();

        Assert.Null(left.Describe(Share(0.05), At(1)));
        // 10 % more in 100 s: the 85 % left takes 850 s (minutes rounded up).
        Assert.Equal("about 15 min left in this epoch", left.Describe(Share(0.15), At(101)));
        // 10 % in 1,000 s: 8,500 s.
        Assert.Equal("about 2 h 22 min left in this epoch", left.Describe(Share(0.15), At(1001)));
    }

    [Fact]
    public void Each_model_and_epoch_has_its_own_rate()
    {
        var left = new EpochTimeLeft();
        left.Describe(Share(0.10, model: "word model"), At(0));
        left.Describe(Share(0.10, model: "linear member"), At(0));

        // 0.7 left at 0.5 % a second, and 0.86 at 0.1 % a second.
        Assert.Equal("about 3 min left in this epoch", left.Describe(Share(0.30, model: "word model"), At(40)));
        Assert.Equal("about 15 min left in this epoch", left.Describe(Share(0.14, model: "linear member"), At(40)));

        // A new epoch starts its own count: its first report has no rate yet.
        Assert.Null(left.Describe(Share(0.02, epoch: 2), At(100)));
        Assert.Equal("about 9 min left in this epoch", left.Describe(Share(0.12, epoch: 2), At(160)));
    }

    [Fact]
    public void An_epoch_trained_again_from_its_start_counts_from_its_own_first_report()
    {
        // Epoch 1 diverged (its loss found NaN at its end, after 30 minutes) and runs again at a halved learning rate
        // (NGramTrainer's "diverged at learning rate …: training again at …" report, same model, epoch 0): the new run's
        // first share report may equal the old run's, and the old run's 30 minutes are no part of the new one's rate.
        var left = new EpochTimeLeft();
        left.Describe(Share(0.03), At(1));
        left.Describe(Share(0.99), At(1790));
        left.Describe(new TrainingProgress("diverged at learning rate 0.5: training again at 0.25", 0, 30, 0.03, double.NaN, double.NaN) { Model = "word model" }, At(1800));

        Assert.Null(left.Describe(Share(0.03), At(1801)));
        // 10 % in 180 s: 87 % left takes about 1,566 s, not the 30 minutes of the run that diverged counted in.
        Assert.Equal("about 27 min left in this epoch", left.Describe(Share(0.13), At(1981)));
    }

    [Fact]
    public void Under_a_minute_left_is_not_said()
    {
        var left = new EpochTimeLeft();
        left.Describe(Share(0.10), At(0));

        Assert.Equal("about 2 min left in this epoch", left.Describe(Share(0.20), At(10)));
        Assert.Null(left.Describe(Share(0.95), At(85)));
    }

    [Theory]
    [InlineData(0.10, 100)] // no progress since the first report: no rate
    [InlineData(0.60, 3)] // too soon after the first report to trust a rate
    public void No_estimate_without_a_rate_to_trust(double then, double seconds)
    {
        var left = new EpochTimeLeft();
        left.Describe(Share(0.10), At(0));

        Assert.Null(left.Describe(Share(then), At(seconds)));
    }

    [Fact]
    public void Reports_that_are_not_an_epoch_under_way_get_no_estimate()
    {
        var left = new EpochTimeLeft();
        left.Describe(Share(0.1, phase: "autotune"), At(0));

        // An autotune trial's share: the search's time budget, not the trial, says when it ends.
        Assert.Null(left.Describe(Share(0.2, phase: "autotune"), At(100)));
        // An epoch's closing report has no share.
        Assert.Null(left.Describe(new TrainingProgress("training", 1, 30, 0.03, 0.5, 0.9), At(200)));
    }
}
