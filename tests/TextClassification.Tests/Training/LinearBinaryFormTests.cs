using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The linear member's binary form: two labels fitted as one weight per row, <c>w₀ = −w₁ = v/√2</c>.</summary>
public sealed class LinearBinaryFormTests
{
    [Property(MaxTest = 40)]
    public void The_binary_objective_and_gradient_equal_the_two_label_ones_at_opposed_weights(NonNegativeInt seed, bool l2Pooling)
    {
        var random = new Random(seed.Get);
        (FeatureMatrix matrix, int[] targets) = RandomProblem(random, l2Pooling);
        int[] examples = Enumerable.Range(0, matrix.Count).Where(_ => random.Next(4) > 0).DefaultIfEmpty(0).ToArray();
        float[] classWeights = [0.5f + (float)random.NextDouble(), 0.5f + (float)random.NextDouble()];
        double c = 0.5 + (5 * random.NextDouble());
        LinearTrainingSet set = LinearTrainingSet.Of(matrix);
        var binary = new LinearModelTrainer(set, examples, targets, classWeights, 2, c, threads: 1 + random.Next(2), binary: true);
        var full = new LinearModelTrainer(set, examples, targets, classWeights, 2, c, threads: 1);
        int rows = set.Rows;
        float[] v = new float[binary.ParameterCount];
        for (int k = 0; k <= rows; k++)
        {
            v[k] = (float)((random.NextDouble() * 4) - 2);
        }

        float[] w = [.. LinearModelTrainer.OpposedPair(v.AsSpan(0, rows)), .. LinearModelTrainer.OpposedPair(v.AsSpan(rows, 1)), .. new float[RowArithmetic.Padding]];
        float[] binaryGradient = new float[v.Length];
        float[] fullGradient = new float[w.Length];
        double binaryLoss = binary.Evaluate(v, binaryGradient);
        double fullLoss = full.Evaluate(w, fullGradient);

        Assert.True(Math.Abs(binaryLoss - fullLoss) <= 1e-5 * (1 + Math.Abs(fullLoss)), $"binary {binaryLoss} vs two-label {fullLoss}");
        // The chain rule through w₀ = v/√2, w₁ = −v/√2: ∂/∂v = (∂/∂w₀ − ∂/∂w₁)/√2, for every row and the bias.
        for (int k = 0; k <= rows; k++)
        {
            double expected = (fullGradient[2 * k] - fullGradient[(2 * k) + 1]) / Math.Sqrt(2);
            Assert.True(Math.Abs(binaryGradient[k] - expected) <= 1e-5 + (1e-4 * Math.Abs(expected)), $"parameter {k}: {binaryGradient[k]} vs {expected}");
        }

        Assert.All(binaryGradient[(rows + 1)..], g => Assert.Equal(0f, g));
    }

    [Property(MaxTest = 30)]
    public void Training_in_the_binary_form_gives_the_same_model(NonNegativeInt seed, bool l2Pooling, bool merge)
    {
        var random = new Random(seed.Get);
        (FeatureMatrix matrix, int[] targets) = RandomProblem(random, l2Pooling);
        int[] all = Enumerable.Range(0, matrix.Count).ToArray();
        // A few iterations, well before the minimum (near it, rounding alone decides whether a last step is taken).
        // C as given at every size (SmallDataTexts = 0): these problems have a few dozen texts, and the raised C would
        // bring them near separable, where rounding alone decides the steps.
        var options = new LinearModelOptions { C = 1 + (3 * random.NextDouble()), MaxIterations = 6, Tolerance = 0, SmallDataTexts = 0 };

        (float[] expectedTable, float[] expectedBias, int expectedIterations, _) = LinearModelTrainer.Train(
            matrix, all, targets, [1f, 1f], 2, options, 1, null, CancellationToken.None, merge, binary: false);
        (float[] table, float[] bias, int iterations, _) = LinearModelTrainer.Train(
            matrix, all, targets, [1f, 1f], 2, options, 1, null, CancellationToken.None, merge, binary: true);

        Assert.Equal(expectedIterations, iterations);
        Assert.Equal(expectedTable.Length, table.Length);
        float largest = expectedTable.Max(Math.Abs);
        for (int k = 0; k < table.Length; k++)
        {
            Assert.True(Math.Abs(table[k] - expectedTable[k]) <= 1e-3 * largest, $"weight {k}: {table[k]} vs {expectedTable[k]} (largest {largest})");
        }

        // Within 1e-3, not "equal to 3 decimal places": that rounds both, and 0.0174995 and 0.0175019 round apart.
        Assert.True(Math.Abs(bias[0] - expectedBias[0]) <= 1e-3, $"bias {bias[0]} vs {expectedBias[0]}");
        Assert.Equal(-bias[0], bias[1]);
    }

    [Fact]
    public void The_binary_form_needs_two_labels()
    {
        (FeatureMatrix matrix, _) = RandomProblem(new Random(1), l2Pooling: true);

        Assert.Throws<ArgumentException>(() => new LinearModelTrainer(LinearTrainingSet.Of(matrix), [0], new int[matrix.Count], [1f, 1f, 1f], 3, 1, 1, binary: true));
    }

    private static (FeatureMatrix Matrix, int[] Targets) RandomProblem(Random random, bool l2Pooling)
    {
        List<string> texts = SyntheticData.Texts(20 + random.Next(40), seed: random.Next());
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 4, Buckets = 1 << 14 });
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, l2Pooling ? NGramPooling.TfIdf : NGramPooling.Mean, 2, CancellationToken.None);
        return (matrix, texts.Select(_ => random.Next(2)).ToArray());
    }
}
