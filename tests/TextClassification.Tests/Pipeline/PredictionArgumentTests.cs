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
}
