namespace TextClassification.Tests.Pipeline;

/// <summary>What the public <see cref="Prediction"/> constructors refuse: a caller that scores with
/// <see cref="ITextClassifier.Score"/> and builds its own predictions learns of a bad label list at the call.</summary>
public sealed class PredictionArgumentTests
{
    [Fact]
    public void A_null_label_is_refused_at_construction_naming_its_index()
    {
        // Accepted, it gave ToString " (60.0 %)" and ToDictionary threw ArgumentNullException for 'key', deep inside
        // a Dictionary, far from the mistake.
        var error = Assert.Throws<ArgumentException>(() => new Prediction(["a", null!], [0.4f, 0.6f]));
        Assert.Equal("labels", error.ParamName);
        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Prediction([null!, "b"], [0.4f, 0.6f], 0.5f));
        Assert.Throws<ArgumentException>(() => new Prediction(["a", null!], [0.4f, 0.6f], 0f, [0.5f, 0.5f]));
    }

    [Fact]
    public void A_label_given_twice_is_refused_at_construction_naming_both_indices()
    {
        // Accepted, ToDictionary threw "An item with the same key has already been added" and Label named whichever
        // copy scored higher, so two predictions with the same answer could differ in LabelIndex (review 55f).
        var error = Assert.Throws<ArgumentException>(() => new Prediction(["spam", "ham", "spam"], [0.2f, 0.3f, 0.5f]));
        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("The label 'spam' is at index 0 and at index 2: each label is given once.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Prediction(["a", "a"], [0.4f, 0.6f], 0.5f));
        Assert.Throws<ArgumentException>(() => new Prediction(["a", "a"], [0.4f, 0.6f], 0f, [0.5f, 0.5f]));
        // Labels differing only in case are two labels, as the trainers keep them.
        Assert.Equal("Spam", new Prediction(["spam", "Spam"], [0.4f, 0.6f]).Label);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_confidence_threshold_outside_0_to_1_is_refused_naming_it(float threshold)
    {
        // Accepted, 1.5 (a percentage given as 150 % or a typo) made every prediction abstain and -0.1 none, silently;
        // AbstainSection and WithAbstain refuse the same values (review 55f's open item).
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Prediction(["a", "b"], [0.4f, 0.6f], threshold));
        Assert.Equal("confidenceThreshold", error.ParamName);
        Assert.Contains("[0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_always_abstain_threshold_and_the_ends_of_0_to_1_are_taken()
    {
        Assert.True(new Prediction(["a", "b"], [0f, 1f], (float)TextClassification.Bundles.AbstainSection.AlwaysAbstain).Abstained);
        Assert.False(new Prediction(["a", "b"], [0f, 1f], 1f).Abstained);
        Assert.False(new Prediction(["a", "b"], [0.5f, 0.5f], 0f).Abstained);
        Assert.False(new Prediction(["a", "b"], [0.5f, 0.5f], -0f).Abstained);
    }

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(1.01f)]
    [InlineData(float.PositiveInfinity)]
    public void A_label_threshold_outside_0_to_1_is_refused_naming_its_index(float threshold)
    {
        // Accepted, a threshold above 1 left its label out of every prediction and one below 0 put it in every one,
        // where TextClassifier.WithThresholds refuses both.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Prediction(["a", "b"], [0.4f, 0.6f], 0f, [0.5f, threshold]));
        Assert.Equal("thresholds", error.ParamName);
        Assert.Contains("label 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(["b"], new Prediction(["a", "b"], [0.4f, 0.6f], 0f, [1f, 0f]).PredictedLabels); // the ends are taken
    }
}
