using FsCheck;
using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The ensemble's validation probabilities (<see cref="ValidationScores"/>, vectorized) against a scalar
/// reference, and their accuracy against the label a prediction gives (<see cref="TopRanking.Best"/>).</summary>
public sealed class ValidationScoresPropertyTests
{
    [Property(MaxTest = 200)]
    public void Combine_equals_the_scalar_reference(NonNegativeInt seed, byte rawMembers, bool rootMean)
    {
        var random = new Random(seed.Get);
        int classes = Math.Max(1, VectorEdges.Length(random) % 70);
        int texts = 1 + random.Next(5);
        int members = 1 + (rawMembers % 4);
        List<float[]> scores = [.. Enumerable.Range(0, members).Select(_ => Probabilities(random, texts, classes))];
        EnsembleCombination combination = rootMean ? EnsembleCombination.RootMean : EnsembleCombination.Mean;

        float[] combined = ValidationScores.Combine(scores, combination, classes)!;

        for (int t = 0; t < texts; t++)
        {
            double[] expected = new double[classes];
            for (int c = 0; c < classes; c++)
            {
                expected[c] = scores.Average(s => rootMean ? Math.Sqrt(s[(t * classes) + c]) : s[(t * classes) + c]);
            }

            if (rootMean)
            {
                double squares = expected.Sum(v => v * v);
                expected = [.. expected.Select(v => v * v / squares)];
            }

            for (int c = 0; c < classes; c++)
            {
                Assert.True(Math.Abs(combined[(t * classes) + c] - expected[c]) <= 1e-6 + (1e-5 * expected[c]), $"text {t}, label {c} of {classes}: {combined[(t * classes) + c]} vs {expected[c]}");
            }
        }
    }

    [Property(MaxTest = 300)]
    public void Accuracy_counts_the_label_a_prediction_gives(NonNegativeInt seed, bool ties)
    {
        var random = new Random(seed.Get);
        int classes = 1 + (VectorEdges.Length(random) % 40);
        int texts = 1 + random.Next(6);
        float[] scores = Probabilities(random, texts, classes);
        if (ties)
        {
            // Equal best scores (a text without known features, equal priors) somewhere past the first vector.
            for (int t = 0; t < texts; t++)
            {
                float best = scores.AsSpan(t * classes, classes).ToArray().Max();
                scores[(t * classes) + random.Next(classes)] = best;
                scores[(t * classes) + random.Next(classes)] = best;
            }
        }

        int[] targets = new int[texts];
        int[] indices = [.. Enumerable.Range(0, texts)];
        for (int t = 0; t < texts; t++)
        {
            targets[t] = TopRanking.Best(scores.AsSpan(t * classes, classes));
        }

        Assert.Equal(1.0, ValidationScores.Accuracy(scores, classes, targets, indices));
    }

    [Fact]
    public void Combine_gives_what_the_classifier_gives_to_the_bit()
    {
        // Training chooses the combination by the accuracy of Combine's scores: they must be the scores the model gives.
        TextClassifier model = TestModels.BillingOrAtm();
        Assert.Equal(1f, model.Temperature);
        string[] texts = ["card number 7 was charged twice", "the atm kept my card", "", "zzz unknown words only", "statement statement statement atm"];
        int classes = model.Labels.Count;
        foreach (EnsembleCombination combination in (EnsembleCombination[])[EnsembleCombination.Mean, EnsembleCombination.RootMean])
        {
            TextClassifier ensemble = new([.. model.Labels], [.. model.Members], null, null, null, combination, 1f);
            List<float[]> members = [.. model.Members.Select(member => texts.SelectMany(text =>
            {
                float[] p = new float[classes];
                member.Score(text, p);
                return p;
            }).ToArray())];

            float[] combined = ValidationScores.Combine(members, combination, classes)!;

            float[] scores = new float[classes];
            for (int t = 0; t < texts.Length; t++)
            {
                ensemble.Score(texts[t], scores);
                Assert.Equal(scores.Select(BitConverter.SingleToInt32Bits), combined.AsSpan(t * classes, classes).ToArray().Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    // Texts' probabilities side by side, over many orders of magnitude, each text summing to 1.
    private static float[] Probabilities(Random random, int texts, int classes)
    {
        float[] values = new float[texts * classes];
        for (int t = 0; t < texts; t++)
        {
            double[] p = [.. Enumerable.Range(0, classes).Select(_ => Math.Exp(-random.NextDouble() * 30))];
            double sum = p.Sum();
            for (int c = 0; c < classes; c++)
            {
                values[(t * classes) + c] = (float)(p[c] / sum);
            }
        }

        return values;
    }
}
