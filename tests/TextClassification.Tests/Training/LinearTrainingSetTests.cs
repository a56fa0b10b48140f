using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The linear member's row merging: each text's rows that no other training text holds are fitted as one row of
/// that text, rows with identical columns as one row per group, and both are expanded back afterwards.</summary>
public sealed class LinearTrainingSetTests
{
    [Property(MaxTest = 40)]
    public void The_merged_objective_equals_the_full_objective_at_the_expanded_parameters(NonNegativeInt seed, bool l2Pooling, bool subset)
    {
        var random = new Random(seed.Get);
        (FeatureMatrix matrix, int[] targets, int classes) = RandomProblem(random, l2Pooling);
        int[] examples = subset
            ? Enumerable.Range(0, matrix.Count).Where(_ => random.Next(3) > 0).DefaultIfEmpty(0).ToArray()
            : Enumerable.Range(0, matrix.Count).ToArray();
        float[] classWeights = Enumerable.Range(0, classes).Select(_ => 0.5f + (float)random.NextDouble()).ToArray();
        double c = 0.5 + (5 * random.NextDouble());

        LinearTrainingSet merged = LinearTrainingSet.WithRowsMerged(matrix, examples, classes, always: true);
        Assert.True(merged.Merged);
        Assert.True(merged.Rows < matrix.BucketsByRow.Length, "char n-grams of random words leave singleton rows to merge");

        var compact = new LinearModelTrainer(merged, examples, targets, classWeights, classes, c, threads: 1);
        var full = new LinearModelTrainer(matrix, examples, targets, classWeights, classes, c, threads: 1);
        float[] u = new float[compact.ParameterCount];
        for (int k = 0; k < (merged.Rows * classes) + classes; k++)
        {
            u[k] = (float)((random.NextDouble() * 2) - 1);
        }

        float[] w = [.. merged.ExpandTable(u.AsSpan(0, merged.Rows * classes), classes), .. u.AsSpan(merged.Rows * classes, classes), .. new float[RowArithmetic.Padding]];
        double compactLoss = compact.Evaluate(u, new float[u.Length]);
        double fullLoss = full.Evaluate(w, new float[w.Length]);

        Assert.True(Math.Abs(compactLoss - fullLoss) <= 1e-5 * (1 + Math.Abs(fullLoss)), $"merged {compactLoss} vs full {fullLoss}");
    }

    [Property(MaxTest = 50)]
    public void Training_with_merged_singletons_gives_the_same_model(NonNegativeInt seed, bool l2Pooling)
    {
        var random = new Random(seed.Get);
        (FeatureMatrix matrix, int[] targets, int classes) = RandomProblem(random, l2Pooling);
        int[] examples = Enumerable.Range(0, matrix.Count).Where(_ => random.Next(4) > 0).DefaultIfEmpty(0).ToArray();
        float[] classWeights = Enumerable.Repeat(1f, classes).ToArray();
        // A few iterations, well before the minimum: these problems are small enough to reach it, and there float
        // rounding alone decides whether the last step is taken.
        // C as given at every size (SmallDataTexts = 0): these problems have a few dozen texts, and the raised C would
        // bring them near separable, where rounding alone decides the steps.
        var options = new LinearModelOptions { C = 1 + (3 * random.NextDouble()), MaxIterations = 6, Tolerance = 0, SmallDataTexts = 0 };

        (float[] expectedTable, float[] expectedBias, int expectedIterations, _) = LinearModelTrainer.Train(
            matrix, examples, targets, classWeights, classes, options, 1, null, CancellationToken.None, mergeRows: false);
        var set = LinearTrainingSet.WithRowsMerged(matrix, examples, classes, always: true);
        var trainer = new LinearModelTrainer(set, examples, targets, classWeights, classes, options.C, threads: 1);
        float[] parameters = new float[trainer.ParameterCount];
        int iterations = new TextClassification.Training.Optimization.Lbfgs(parameters.Length)
            .Minimize(trainer.Evaluate, parameters, options.MaxIterations, options.Tolerance, null, CancellationToken.None);
        float[] table = set.ExpandTable(parameters.AsSpan(0, set.Rows * classes), classes);

        Assert.Equal(expectedIterations, iterations);
        Assert.Equal(expectedTable.Length, table.Length);
        float largest = expectedTable.Max(Math.Abs);
        for (int k = 0; k < table.Length; k++)
        {
            Assert.True(Math.Abs(table[k] - expectedTable[k]) <= 1e-3 * largest, $"weight {k}: {table[k]} vs {expectedTable[k]} (largest {largest})");
        }

        for (int k = 0; k < classes; k++)
        {
            // An absolute tolerance: Assert.Equal's digits round both sides, so 0.0174995 and 0.0175019 "differ" (a CPU
            // of another SIMD width moves the last bits).
            float bias = parameters[(set.Rows * classes) + k];
            Assert.True(Math.Abs(bias - expectedBias[k]) <= 1e-3, $"bias {k}: {bias} vs {expectedBias[k]}");
        }
    }

    [Fact]
    public void Rows_with_identical_columns_become_one_parameter_row_and_expand_to_equal_weights()
    {
        // Unigrams: apple and pear always together (one row), kiwi in texts 1 and 2 (its own row), plum only in text 2
        // (text 2's merged singleton row): three parameter rows for four features.
        string[] texts = ["apple pear", "pear apple kiwi", "kiwi plum"];
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { WordNGrams = 1, Buckets = 1 << 16 });
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, NGramPooling.TfIdf, 1, CancellationToken.None);
        const int classes = 2;

        LinearTrainingSet set = LinearTrainingSet.WithRowsMerged(matrix, [0, 1, 2], classes, always: true);

        Assert.Equal(4, matrix.BucketsByRow.Length);
        Assert.Equal(3, set.Rows);
        Assert.Equal([1, 2, 2], Enumerable.Range(0, 3).Select(i => set.Features(i).Length));
        float[] fitted = [1f, -1f, 0.5f, 0.25f, 2f, -2f];
        float[] table = set.ExpandTable(fitted, classes);
        // Rows are numbered in order of first appearance: apple 0, pear 1, kiwi 2, plum 3.
        Assert.Equal(table[0], table[2]);
        Assert.Equal(table[1], table[3]);
        Assert.Equal(1f / MathF.Sqrt(2), table[0], 6);
        Assert.Equal([0.5f, 0.25f], table[4..6]);
    }

    [Fact]
    public void Merging_is_skipped_where_few_rows_are_singletons()
    {
        // The same three texts over and over: every row is held by many texts, none is a singleton, and no two rows have
        // the same column.
        List<string> texts = Enumerable.Range(0, 60).Select(i => (i % 3) switch { 0 => "alpha beta", 1 => "beta gamma", _ => "gamma alpha" }).ToList();
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { Buckets = 1 << 12 });
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, NGramPooling.TfIdf, 1, CancellationToken.None);

        LinearTrainingSet set = LinearTrainingSet.WithRowsMerged(matrix, Enumerable.Range(0, texts.Count).ToArray(), 3);

        Assert.False(set.Merged);
        Assert.Equal(matrix.BucketsByRow.Length, set.Rows);
    }

    // Random texts with char 3–5-grams (most of whose rows occur once) and random labels.
    private static (FeatureMatrix Matrix, int[] Targets, int Classes) RandomProblem(Random random, bool l2Pooling)
    {
        int classes = 2 + random.Next(9);
        List<string> texts = SyntheticData.Texts(20 + random.Next(40), seed: random.Next());
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, Buckets = 1 << 14 });
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, l2Pooling ? NGramPooling.TfIdf : NGramPooling.Mean, 2, CancellationToken.None);
        int[] targets = texts.Select(_ => random.Next(classes)).ToArray();
        return (matrix, targets, classes);
    }
}
