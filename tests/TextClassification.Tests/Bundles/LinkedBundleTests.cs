using Microsoft.Extensions.DependencyInjection;
using TextClassification.Bundles;
using TextClassification.DependencyInjection;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>Bundles whose files are symbolic links (<c>cp -rs</c>, a Kubernetes ConfigMap or Secret volume). Their sizes
/// were measured on the links themselves, so every such bundle was refused as "truncated or wrong file" (an outside
/// audit).</summary>
public sealed class LinkedBundleTests : IDisposable
{
    private static readonly List<string> Texts = SyntheticData.Texts(30, seed: 37);

    private readonly TempFolder _temp = new("tc-linked");

    public void Dispose() => _temp.Dispose();

    [SymbolicLinkFact]
    public void A_folder_of_links_to_a_bundles_files_loads_and_registers_like_the_bundle()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string linked = SymbolicLinks.LinkEveryFile(bundle, _temp.Combine("linked"));

        AssertServesLike(TestModels.Small, linked);
    }

    [SymbolicLinkFact]
    public void A_ConfigMap_volume_layout_loads_and_registers_like_the_bundle()
    {
        // Each file links to ..data/<name>, and ..data is itself a link to a timestamped folder (swapped on update).
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string volume = SymbolicLinks.ConfigMapLayout(bundle, _temp.Combine("volume"));
        Assert.NotNull(new FileInfo(BundleEditing.ManifestPath(volume)).LinkTarget);

        AssertServesLike(TestModels.Small, volume);
    }

    [SymbolicLinkFact]
    public void A_dangling_link_is_named_with_where_it_leads()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string linked = SymbolicLinks.LinkEveryFile(bundle, _temp.Combine("linked"));
        string link = BundleEditing.WeightFile(linked, "embeddings");
        string target = BundleEditing.WeightFile(bundle, "embeddings");
        File.Delete(target);

        var load = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(linked));
        var register = Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = linked));

        foreach (BundleFormatException ex in new[] { load, register })
        {
            Assert.Equal(link, ex.FilePath);
            Assert.Contains($"symbolic link to {target}, which does not exist", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("truncated", ex.Message, StringComparison.Ordinal);
        }
    }

    [SymbolicLinkFact]
    public void A_link_to_a_file_of_the_wrong_size_is_refused_with_the_files_size()
    {
        // Measuring the target must not let a wrong file through: its own size is reported.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string linked = SymbolicLinks.LinkEveryFile(bundle, _temp.Combine("linked"));
        string head = BundleEditing.WeightFile(bundle, "head");
        long size = new FileInfo(head).Length;
        File.WriteAllBytes(head, new byte[size - 4]);

        var ex = Assert.Throws<BundleFormatException>(() => TextClassifier.Load(linked));
        var register = Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = linked));

        Assert.Contains($"the file has {size - 4} bytes; {size} expected", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"the file has {size - 4} bytes; the manifest records {size}", register.Message, StringComparison.Ordinal);
    }

    [SymbolicLinkFact]
    public void Inspect_lists_a_linked_bundles_files_as_whole()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string linked = SymbolicLinks.LinkEveryFile(bundle, _temp.Combine("linked"));

        Cli.CliResult result = Cli.CliResult.Run(null, "inspect", linked);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("WRONG SIZE", result.Out, StringComparison.Ordinal);
    }

    // Loaded directly and through a DI registration (whose start-up check measured the links too), the linked bundle
    // predicts exactly as the model it was saved from.
    private static void AssertServesLike(TextClassifier model, string folder)
    {
        float[][] expected = TestModels.ScoresOf(model, Texts);
        Assert.Equal(expected, TestModels.ScoresOf(TextClassifier.Load(folder), Texts));

        var services = new ServiceCollection();
        services.AddTextClassifier(o => o.ModelPath = folder);
        using ServiceProvider provider = services.BuildServiceProvider();
        ITextClassifier registered = provider.GetRequiredService<ITextClassifier>();
        Assert.Equal(model.Labels, registered.Labels);
        Assert.Equal(expected, TestModels.ScoresOf(registered, Texts));
        Assert.Equal(
            Texts.Select(text => model.Classify(text).Label),
            Texts.Select(text => registered.Classify(text).Label));
    }
}
