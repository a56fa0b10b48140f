using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>Grouping the feature rows whose columns (texts holding them, with their raw weights) are identical, which the
/// linear member fits as one row per group.</summary>
public sealed class IdenticalColumnsTests
{
    [Fact]
    public void Words_that_always_occur_together_form_one_group_and_others_do_not()
    {
        // apple and pear: texts 0 and 1, once each (identical columns); kiwi: texts 1 and 2; text 3 is outside the
        // examples. plum: text 2 twice (tf 2) and text 4 once; fig: text 2 once and text 4 once — the same texts as plum,
        // other weights, so not plum's group.
        string[] texts = ["apple pear", "pear apple kiwi", "kiwi plum plum fig", "banana banana", "plum fig"];
        FeatureMatrix matrix = WordMatrix(texts);
        int[] examples = [0, 1, 2, 4];

        IdenticalColumns groups = Group(matrix, examples, zeroHashes: false);

        int Row(string word) => RowOf(matrix, word);
        Assert.Equal(groups.GroupOf[Row("apple")], groups.GroupOf[Row("pear")]);
        Assert.NotEqual(groups.GroupOf[Row("apple")], groups.GroupOf[Row("kiwi")]);
        Assert.NotEqual(groups.GroupOf[Row("plum")], groups.GroupOf[Row("fig")]);
        Assert.True(groups.GroupOf[Row("kiwi")] >= 0);
        Assert.Equal(Math.Min(Row("apple"), Row("pear")), groups.Leader(groups.GroupOf[Row("apple")]));
    }

    [Fact]
    public void Rows_held_by_fewer_than_two_examples_are_in_no_group()
    {
        string[] texts = ["apple pear", "pear apple kiwi", "kiwi plum"];
        FeatureMatrix matrix = WordMatrix(texts);

        IdenticalColumns groups = Group(matrix, [0, 1, 2], zeroHashes: false);

        Assert.Equal(-1, groups.GroupOf[RowOf(matrix, "plum")]);
    }

    [Fact]
    public void A_hash_collision_is_caught_and_split()
    {
        // With every hash equal, apple/pear and kiwi/fig (each pair identical, the pairs held by other texts) are
        // candidates for one group; the check against the entries finds the mismatch and splits the group up (one group
        // per row: a merge lost, never a wrong one).
        string[] texts = ["apple pear", "pear apple", "kiwi fig", "fig kiwi"];
        FeatureMatrix matrix = WordMatrix(texts);
        int[] examples = [0, 1, 2, 3];
        (int[] holders, _) = IdenticalColumns.Columns(matrix, examples);
        var groups = IdenticalColumns.Candidates(holders, new ulong[holders.Length]);
        Assert.Equal(1, groups.Count);

        Assert.True(groups.SplitMismatched(matrix, examples));

        AssertGroupsAreIdenticalColumns(matrix, examples, groups);
        Assert.Equal(4, groups.Count);
    }

    [Property(MaxTest = 100)]
    public void Groups_are_exactly_the_rows_with_identical_columns(NonNegativeInt seed, bool tfIdf, bool subset, bool everyHashColliding)
    {
        var random = new Random(seed.Get);
        FeatureMatrix matrix = RandomMatrix(random, tfIdf);
        int[] examples = Examples(random, matrix.Count, subset);

        IdenticalColumns groups = Group(matrix, examples, zeroHashes: everyHashColliding);

        // Sound: every group's members have the same column, even when every hash collides (the check splits what does
        // not belong). Complete with real hashes: rows with the same column share a group.
        AssertGroupsAreIdenticalColumns(matrix, examples, groups);
        if (!everyHashColliding)
        {
            Dictionary<int, string> columns = ColumnsByRow(matrix, examples);
            foreach (IGrouping<string, int> same in columns.Where(c => c.Value.Count(ch => ch == ';') >= 2).GroupBy(c => c.Value, c => c.Key))
            {
                Assert.Single(same.Select(row => groups.GroupOf[row]).Distinct());
            }
        }
    }

    private static IdenticalColumns Group(FeatureMatrix matrix, int[] examples, bool zeroHashes)
    {
        (int[] holders, ulong[] hashes) = IdenticalColumns.Columns(matrix, examples);
        var groups = IdenticalColumns.Candidates(holders, zeroHashes ? new ulong[hashes.Length] : hashes);
        groups.SplitMismatched(matrix, examples);
        return groups;
    }

    private static void AssertGroupsAreIdenticalColumns(FeatureMatrix matrix, int[] examples, IdenticalColumns groups)
    {
        Dictionary<int, string> columns = ColumnsByRow(matrix, examples);
        var members = new Dictionary<int, List<int>>();
        for (int row = 0; row < groups.GroupOf.Length; row++)
        {
            int group = groups.GroupOf[row];
            if (group < 0)
            {
                Assert.True(!columns.ContainsKey(row) || columns[row].Count(ch => ch == ';') < 2, $"row {row} is held twice but in no group");
                continue;
            }

            Assert.InRange(group, 0, groups.Count - 1);
            (members.TryGetValue(group, out List<int>? list) ? list : members[group] = []).Add(row);
        }

        Assert.Equal(groups.Count, members.Count);
        foreach ((int group, List<int> rows) in members)
        {
            Assert.Equal(rows.Min(), groups.Leader(group));
            Assert.Single(rows.Select(row => columns[row]).Distinct());
        }
    }

    // Each row's column over the examples written out: "text:weight-bits;" per holding text, in text order.
    private static Dictionary<int, string> ColumnsByRow(FeatureMatrix matrix, int[] examples)
    {
        var columns = new Dictionary<int, string>();
        foreach (int i in examples.Order())
        {
            ReadOnlySpan<int> features = matrix.Features(i);
            ReadOnlySpan<float> weights = matrix.FeatureWeights(i);
            for (int k = 0; k < features.Length; k++)
            {
                columns[features[k]] = (columns.TryGetValue(features[k], out string? text) ? text : "") + $"{i}:{BitConverter.SingleToInt32Bits(weights[k])};";
            }
        }

        return columns;
    }

    private static FeatureMatrix WordMatrix(string[] texts)
    {
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 1, Buckets = 1 << 16 });
        return FeatureMatrix.Build(texts, featurizer, NGramPooling.TfIdf, 1, CancellationToken.None);
    }

    // The row of a word's bucket (unigrams only, so the word alone has exactly one feature).
    private static int RowOf(FeatureMatrix matrix, string word)
    {
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 1, Buckets = 1 << 16 });
        int[] features = new int[featurizer.MaxFeatures];
        Assert.Equal(1, featurizer.Extract(word, features));
        int row = Array.IndexOf(matrix.BucketsByRow, features[0]);
        Assert.True(row >= 0, $"'{word}' has no row");
        return row;
    }

    private static FeatureMatrix RandomMatrix(Random random, bool tfIdf)
    {
        List<string> texts = SyntheticData.Texts(10 + random.Next(40), seed: random.Next());
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, Buckets = 1 << 14 });
        return FeatureMatrix.Build(texts, featurizer, tfIdf ? NGramPooling.TfIdf : NGramPooling.Mean, 2, CancellationToken.None);
    }

    private static int[] Examples(Random random, int count, bool subset) =>
        subset
            ? Enumerable.Range(0, count).Where(_ => random.Next(3) > 0).DefaultIfEmpty(0).ToArray()
            : Enumerable.Range(0, count).ToArray();
}
