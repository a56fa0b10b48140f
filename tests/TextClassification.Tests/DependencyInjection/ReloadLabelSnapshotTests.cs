using Microsoft.Extensions.DependencyInjection;
using TextClassification.DependencyInjection;
using TextClassification.Reloading;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.DependencyInjection;

/// <summary>
/// Review 52d: a ReloadOnChange registration with ExpectedLabels read the reloading classifier's Labels twice, once to
/// check them and once to pin them: a reload between the two pinned the new model's labels, never checked.
/// </summary>
public sealed class ReloadLabelSnapshotTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-di-label-snapshot");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_reload_between_the_label_check_and_the_pin_does_not_pin_unchecked_labels()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        TextClassifier otherLabels = TestModels.Train([.. TestModels.SmallData.Select(row => row.Label == "weather" ? row with { Label = "aviation" } : row)], seed: 2);
        int swaps = 0;
        var services = new ServiceCollection();
        services.AddTextClassifier(o =>
        {
            o.ModelPath = bundle;
            o.ReloadOnChange = true;
            o.Reload = new ReloadingTextClassifierOptions { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero };
            o.ExpectedLabels = TestModels.Small.Labels;
            o.AfterLabelsChecked = reloading =>
            {
                if (swaps++ == 0)
                {
                    otherLabels.Save(bundle, CancellationToken.None);
                    Assert.True(reloading.Reload()); // nothing is pinned yet: the other labels are taken
                }
            };
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        // The model serving when the labels are pinned is the one whose labels were checked: here it has other labels,
        // so the registration fails as it would have had the bundle been there from the start.
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ITextClassifier>());
        Assert.Contains("aviation", error.Message, StringComparison.Ordinal);
    }
}
