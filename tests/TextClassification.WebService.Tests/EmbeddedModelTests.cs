using TextClassification.Bundles;
using TextClassification.WebService.Models;

namespace TextClassification.WebService.Tests;

/// <summary>The embedded default model's bundle on disk, which other running instances may be serving.</summary>
public sealed class EmbeddedModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tc-web-embedded-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Another_start_leaves_the_same_bundle_untouched_and_replaces_another_one()
    {
        string bundle = Path.Combine(_folder, "default");
        EmbeddedModel.Train(bundle);
        string manifest = Path.Combine(bundle, ModelBundle.ManifestFileName);
        var earlier = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(manifest, earlier);

        // A second instance (or a restart) trains the same model: an instance serving the folder with
        // ReloadOnChange must not see a new manifest and reload (losing its start-up report).
        EmbeddedModel.Train(bundle);
        Assert.Equal(earlier, File.GetLastWriteTimeUtc(manifest));

        // Another model there (other labels) is replaced.
        string[] labels = [.. ModelBundle.ReadManifest(bundle).Labels];
        Directory.Delete(bundle, recursive: true);
        TextClassification.Training.Trainers.NGramTrainer.Train(
            [new("a fine day", "sunny", 1), new("rain again", "rainy", 2), new("clouds", "rainy", 3), new("bright sun", "sunny", 4)],
            new TextClassification.Training.Trainers.NGramTrainerOptions { Seed = 1 }).Classifier.Save(bundle);
        EmbeddedModel.Train(bundle);
        Assert.Equal(labels, ModelBundle.ReadManifest(bundle).Labels);
    }
}
