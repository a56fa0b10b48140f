using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary><see cref="MonotoneProgress"/>: what an n-gram training's caller receives is the reports as made, each with
/// the highest fraction so far.</summary>
public sealed class MonotoneProgressTests
{
    [Property(MaxTest = 300)]
    public Property Each_report_passes_on_with_the_highest_fraction_so_far()
    {
        Gen<double[]> fractions = Gen.ArrayOf(Gen.Choose(0, 1000).Select(n => n / 1000.0));
        return Prop.ForAll(fractions.ToArbitrary(), given =>
        {
            var received = new SynchronousProgress();
            IProgress<TrainingProgress> monotone = MonotoneProgress.Of(received)!;

            for (int i = 0; i < given.Length; i++)
            {
                monotone.Report(new TrainingProgress($"phase {i}", i, given.Length, given[i], i, double.NaN));
            }

            Assert.Equal(given.Length, received.Reports.Count);
            double highest = 0;
            for (int i = 0; i < given.Length; i++)
            {
                highest = Math.Max(highest, given[i]);
                Assert.Equal(new TrainingProgress($"phase {i}", i, given.Length, highest, i, double.NaN), received.Reports[i]);
            }
        });
    }

    [Fact]
    public void A_view_is_made_once_and_none_without_a_target()
    {
        IProgress<TrainingProgress> once = MonotoneProgress.Of(new SynchronousProgress())!;

        Assert.Same(once, MonotoneProgress.Of(once));
        Assert.Null(MonotoneProgress.Of(null));
    }
}
