using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Pipeline;

/// <summary>The one-pass top-k selection behind <see cref="Prediction.TopK"/> against the stable full sort it replaced.</summary>
public sealed class TopRankingTests
{
    // Scores drawn from a few values (ties are common) with NaN and signed zeros among them.
    private static readonly float[] Values = [0f, -0f, 0.1f, 0.25f, 0.5f, 0.5f, 0.9f, 1f, float.NaN, -1f];

    public static Arbitrary<(float[] Scores, int Count)> Cases() =>
        (from n in Gen.Choose(1, 60)
         from picks in Gen.ArrayOf(Gen.Choose(0, Values.Length - 1), n)
         from count in Gen.Choose(0, n)
         select (picks.Select(p => Values[p]).ToArray(), count)).ToArbitrary();

    [Property(MaxTest = 300, Arbitrary = [typeof(TopRankingTests)])]
    public void Selection_equals_the_stable_sort((float[] Scores, int Count) sample)
    {
        int[] expected = new int[sample.Count];
        TopRanking.SortedPrefix(sample.Scores, expected);

        Assert.Equal(expected, TopRanking.Select(sample.Scores, sample.Count));
    }

    [Fact]
    public void A_NaN_score_ranks_after_every_number_and_ties_keep_label_order()
    {
        var prediction = new Prediction(["a", "b", "c", "d", "e"], [float.NaN, 0.2f, 0.7f, 0.2f, 0f]);

        Assert.Equal(["c", "b", "d", "e", "a"], prediction.TopK(5).Select(s => s.Label));
        Assert.Equal(["c", "b"], prediction.TopK(2).Select(s => s.Label));
        // The label is TopK's first: it had been "a", the NaN score no number is greater than (review 49a).
        Assert.Equal("c", prediction.Label);
        Assert.Equal(0.7f, prediction.Score);
        Assert.StartsWith("c (", prediction.ToString(), StringComparison.Ordinal);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(TopRankingTests)])]
    public void The_label_is_the_first_of_TopK((float[] Scores, int Count) sample)
    {
        var prediction = new Prediction([.. sample.Scores.Select((_, i) => $"l{i}")], sample.Scores);

        Assert.Equal(prediction.TopK(1)[0].Label, prediction.Label);
        Assert.Equal(TopRanking.Select(sample.Scores, 1)[0], prediction.LabelIndex);
    }

    [Fact]
    public void A_NaN_score_is_not_the_label_nor_kept_from_abstaining()
    {
        var prediction = new Prediction(["a", "b"], [float.NaN, 0.3f], confidenceThreshold: 0.5f);

        Assert.Equal("b", prediction.Label);
        Assert.True(prediction.Abstained);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(TopRankingTests)])]
    public void The_evaluators_abstain_count_decides_as_Prediction_does((float[] Scores, int Count) sample, bool high)
    {
        // The test report's answered and right counts (AbstainMetrics) against Prediction's own label and decision, on
        // rows of ties, signed zeros and NaN: the evaluator took a NaN first score as the label and answered a NaN best.
        int labels = Math.Max(1, Math.Min(3, sample.Scores.Length));
        int rows = sample.Scores.Length / labels;
        float[] probabilities = sample.Scores[..(rows * labels)];
        int[] gold = [.. Enumerable.Range(0, rows).Select(i => i % labels)];
        float threshold = high ? 0.5f : 0f;
        string[] names = [.. Enumerable.Range(0, labels).Select(i => $"l{i}")];
        int answered = 0, right = 0;
        for (int i = 0; i < rows; i++)
        {
            var prediction = new Prediction(names, probabilities[(i * labels)..((i + 1) * labels)], threshold);
            answered += prediction.Abstained ? 0 : 1;
            right += !prediction.Abstained && prediction.LabelIndex == gold[i] ? 1 : 0;
        }

        AbstainMetrics metrics = AbstainMetrics.Compute(threshold, gold, probabilities, labels);

        Assert.Equal(answered, metrics.Answered);
        Assert.Equal(right, metrics.AnsweredCorrect);
    }

    [Fact]
    public void Scores_that_are_all_NaN_abstain_where_a_threshold_is_set()
    {
        // No number to answer with: "none of these" where the caller asked for a confidence, an answer (the first label,
        // as before) where it did not.
        Assert.True(new Prediction(["a", "b"], [float.NaN, float.NaN], confidenceThreshold: 0.5f).Abstained);
        Assert.False(new Prediction(["a", "b"], [float.NaN, float.NaN], confidenceThreshold: 0f).Abstained);
        Assert.False(new Prediction(["a", "b"], [0.5f, 0.5f], confidenceThreshold: 0.5f).Abstained);
        Assert.True(new Prediction(["a", "b"], [0.49f, 0.51f], confidenceThreshold: 0.52f).Abstained);
    }

    [Fact]
    public void A_multi_label_prediction_takes_no_confidence_threshold()
    {
        // It would have been "none of these" and held labels at once.
        Assert.Throws<ArgumentException>(() => new Prediction(["a", "b"], [0.6f, 0.55f], 0.9f, [0.5f, 0.5f]));

        var prediction = new Prediction(["a", "b", "c"], [0.6f, 0.55f, 0.1f], 0f, [0.5f, 0.5f, 0.5f]);
        Assert.False(prediction.Abstained);
        Assert.Equal(["a", "b"], prediction.PredictedLabels);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)prediction.PredictedLabels)[0] = "c"); // read-only
        Assert.Empty(new Prediction(["a", "b"], [0.2f, 0.1f], 0f, [0.5f, 0.5f]).PredictedLabels);
    }
}
