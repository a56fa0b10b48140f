using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary><see cref="ModelEvaluator.Compare"/>: McNemar's test of two classifiers on labelled examples.</summary>
public sealed class ModelComparisonTests
{
    private static readonly IReadOnlyList<LabeledText> Held = SyntheticData.Generate(perLabel: 40, seed: 99);

    [Fact]
    public void Compare_counts_the_examples_exactly_one_model_gets_right()
    {
        // Two models that differ: trained on different halves of the data with different seeds.
        IReadOnlyList<LabeledText> rows = TestModels.SmallData;
        TextClassifier first = TestModels.Train(rows.Where((_, i) => i % 2 == 0).ToList(), seed: 3);
        TextClassifier second = TestModels.Train(rows.Where((_, i) => i % 2 == 1).Take(40).ToList(), seed: 4);

        McNemarResult result = ModelEvaluator.Compare(first, second, Held);

        (int onlyFirst, int onlySecond) = DiscordantCounts.TextByText(first, second, Held);

        Assert.True(onlyFirst + onlySecond > 0, "the two models should disagree somewhere");
        Assert.Equal(onlyFirst, result.OnlyFirstCorrect);
        Assert.Equal(onlySecond, result.OnlySecondCorrect);
        Assert.Equal(McNemarTest.ExactPValue(onlyFirst, onlySecond), result.PValue);
    }

    [Fact]
    public void A_model_compared_with_itself_has_no_discordant_examples()
    {
        McNemarResult result = ModelEvaluator.Compare(TestModels.Small, TestModels.Small, Held);

        Assert.Equal(0, result.Discordant);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void Compare_needs_examples()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            ModelEvaluator.Compare(TestModels.Small, TestModels.SmallOtherSeed, []));
        Assert.Equal("examples", error.ParamName);
    }
}
