using Microsoft.Extensions.DependencyInjection;
using TextClassification.DependencyInjection;
using TextClassification.Reloading;
using TextClassification.Tests.SourceGen.Generated;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.SourceGen;

/// <summary>A label mismatch with many labels names the first few on each side and counts the rest: every label had been
/// listed, tens of KB for 1,000 labels (review 52c).</summary>
public sealed class LabelMismatchLengthTests
{
    private static readonly string[] ManyLabels = [.. Enumerable.Range(0, 1000).Select(i => $"label{i:D4}")];

    private static void AssertCapped(string message, int more)
    {
        Assert.Contains("label0000", message, StringComparison.Ordinal);
        Assert.Contains("label0009", message, StringComparison.Ordinal);
        Assert.DoesNotContain("label0010", message, StringComparison.Ordinal);
        Assert.DoesNotContain("label0999", message, StringComparison.Ordinal);
        Assert.Contains($"and {more} more", message, StringComparison.Ordinal);
        Assert.True(message.Length < 1500, $"{message.Length} characters: {message}");
    }

    [Fact]
    public void Registration_names_ten_expected_labels_the_model_lacks_and_counts_the_rest()
    {
        using var folder = new TempFolder();
        string bundle = folder.Combine("topic");
        TestModels.Small.Save(bundle);

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o =>
        {
            o.ModelPath = bundle;
            o.ExpectedLabels = ManyLabels;
        }));

        AssertCapped(ex.Message, 990);
        Assert.Contains("not expected: [finance, sports, weather]", ex.Message, StringComparison.Ordinal); // short lists whole
    }

    [Fact]
    public void A_typed_classifier_names_ten_model_labels_the_enum_lacks_and_counts_the_rest()
    {
        using var export = new Onnx.TinyBertExport(ManyLabels);

        var ex = Assert.Throws<InvalidOperationException>(() => TopicClassifier.Load(export.Folder));

        AssertCapped(ex.Message, 990);
        Assert.Contains("not in the model: [finance, sports, weather]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requiring_labels_of_a_reloading_classifier_names_ten_missing_and_counts_the_rest()
    {
        using var folder = new TempFolder();
        string bundle = folder.Combine("topic");
        TestModels.Small.Save(bundle);
        using var reloading = ReloadingTextClassifier.Create(bundle, new ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero });

        var ex = Assert.Throws<InvalidOperationException>(() => reloading.RequireLabels(ManyLabels));

        AssertCapped(ex.Message, 990);
    }
}
