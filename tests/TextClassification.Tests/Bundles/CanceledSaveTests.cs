using TextClassification.Bundles;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

/// <summary>
/// Review 51e: a save takes a cancellation token (a 753 MB bundle took 3 s to write, and Ctrl+C during
/// <c>textclf train</c>'s save waited for it). A canceled save throws with that token and leaves the folder as it was.
/// </summary>
public sealed class CanceledSaveTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-canceled-save");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_canceled_save_to_a_new_folder_leaves_nothing()
    {
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        string target = _temp.Combine("model");

        var error = Assert.ThrowsAny<OperationCanceledException>(() => TestModels.Small.Save(target, canceled.Token));

        Assert.Equal(canceled.Token, error.CancellationToken);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void A_canceled_save_over_a_bundle_leaves_the_old_bundle_as_it_was()
    {
        string target = BundleEditing.SaveBundle(_temp, TestModels.Small, "model");
        string[] before = [.. Directory.EnumerateFileSystemEntries(target).Order(StringComparer.Ordinal)];
        byte[] manifest = File.ReadAllBytes(Path.Combine(target, ModelBundle.ManifestFileName));
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        var error = Assert.ThrowsAny<OperationCanceledException>(() => ModelBundle.Save(TestModels.SmallOtherSeed, target, canceled.Token));

        Assert.Equal(canceled.Token, error.CancellationToken);
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(target).Order(StringComparer.Ordinal));
        Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(target, ModelBundle.ManifestFileName)));
    }

    [Fact]
    public void Writing_a_weight_file_looks_at_the_token()
    {
        // The save's weight files are written in 16 MiB pieces, each after a look at the token (inside the staging
        // folder, which the save deletes on the way out).
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        string path = _temp.Combine("weights.bin");

        var error = Assert.ThrowsAny<OperationCanceledException>(() => BundleFiles.Write<float>(path, new float[1000], canceled.Token));

        Assert.Equal(canceled.Token, error.CancellationToken);
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void A_token_not_canceled_saves_the_same_bundle()
    {
        string plain = BundleEditing.SaveBundle(_temp, TestModels.Small, "plain");
        string withToken = _temp.Combine("with-token");
        using var source = new CancellationTokenSource();

        TestModels.Small.Save(withToken, source.Token);

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(plain, ModelBundle.ManifestFileName)),
            File.ReadAllBytes(Path.Combine(withToken, ModelBundle.ManifestFileName)));
    }
}
