using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Splitting;

namespace TextClassification.Tests.Training;

/// <summary>Class labels 0..ClassCount-1 (every class occurs; some are singletons) and a fraction for the second part.</summary>
public sealed record SplitCase(int[] Labels, int ClassCount, double Fraction, int Seed)
{
    public override string ToString() =>
        $"SplitCase(classes={ClassCount}, fraction={Fraction}, seed={Seed}, labels=[{string.Join(",", Labels)}])";
}

public static class SplitCaseArbitrary
{
    public static Arbitrary<SplitCase> SplitCase() =>
        (from classCount in Gen.Choose(1, 8)
         from length in Gen.Choose(1, 300)
         from skew in Gen.Elements(false, true)
         from labels in Gen.ArrayOf(skew ? Gen.Frequency((10, Gen.Constant(0)), (1, Gen.Choose(0, classCount - 1))) : Gen.Choose(0, classCount - 1), length)
         from fraction in Gen.Elements(0.0, 0.01, 0.1, 0.2, 0.25, 0.5, 0.75, 0.9, 0.99)
         from seed in Gen.Choose(int.MinValue, int.MaxValue)
         select Compact(labels, fraction, seed)).ToArbitrary();

    // Renumbers the classes that occur to 0..k-1, as the trainer does (empty classes have their own test).
    private static SplitCase Compact(int[] labels, double fraction, int seed)
    {
        int[] present = labels.Distinct().Order().ToArray();
        int[] compact = labels.Select(l => Array.IndexOf(present, l)).ToArray();
        return new SplitCase(compact, present.Length, fraction, seed);
    }
}

[Properties(Arbitrary = [typeof(SplitCaseArbitrary)], MaxTest = 500)]
public sealed class StratifiedSplitterPropertyTests
{
    [Property]
    public void The_two_parts_partition_the_indices_in_ascending_order(SplitCase sample)
    {
        (int[] first, int[] second) = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed);

        Assert.Equal(Enumerable.Range(0, sample.Labels.Length), first.Concat(second).Order());
        Assert.Equal(first.Order(), first);
        Assert.Equal(second.Order(), second);
    }

    [Property]
    public void Each_class_is_cut_in_proportion(SplitCase sample)
    {
        (int[] first, int[] second) = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed);

        for (int c = 0; c < sample.ClassCount; c++)
        {
            int members = sample.Labels.Count(l => l == c);
            int inSecond = second.Count(i => sample.Labels[i] == c);
            double expected = members * sample.Fraction;

            Assert.True(Math.Abs(inSecond - expected) <= 1, $"class {c}: {inSecond} of {members} in the second part, expected about {expected}");
            if (members >= 2 && sample.Fraction > 0)
            {
                Assert.True(inSecond >= 1, $"class {c} with {members} members has none in the second part");
                Assert.True(inSecond <= members - 1, $"class {c} with {members} members has none in the first part");
            }

            if (members < 2)
            {
                Assert.Equal(0, inSecond);
            }
        }

        Assert.Equal(sample.Labels.Length, first.Length + second.Length);
    }

    [Property]
    public void Same_seed_gives_the_same_split(SplitCase sample)
    {
        (int[] first, int[] second) a = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed);
        (int[] first, int[] second) b = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed);

        Assert.Equal(a.first, b.first);
        Assert.Equal(a.second, b.second);
    }

    [Fact]
    public void Different_seeds_give_different_splits()
    {
        int[] labels = Enumerable.Range(0, 200).Select(i => i % 3).ToArray();

        int[] a = StratifiedSplitter.Split(labels, 3, 0.2, seed: 1).Second;
        int[] b = StratifiedSplitter.Split(labels, 3, 0.2, seed: 2).Second;

        Assert.Equal(a.Length, b.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_class_without_members_is_allowed()
    {
        // Class 1 of 3 never occurs (e.g. a label known to the caller but absent from this data).
        int[] labels = [0, 0, 2, 2, 0, 2];

        (int[] first, int[] second) = StratifiedSplitter.Split(labels, classCount: 3, secondFraction: 0.5, seed: 1);

        Assert.Equal(Enumerable.Range(0, labels.Length), first.Concat(second).Order());
        // Classes 0 and 2 have 3 members each: round(1.5) = 2 of each go to the second part.
        Assert.Equal(4, second.Length);

        // No data at all: every class is empty.
        (int[] noFirst, int[] noSecond) = StratifiedSplitter.Split([], classCount: 2, secondFraction: 0.2, seed: 1);
        Assert.Empty(noFirst);
        Assert.Empty(noSecond);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split([0, 1], 2, 1.0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split([0, 1], 2, -0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split([0, 1], 2, double.NaN, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split([0, 2], 2, 0.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split([0, -1], 2, 0.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split([], 0, 0.5, 0));
    }
}
