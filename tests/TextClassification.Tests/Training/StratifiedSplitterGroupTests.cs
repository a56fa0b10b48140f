using FsCheck.Xunit;
using TextClassification.Training.Data;
using TextClassification.Training.Splitting;

namespace TextClassification.Tests.Training;

/// <summary>Splits that keep groups of rows (copies of one text) on one side.</summary>
[Properties(Arbitrary = [typeof(SplitCaseArbitrary)], MaxTest = 400)]
public sealed class StratifiedSplitterGroupTests
{
    [Property]
    public void No_group_is_cut_and_the_parts_partition_the_indices(SplitCase sample)
    {
        int[] leaders = Leaders(sample);

        (int[] first, int[] second) = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed, leaders);

        Assert.Equal(Enumerable.Range(0, sample.Labels.Length), first.Concat(second).Order());
        Assert.Equal(first.Order(), first);
        Assert.Equal(second.Order(), second);
        var inSecond = second.ToHashSet();
        for (int i = 0; i < leaders.Length; i++)
        {
            Assert.True(inSecond.Contains(i) == inSecond.Contains(leaders[i]), $"row {i} and its leader {leaders[i]} are on different sides");
        }
    }

    [Property]
    public void Each_class_is_cut_in_proportion_within_its_largest_group(SplitCase sample)
    {
        int[] leaders = Leaders(sample);

        (_, int[] second) = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed, leaders);

        var inSecond = second.ToHashSet();
        for (int c = 0; c < sample.ClassCount; c++)
        {
            // A group counts towards its leader's class.
            int[] groupsOfClass = Enumerable.Range(0, leaders.Length).Where(i => leaders[i] == i && sample.Labels[i] == c).ToArray();
            int[] sizes = groupsOfClass.Select(g => leaders.Count(l => l == g)).ToArray();
            int rows = sizes.Sum();
            int rowsInSecond = Enumerable.Range(0, leaders.Length).Count(i => sample.Labels[leaders[i]] == c && inSecond.Contains(i));
            int groupsInSecond = groupsOfClass.Count(inSecond.Contains);
            if (groupsOfClass.Length < 2 || sample.Fraction == 0)
            {
                Assert.Equal(0, rowsInSecond);
                continue;
            }

            Assert.True(Math.Abs(rowsInSecond - (rows * sample.Fraction)) < sizes.Max() + 1, $"class {c}: {rowsInSecond} of {rows} rows in the second part, fraction {sample.Fraction}, largest group {sizes.Max()}");
            Assert.InRange(groupsInSecond, 1, groupsOfClass.Length - 1);
        }
    }

    [Property]
    public void Rows_that_are_their_own_groups_split_as_without_groups(SplitCase sample)
    {
        int[] own = Enumerable.Range(0, sample.Labels.Length).ToArray();

        (int[] first, int[] second) grouped = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed, own);
        (int[] first, int[] second) plain = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed);

        Assert.Equal(plain.first, grouped.first);
        Assert.Equal(plain.second, grouped.second);
    }

    // The split models were trained with before groups existed, written out plainly: each class shuffled in class order
    // by one Random, and its first round(n·f) rows (at least one, at most n − 1, none for a single row) cut off. Holding
    // the ungrouped split to it keeps every seed's split, and so every trained model, as it was.
    [Property]
    public void The_ungrouped_split_is_each_class_shuffled_and_cut(SplitCase sample)
    {
        var random = new Random(sample.Seed);
        var expected = new List<int>();
        for (int c = 0; c < sample.ClassCount; c++)
        {
            int[] members = Enumerable.Range(0, sample.Labels.Length).Where(i => sample.Labels[i] == c).ToArray();
            random.Shuffle(members);
            int take = members.Length < 2 ? 0 : (int)Math.Round(members.Length * sample.Fraction, MidpointRounding.AwayFromZero);
            take = Math.Min(take, Math.Max(0, members.Length - 1));
            if (sample.Fraction > 0 && members.Length >= 2)
            {
                take = Math.Max(take, 1);
            }

            expected.AddRange(members.Take(take));
        }

        (_, int[] second) = StratifiedSplitter.Split(sample.Labels, sample.ClassCount, sample.Fraction, sample.Seed);

        Assert.Equal(expected.Order(), second);
    }

    [Property(MaxTest = 200)]
    public void The_three_way_split_of_rows_keeps_copies_of_a_text_in_one_part(SplitCase sample)
    {
        // Texts drawn from a small pool, in random letter case, so many rows are copies of another ignoring case.
        var random = new Random(sample.Seed);
        LabeledText[] rows = sample.Labels
            .Select((label, i) => new LabeledText(Cased("text " + random.Next(Math.Max(1, sample.Labels.Length / 3)), random), "label" + label, i + 2))
            .ToArray();
        double validation = sample.Fraction * 0.5;
        double test = sample.Fraction * 0.4;

        ThreeWaySplit<LabeledText> split = StratifiedSplitter.SplitThreeWay(rows, validation, test, sample.Seed);

        Assert.Equal(rows.Length, split.Train.Count + split.Validation.Count + split.Test.Count);
        var partOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach ((IReadOnlyList<LabeledText> part, int index) in new[] { (split.Train, 0), (split.Validation, 1), (split.Test, 2) })
        {
            foreach (LabeledText row in part)
            {
                Assert.Equal(index, partOf.TryAdd(row.Text, index) ? index : partOf[row.Text]);
            }
        }
    }

    [Fact]
    public void A_large_group_of_copies_does_not_flood_the_second_part()
    {
        // Class 0: 100 single rows and one text copied 50 times; class 1: 40 single rows. A tenth of class 0 is 15 rows.
        int[] labels = [.. Enumerable.Repeat(0, 150), .. Enumerable.Repeat(1, 40)];
        int[] leaders = [.. Enumerable.Range(0, 100), .. Enumerable.Repeat(100, 50), .. Enumerable.Range(150, 40)];

        for (int seed = 0; seed < 50; seed++)
        {
            (_, int[] second) = StratifiedSplitter.Split(labels, 2, 0.1, seed, leaders);

            Assert.DoesNotContain(100, second);
            Assert.Equal(15, second.Count(i => labels[i] == 0));
            Assert.Equal(4, second.Count(i => labels[i] == 1));
        }

        // Where no group fits the share, the smallest goes alone (here the pair, never the 50 copies).
        int[] few = new int[52];
        int[] fewLeaders = [.. Enumerable.Repeat(0, 50), 50, 50];
        (_, int[] alone) = StratifiedSplitter.Split(few, 1, 0.01, seed: 3, fewLeaders);
        Assert.Equal([50, 51], alone);
    }

    [Fact]
    public void Invalid_groups_are_rejected_naming_the_row()
    {
        int[] labels = [0, 1, 0, 1];

        Assert.Throws<ArgumentException>(() => StratifiedSplitter.Split(labels, 2, 0.5, 0, [0, 1, 0]));
        ArgumentException later = Assert.Throws<ArgumentException>(() => StratifiedSplitter.Split(labels, 2, 0.5, 0, [0, 2, 2, 3]));
        Assert.Contains("Row 1", later.Message);
        // Row 3's leader, row 2, is itself led by row 0: not a leader.
        ArgumentException chained = Assert.Throws<ArgumentException>(() => StratifiedSplitter.Split(labels, 2, 0.5, 0, [0, 1, 0, 2]));
        Assert.Contains("Row 3", chained.Message);
    }

    [Fact]
    public void Duplicate_texts_share_the_first_copy_as_leader_ignoring_case()
    {
        int[] leaders = DuplicateTexts.Leaders(["Hello", "world", "HELLO", "hello!", "World", "hello"]);

        Assert.Equal([0, 1, 0, 3, 1, 0], leaders);
    }

    // Random groups over the sample's rows: each row joins an earlier group with probability ½ (so groups mix labels,
    // as copies of a text labelled differently do), else starts its own.
    private static int[] Leaders(SplitCase sample)
    {
        var random = new Random(sample.Seed ^ 0x5bd1e995);
        int[] leaders = new int[sample.Labels.Length];
        var heads = new List<int>();
        for (int i = 0; i < leaders.Length; i++)
        {
            if (heads.Count > 0 && random.Next(2) == 0)
            {
                leaders[i] = heads[random.Next(heads.Count)];
            }
            else
            {
                leaders[i] = i;
                heads.Add(i);
            }
        }

        return leaders;
    }

    private static string Cased(string text, Random random) =>
        string.Concat(text.Select(ch => random.Next(2) == 0 ? char.ToUpperInvariant(ch) : ch));
}
