using TextClassification.Tests.Support;

namespace TextClassification.Tests.Pipeline;

/// <summary>What an n-gram model's calls allocate (README: <c>Score</c> is allocation-free for n-gram models;
/// <c>Classify</c> allocates its result).</summary>
public sealed class ScoreAllocationTests
{
    private const string Text = "card number 7 was charged twice on my statement and the atm kept my card again today";

    [Fact]
    public void Score_of_the_default_ensemble_allocates_nothing()
    {
        TextClassifier model = TestModels.BillingOrAtm();
        Assert.Equal(3, model.ModelCount); // word model, linear member, naive Bayes
        float[] scores = new float[model.Labels.Count];
        model.Score(Text, scores); // warm up

        Assert.Equal(0, Allocations.Fewest(() => model.Score(Text, scores)));
        string longWord = new('x', 20_000);
        model.Score(longWord, scores);
        Assert.Equal(0, Allocations.Fewest(() => model.Score(longWord, scores)));
    }

    [Fact]
    public void Classify_allocates_its_prediction_only()
    {
        TextClassifier model = TestModels.BillingOrAtm();
        model.Classify(Text); // warm up

        long bytes = Allocations.Fewest(() => model.Classify(Text));

        Assert.True(bytes > 0, "measured nothing");
        Assert.True(bytes <= 256, $"{bytes} B per call"); // the Prediction and its scores array (112 B for two labels)
    }
}
