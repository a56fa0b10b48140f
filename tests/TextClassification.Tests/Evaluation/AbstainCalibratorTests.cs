using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

public sealed class AbstainCalibratorTests
{
    // Worked by hand: sorted by confidence 0.9 ✓, 0.8 ✓, 0.8 ✗, 0.6 ✓, 0.3 ✗. The tie at 0.8 is one point.
    private static readonly float[] Confidences = [0.6f, 0.8f, 0.3f, 0.9f, 0.8f];
    private static readonly bool[] Correct = [true, true, false, true, false];

    [Fact]
    public void The_curve_has_one_point_per_distinct_confidence()
    {
        IReadOnlyList<CoveragePoint> curve = AbstainCalibrator.Curve(Confidences, Correct);

        Assert.Equal([0.9f, 0.8f, 0.6f, 0.3f], curve.Select(p => (float)p.Threshold));
        Assert.Equal([0.2, 0.6, 0.8, 1.0], curve.Select(p => Math.Round(p.Coverage, 10)));
        Assert.Equal([1.0, 2.0 / 3, 0.75, 0.6], curve.Select(p => p.Accuracy));
    }

    [Theory]
    [InlineData(0.7, 0.6f, 0.8, 0.75)]
    [InlineData(0.76, 0.9f, 0.2, 1.0)]
    [InlineData(1.0, 0.9f, 0.2, 1.0)]
    [InlineData(0.6, 0f, 1.0, 0.6)] // every held-out text answered: threshold 0, not the lowest confidence 0.3
    public void A_precision_target_takes_the_lowest_threshold_that_meets_it(double precision, float threshold, double coverage, double accuracy)
    {
        AbstainCalibration calibration = AbstainCalibrator.Choose(Confidences, Correct, AbstainTarget.Precision(precision));

        Assert.Equal(threshold, (float)calibration.Chosen.Threshold);
        Assert.Equal(coverage, calibration.Chosen.Coverage, 10);
        Assert.Equal(accuracy, calibration.Chosen.Accuracy, 10);
        Assert.True(calibration.TargetReached);
        Assert.Equal(5, calibration.Examples);
        Assert.Equal(AbstainTargetKind.Precision, calibration.Target.Kind);
        Assert.Equal("precision", calibration.ToSection().Target);
        Assert.Equal("coverage", AbstainCalibrator.Choose(Confidences, Correct, AbstainTarget.Coverage(0.5)).ToSection().Target);
    }

    [Theory]
    [InlineData(0.5, 0.8f)]
    [InlineData(0.6, 0.8f)]
    [InlineData(0.61, 0.6f)]
    [InlineData(1.0, 0f)]
    [InlineData(0.1, 0.9f)]
    public void A_coverage_target_takes_the_highest_threshold_that_answers_enough(double coverage, float threshold)
    {
        AbstainCalibration calibration = AbstainCalibrator.Choose(Confidences, Correct, AbstainTarget.Coverage(coverage));

        Assert.Equal(threshold, (float)calibration.Chosen.Threshold);
        Assert.True(calibration.Chosen.Coverage >= coverage);
    }

    [Fact]
    public void When_every_held_out_answer_is_right_a_less_confident_text_is_still_answered()
    {
        AbstainCalibration calibration = AbstainCalibrator.Choose([0.9f, 0.7f, 0.8f], [true, true, true], AbstainTarget.Precision(0.99));

        Assert.Equal(1.0, calibration.Chosen.Coverage);
        Assert.Equal(0, calibration.Chosen.Threshold);
        Assert.False(new Prediction(["a", "b"], [0.55f, 0.45f], (float)calibration.ToSection().Threshold).Abstained);
    }

    [Fact]
    public void An_unreachable_precision_answers_nothing_and_says_so()
    {
        AbstainCalibration calibration = AbstainCalibrator.Choose([0.9f, 0.5f], [false, false], AbstainTarget.Precision(0.5));

        Assert.False(calibration.TargetReached);
        Assert.Equal(0, calibration.Chosen.Coverage);
        // Every text abstains, even one more confident than any held-out text (the final model is retrained on all
        // the data and more confident than the calibration model).
        var section = calibration.ToSection();
        Assert.Equal(AbstainSection.AlwaysAbstain, section.Threshold);
        Assert.True(new Prediction(["a", "b"], [1f, 0f], (float)section.Threshold).Abstained);
        // No answered text, no accuracy: left out of the manifest, not written as the string "NaN".
        Assert.Null(section.AnsweredAccuracy);
        Assert.Equal(0, section.Coverage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Targets_outside_0_1_are_refused(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AbstainTarget.Precision(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbstainTarget.Coverage(value));
    }

    [Fact]
    public void Empty_or_mismatched_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AbstainCalibrator.Choose([], [], AbstainTarget.Coverage(0.5)));
        Assert.Throws<ArgumentException>(() => AbstainCalibrator.Choose([0.5f], [true, false], AbstainTarget.Coverage(0.5)));
        Assert.Throws<ArgumentException>(() => AbstainCalibrator.Curve([0.9f, 0.8f, 0.7f], [true])); // was IndexOutOfRangeException
        Assert.Throws<ArgumentOutOfRangeException>(() => AbstainCalibrator.Choose([float.NaN, 0.5f], [true, false], AbstainTarget.Precision(0.9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbstainCalibrator.Curve([1.5f], [true]));
        // A rounding error above 1 is read as 1, so the threshold chosen is one WithAbstain takes.
        AbstainCalibration rounded = AbstainCalibrator.Choose([1.0005f, 0.6f, 0.55f], [true, false, false], AbstainTarget.Precision(0.9));
        Assert.Equal(1f, rounded.Chosen.Threshold);
        Assert.True(AbstainSection.IsValidThreshold(rounded.Chosen.Threshold));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbstainCalibrator.Curve([-0.1f], [true]));
    }

    [Fact]
    public void A_prediction_at_the_threshold_is_answered_and_below_it_abstains()
    {
        Assert.False(new Prediction(["a", "b"], [0.7f, 0.3f], 0.7f).Abstained);
        Assert.True(new Prediction(["a", "b"], [0.69f, 0.31f], 0.7f).Abstained);
        Assert.False(new Prediction(["a", "b"], [0.5f, 0.5f]).Abstained);
        Assert.True(new Prediction(["a", "b"], [1f, 0f], (float)TextClassification.Bundles.AbstainSection.AlwaysAbstain).Abstained);
        Assert.StartsWith("none of these", new Prediction(["a", "b"], [0.6f, 0.4f], 0.7f).ToString(), StringComparison.Ordinal);
        // "None of these" assigns no label; an answered prediction assigns its label.
        Assert.Empty(new Prediction(["a", "b"], [0.6f, 0.4f], 0.7f).PredictedLabels);
        Assert.Equal(["a"], new Prediction(["a", "b"], [0.7f, 0.3f], 0.7f).PredictedLabels);
    }

    public static Arbitrary<(float[] Confidences, bool[] Correct)> Samples() =>
        (from n in Gen.Choose(1, 60)
         from confidences in Gen.ArrayOf(Gen.Choose(0, 20).Select(v => v / 20f), n)
         from correct in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), n)
         select (confidences, correct)).ToArbitrary();

    [Property(Arbitrary = [typeof(AbstainCalibratorTests)], MaxTest = 300)]
    public void The_chosen_precision_point_is_the_widest_that_meets_the_target((float[] Confidences, bool[] Correct) sample)
    {
        foreach (double precision in new[] { 0.5, 0.8, 0.95 })
        {
            AbstainCalibration calibration = AbstainCalibrator.Choose(sample.Confidences, sample.Correct, AbstainTarget.Precision(precision));
            IReadOnlyList<CoveragePoint> curve = calibration.Curve;

            if (calibration.TargetReached)
            {
                Assert.True(calibration.Chosen.Accuracy >= precision);
                Assert.DoesNotContain(curve, p => p.Coverage > calibration.Chosen.Coverage && p.Accuracy >= precision);
            }
            else
            {
                Assert.DoesNotContain(curve, p => p.Accuracy >= precision);
            }

            // The threshold answers exactly the texts the chosen point counts.
            int answered = sample.Confidences.Count(c => c >= calibration.Chosen.Threshold);
            Assert.Equal(calibration.Chosen.Coverage, (double)answered / sample.Confidences.Length, 10);
        }
    }

    [Property(Arbitrary = [typeof(AbstainCalibratorTests)], MaxTest = 300)]
    public void The_curve_rises_to_full_coverage_and_ignores_row_order((float[] Confidences, bool[] Correct) sample)
    {
        IReadOnlyList<CoveragePoint> curve = AbstainCalibrator.Curve(sample.Confidences, sample.Correct);
        int[] reversed = Enumerable.Range(0, sample.Confidences.Length).Reverse().ToArray();
        IReadOnlyList<CoveragePoint> shuffled = AbstainCalibrator.Curve(
            reversed.Select(i => sample.Confidences[i]).ToArray(), reversed.Select(i => sample.Correct[i]).ToArray());

        Assert.Equal(1.0, curve[^1].Coverage, 10);
        Assert.Equal(sample.Correct.Count(c => c) / (double)sample.Correct.Length, curve[^1].Accuracy, 10);
        for (int i = 1; i < curve.Count; i++)
        {
            Assert.True(curve[i].Coverage > curve[i - 1].Coverage);
            Assert.True(curve[i].Threshold < curve[i - 1].Threshold);
        }

        Assert.Equal(curve, shuffled);
    }
}
