using System.Reflection;
using FsCheck.Xunit;
using TextClassification.Training.Data;
using TextClassification.Training.Splitting;

namespace TextClassification.Tests.Training;

[Properties(Arbitrary = [typeof(SplitCaseArbitrary)], MaxTest = 300)]
public sealed class StratifiedSplitterThreeWayTests
{
    [Property]
    public void The_three_parts_partition_the_indices_in_ascending_order(SplitCase sample)
    {
        (double validation, double test) = Fractions(sample);

        ThreeWaySplit<int> split = StratifiedSplitter.SplitThreeWay(sample.Labels, sample.ClassCount, validation, test, sample.Seed);

        Assert.Equal(Enumerable.Range(0, sample.Labels.Length), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        Assert.Equal(split.Train.Order(), split.Train);
        Assert.Equal(split.Validation.Order(), split.Validation);
        Assert.Equal(split.Test.Order(), split.Test);
    }

    [Property]
    public void Each_class_is_cut_in_proportion_and_classes_of_three_reach_every_part(SplitCase sample)
    {
        (double validation, double test) = Fractions(sample);

        ThreeWaySplit<int> split = StratifiedSplitter.SplitThreeWay(sample.Labels, sample.ClassCount, validation, test, sample.Seed);

        for (int c = 0; c < sample.ClassCount; c++)
        {
            (int members, int inTrain, int inValidation, int inTest) = Counts(sample, split, c);

            // Each cut rounds to the nearest row (and keeps one row back, two from the test cut where a validation part
            // is wanted), so each part is off by at most 2 rows.
            Assert.True(Math.Abs(inTest - (members * test)) <= 2.0001, $"class {c}: {inTest} of {members} in test, fraction {test}");
            Assert.True(Math.Abs(inValidation - (members * validation)) <= 2.0001, $"class {c}: {inValidation} of {members} in validation, fraction {validation}");
            if (members >= 3)
            {
                Assert.True(inTrain >= 1, $"class {c} of {members} rows has no training row");
                Assert.True(validation == 0 || inValidation >= 1, $"class {c} of {members} rows has no validation row");
                Assert.True(test == 0 || inTest >= 1, $"class {c} of {members} rows has no test row");
            }

            if (members == 1)
            {
                Assert.Equal(1, inTrain);
            }
        }
    }

    [Property]
    public void Each_part_is_within_one_row_of_its_share_where_every_part_expects_a_row_and_a_class_of_two_is_never_all_in_one_part(SplitCase sample)
    {
        (double validation, double test) = Fractions(sample);
        double train = 1 - validation - test;

        ThreeWaySplit<int> split = StratifiedSplitter.SplitThreeWay(sample.Labels, sample.ClassCount, validation, test, sample.Seed);

        for (int c = 0; c < sample.ClassCount; c++)
        {
            (int members, int inTrain, int inValidation, int inTest) = Counts(sample, split, c);

            // Only a part's forced row (each class of three rows reaches every part) may move a share by more than one
            // row, and no part is forced where each expects a row at least.
            if ((validation == 0 || members * validation >= 1) && (test == 0 || members * test >= 1) && members * train >= 1)
            {
                Assert.True(Math.Abs(inTest - (members * test)) <= 1.0001, $"class {c}: {inTest} of {members} in test, fraction {test}");
                Assert.True(Math.Abs(inValidation - (members * validation)) <= 1.0001, $"class {c}: {inValidation} of {members} in validation, fraction {validation}");
                Assert.True(Math.Abs(inTrain - (members * train)) <= 1.0001, $"class {c}: {inTrain} of {members} in train, fraction {train}");
            }

            if (members == 2 && validation + test > 0)
            {
                // One row trains, the other is held out: in test where there is a test part, else in validation.
                Assert.Equal((1, test > 0 ? 0 : 1, test > 0 ? 1 : 0), (inTrain, inValidation, inTest));
            }
        }
    }

    [Fact]
    public void Different_seeds_give_different_three_way_splits()
    {
        int[] labels = [.. Enumerable.Range(0, 300).Select(i => i % 3)];

        ThreeWaySplit<int> a = StratifiedSplitter.SplitThreeWay(labels, 3, 0.1, 0.2, seed: 1);
        ThreeWaySplit<int> b = StratifiedSplitter.SplitThreeWay(labels, 3, 0.1, 0.2, seed: 2);

        Assert.Equal((a.Validation.Count, a.Test.Count), (b.Validation.Count, b.Test.Count));
        Assert.NotEqual(a.Test, b.Test);
        Assert.NotEqual(a.Validation, b.Validation);
    }

    [Fact]
    public void A_class_of_three_rows_reaches_every_part_at_a_large_test_fraction()
    {
        ThreeWaySplit<int> split = StratifiedSplitter.SplitThreeWay(new int[3], 1, 0.1, 0.5, 1);

        Assert.Equal((1, 1, 1), (split.Train.Count, split.Validation.Count, split.Test.Count));
    }

    [Property]
    public void Same_seed_gives_the_same_split(SplitCase sample)
    {
        (double validation, double test) = Fractions(sample);

        ThreeWaySplit<int> a = StratifiedSplitter.SplitThreeWay(sample.Labels, sample.ClassCount, validation, test, sample.Seed);
        ThreeWaySplit<int> b = StratifiedSplitter.SplitThreeWay(sample.Labels, sample.ClassCount, validation, test, sample.Seed);

        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
    }

    [Fact]
    public void Rows_overload_keeps_the_rows_and_their_order()
    {
        var rows = new List<LabeledText>();
        for (int i = 0; i < 40; i++)
        {
            rows.Add(new LabeledText("t" + i, i % 4 == 0 ? "rare" : "common", i + 2));
        }

        ThreeWaySplit<LabeledText> split = StratifiedSplitter.SplitThreeWay(rows, validationFraction: 0.2, testFraction: 0.2, seed: 5);

        // 10 "rare" rows: 2 test, then 8 × 0.25 = 2 validation; 30 "common" rows: 6 test, 24 × 0.25 = 6 validation.
        Assert.Equal(8, split.Test.Count);
        Assert.Equal(8, split.Validation.Count);
        Assert.Equal(24, split.Train.Count);
        Assert.Equal(2, split.Test.Count(row => row.Label == "rare"));
        Assert.Equal(2, split.Validation.Count(row => row.Label == "rare"));
        Assert.Equal(rows, split.Train.Concat(split.Validation).Concat(split.Test).OrderBy(row => row.LineNumber));
        Assert.Equal(split.Train.OrderBy(row => row.LineNumber), split.Train);
    }

    [Fact]
    public void The_rows_overloads_grouping_stops_at_a_canceled_token_and_splits_as_the_public_one_without()
    {
        // AbstainTraining's held-out split groups copies and contained texts first: 1 to 3 s on a million rows, which a
        // canceled training ran through (2.6 s on sst2 × 20, review 49c).
        List<LabeledText> rows = [.. Enumerable.Range(0, 200).Select(i => new LabeledText($"text number {i % 150} of the set", i % 3 == 0 ? "a" : "b", i + 2))];
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => StratifiedSplitter.SplitThreeWay(rows, 0.1, 0, 8, canceled.Token));

        ThreeWaySplit<LabeledText> expected = StratifiedSplitter.SplitThreeWay(rows, 0.1, 0, 8);
        ThreeWaySplit<LabeledText> split = StratifiedSplitter.SplitThreeWay(rows, 0.1, 0, 8, CancellationToken.None);
        Assert.Equal(expected.Train, split.Train);
        Assert.Equal(expected.Validation, split.Validation);
    }

    [Fact]
    public void A_library_caller_can_cancel_the_rows_split_and_the_grouping_it_runs()
    {
        // The overloads that take a token were internal: a caller of the public API could not stop the grouping of
        // copies and contained texts (1 to 3 s on a million rows).
        const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;
        MethodInfo? split = typeof(StratifiedSplitter).GetMethod(
            nameof(StratifiedSplitter.SplitThreeWay), PublicStatic, [typeof(IReadOnlyList<LabeledText>), typeof(double), typeof(double), typeof(int), typeof(CancellationToken)]);
        MethodInfo? contained = typeof(ContainedTexts).GetMethod(nameof(ContainedTexts.Leaders), PublicStatic, [typeof(IReadOnlyList<string>), typeof(CancellationToken)]);
        MethodInfo? copies = typeof(DuplicateTexts).GetMethod(nameof(DuplicateTexts.Leaders), PublicStatic, [typeof(IReadOnlyList<string>), typeof(CancellationToken)]);
        Assert.NotNull(split);
        Assert.NotNull(contained);
        Assert.NotNull(copies);

        List<LabeledText> rows = [.. Enumerable.Range(0, 50).Select(i => new LabeledText($"text {i}", i % 2 == 0 ? "a" : "b", i + 2))];
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(() => split.Invoke(null, [rows, 0.1, 0.1, 3, canceled.Token]));
        Assert.IsAssignableFrom<OperationCanceledException>(thrown.InnerException);
    }

    [Fact]
    public void Bad_fractions_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.SplitThreeWay([0, 1], 2, 0.5, 0.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.SplitThreeWay([0, 1], 2, -0.1, 0.2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.SplitThreeWay([0, 1], 2, 0.1, double.NaN, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.SplitThreeWay([0, 3], 2, 0.1, 0.1, 0));
    }

    /// <summary>Class <paramref name="c"/>'s rows in all, and in each part of <paramref name="split"/>.</summary>
    private static (int Members, int InTrain, int InValidation, int InTest) Counts(SplitCase sample, ThreeWaySplit<int> split, int c) =>
        (sample.Labels.Count(l => l == c),
         split.Train.Count(i => sample.Labels[i] == c),
         split.Validation.Count(i => sample.Labels[i] == c),
         split.Test.Count(i => sample.Labels[i] == c));

    /// <summary>Validation and test fractions derived from the case's fraction, always adding up to less than 1; for odd
    /// seeds a test fraction up to 0.9 (at 0.5 and more the test cut had left a class of three rows none for
    /// validation).</summary>
    private static (double Validation, double Test) Fractions(SplitCase sample) =>
        sample.Seed % 2 == 0 ? (sample.Fraction * 0.4, sample.Fraction * 0.5) : (sample.Fraction * 0.09, sample.Fraction * 0.9);
}
