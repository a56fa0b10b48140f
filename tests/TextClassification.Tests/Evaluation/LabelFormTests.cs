using System.Text.Json.Nodes;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

/// <summary>Bundles trained by textclf before labels were composed in form C everywhere kept a label as written
/// ("Cafe" + U+0301); test labels are read in form C. The evaluators compare both in form C.</summary>
public sealed class LabelFormTests : IDisposable
{
    private const string Composed = "Caf\u00E9";
    private const string Decomposed = "Cafe\u0301";

    private static readonly Lazy<TextClassifier> Model = new(() => TestModels.Train(Renamed(TestModels.SmallData, Composed), seed: 3));

    private readonly TempFolder _temp = new("tc-label-form");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(Composed)]
    [InlineData(Decomposed)]
    public void A_model_label_in_the_other_form_is_still_the_test_label(string testForm)
    {
        // It became a second label: the model's own "Café" could never be right, and accuracy fell by its share.
        TextClassifier old = OldBundle();
        List<LabeledText> test = Renamed(SyntheticData.Generate(perLabel: 20, seed: 99), testForm);

        ClassificationMetrics expected = ModelEvaluator.Evaluate(Model.Value, test);
        ClassificationMetrics actual = ModelEvaluator.Evaluate(old, test);

        Assert.Equal(Decomposed, old.Labels[0]);
        Assert.Equal(3, actual.Labels.Count);
        Assert.Equal(expected.Accuracy, actual.Accuracy);
        Assert.Equal(expected.MacroF1, actual.MacroF1);
        Assert.Equal(0, ModelEvaluator.Compare(Model.Value, old, test).OnlyFirstCorrect);
        AbstainCalibration calibrated = AbstainCalibrator.Calibrate(old, test, AbstainTarget.Precision(0.99));
        Assert.Equal(AbstainCalibrator.Calibrate(Model.Value, test, AbstainTarget.Precision(0.99)).Chosen, calibrated.Chosen);
    }

    [Fact]
    public void A_model_with_both_forms_as_two_labels_is_still_evaluated()
    {
        // Trained by the invariant CLI on data with both forms, a bundle holds both. Compared in form C they were one
        // name twice, and evaluation refused the "duplicate label name" (exit 1 in eval).
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            manifest["labels"]![0] = Decomposed;
            manifest["labels"]![1] = Composed;
        });
        TextClassifier both = TextClassifier.Load(bundle);
        List<LabeledText> test = Renamed(SyntheticData.Generate(perLabel: 10, seed: 98), Composed);

        ClassificationMetrics metrics = ModelEvaluator.Evaluate(both, test);

        Assert.Equal([Decomposed, Composed, "weather", "sports"], metrics.Labels); // both keep their spellings; "sports" is unknown here
        Assert.Equal(10, metrics.PerLabel[1].Support); // the test's "Café" rows are the label spelled so
    }

    [Fact]
    public void Two_labels_sharing_a_form_C_that_neither_is_spelled_in_give_it_to_the_first()
    {
        // The two orders of a dot below and a circumflex: neither is form C (U+1EAD), so test labels matched neither.
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            manifest["labels"]![0] = "a\u0323\u0302";
            manifest["labels"]![1] = "a\u0302\u0323";
        });
        TextClassifier both = TextClassifier.Load(bundle);
        List<LabeledText> test = [.. SyntheticData.Generate(perLabel: 10, seed: 98).Select(row => row with { Label = row.Label == "finance" ? "\u1EAD" : row.Label })];

        ClassificationMetrics metrics = ModelEvaluator.Evaluate(both, test);

        Assert.Equal(["\u1EAD", "a\u0302\u0323", "weather", "sports"], metrics.Labels);
        Assert.Equal(10, metrics.PerLabel[0].Support);
    }

    // The model saved and its manifest given the label as the invariant CLI wrote it.
    private TextClassifier OldBundle()
    {
        string bundle = BundleEditing.SaveBundle(_temp, Model.Value);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            JsonArray labels = manifest["labels"]!.AsArray();
            Assert.Equal(Composed, labels[0]!.GetValue<string>());
            labels[0] = Decomposed;
        });
        return TextClassifier.Load(bundle);
    }

    private static List<LabeledText> Renamed(IReadOnlyList<LabeledText> rows, string finance) =>
        [.. rows.Select(row => row with { Label = row.Label == "finance" ? finance : row.Label })];
}
