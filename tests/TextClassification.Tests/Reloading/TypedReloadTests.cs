using TextClassification.Bundles;
using TextClassification.Reloading;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Reloading;

public sealed class TypedReloadTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-typed-reload");

    public enum Topic
    {
        Finance,
        Sports,
        Weather,
    }

    public void Dispose() => _temp.Dispose();

    private static ReloadingTextClassifierOptions Manual() => new() { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero };

    private static TypedTextClassifier<Topic> Typed(ITextClassifier inner) =>
        new(inner, [Topic.Finance, Topic.Sports, Topic.Weather], SyntheticData.Labels);

    // The small data with one label renamed: "aviation" sorts first, so every other label moves one index.
    private static TextClassifier WithLabelRenamed(string from, string to)
    {
        var rows = TestModels.SmallData.Select(row => row.Label == from ? row with { Label = to } : row).ToList();
        return TestModels.Train(rows, seed: 2);
    }

    [Fact]
    public void A_new_bundle_with_other_labels_is_rejected_and_the_typed_answers_stay_right()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        using var reloading = ReloadingTextClassifier.Create(bundle, Manual());
        TypedTextClassifier<Topic> typed = Typed(reloading);
        var outcomes = new List<ModelReloadEventArgs>();
        reloading.Reloaded += (_, e) => outcomes.Add(e);

        WithLabelRenamed("weather", "aviation").Save(bundle);

        Assert.False(reloading.Reload());
        ModelReloadEventArgs rejected = Assert.Single(outcomes);
        BundleFormatException error = Assert.IsType<BundleFormatException>(rejected.Error);
        Assert.Contains("missing [weather], new [aviation]", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, reloading.Generation);
        foreach (string text in SyntheticData.Texts(30, seed: 5))
        {
            Prediction<Topic> prediction = typed.Classify(text);
            Assert.Equal(SyntheticData.Labels[(int)prediction.Label], prediction.Untyped.Label);
        }

        // A model with the same labels is taken.
        TestModels.SmallOtherSeed.Save(bundle);
        Assert.True(reloading.Reload());
        Assert.Equal(2, reloading.Generation);
    }

    [Fact]
    public void Without_a_typed_classifier_a_reload_may_change_the_labels()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        using var reloading = ReloadingTextClassifier.Create(bundle, Manual());

        WithLabelRenamed("weather", "aviation").Save(bundle);

        Assert.True(reloading.Reload());
        Assert.Equal(["aviation", "finance", "sports"], reloading.Labels);
    }

    [Fact]
    public void RequireLabels_refuses_labels_the_serving_model_does_not_have()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        using var reloading = ReloadingTextClassifier.Create(bundle, Manual());

        var error = Assert.Throws<InvalidOperationException>(() => reloading.RequireLabels(["finance", "weather", "sports"]));
        Assert.Contains("another order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireLabels_refuses_a_null_label_as_an_argument_error_naming_its_index()
    {
        // Taken as a label list the model does not have: InvalidOperationException "missing [, sports], new [weather]",
        // the null printed as nothing, where the other label-list arguments (Prediction, TypedTextClassifier) say which
        // index is null.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        using var reloading = ReloadingTextClassifier.Create(bundle, Manual());

        var error = Assert.Throws<ArgumentException>(() => reloading.RequireLabels(["finance", "sports", null!]));
        Assert.Equal("labels", error.ParamName);
        Assert.StartsWith("The label at index 2 is null.", error.Message, StringComparison.Ordinal);
        reloading.RequireLabels(reloading.Labels); // the model's own labels are still taken
    }
}
