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

        // An older quick-start model (the same labels, other weights) is replaced.
        string[] labels = [.. ModelBundle.ReadManifest(bundle).Labels];
        Directory.Delete(bundle, recursive: true);
        TextClassification.Training.Trainers.NGramTrainer.Train(
            [.. labels.SelectMany((label, i) => new TextClassification.Training.Data.LabeledText[] { new($"text {i} one", label, (2 * i) + 2), new($"text {i} two", label, (2 * i) + 3) })],
            new TextClassification.Training.Trainers.NGramTrainerOptions { Seed = 1, MaxEpochs = 2 }).Classifier.Save(bundle);
        EmbeddedModel.Train(bundle);
        Assert.Equal(labels, ModelBundle.ReadManifest(bundle).Labels);
        Assert.NotEqual(earlier, File.GetLastWriteTimeUtc(manifest));
    }

    [Fact]
    public void A_model_of_other_labels_in_its_folder_stops_the_start_and_stays()
    {
        // A model saved into the quick-start folder to swap it in (as the README's hot reload describes) was replaced at
        // the next start, and running instances that watched the folder switched back to the quick-start model.
        string bundle = Path.Combine(_folder, "default");
        TextClassification.Training.Trainers.NGramTrainer.Train(
            [new("a fine day", "sunny", 1), new("rain again", "rainy", 2), new("clouds", "rainy", 3), new("bright sun", "sunny", 4)],
            new TextClassification.Training.Trainers.NGramTrainerOptions { Seed = 1 }).Classifier.Save(bundle);
        byte[] before = File.ReadAllBytes(Path.Combine(bundle, ModelBundle.ManifestFileName));

        var error = Assert.Throws<InvalidOperationException>(() => EmbeddedModel.Train(bundle));

        Assert.Contains("holds a model of other labels than the quick-start model", error.Message, StringComparison.Ordinal);
        Assert.Contains("TextClassification:Models:default:ModelPath", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(bundle, ModelBundle.ManifestFileName)));
    }

    [Theory]
    [InlineData("MaxRequestBodyBytes", -5)]
    [InlineData("MaxBatchSize", 0)]
    [InlineData("MaxTextLength", -1)]
    public void A_limit_that_is_not_positive_stops_the_start_naming_the_setting(string name, long value)
    {
        // A negative body limit crashed Kestrel's set-up with a stack trace (exit 134); zero limits started a service
        // that refused every request.
        var options = new ServiceOptions();
        typeof(ServiceOptions).GetProperty(name)!.SetValue(options, name == nameof(ServiceOptions.MaxRequestBodyBytes) ? value : (object)(int)value);

        var error = Assert.Throws<InvalidOperationException>(options.RequireLimitsInRange);

        Assert.Equal($"TextClassification:{name} is {value}; it must be a positive number.", error.Message);
    }

    /// <summary>A body limit past the largest buffer a body is read into (<see cref="Array.MaxLength"/> bytes, about
    /// 2 GiB): under a limit of 3 GB, a body over 2 GiB was a 500 (an OutOfMemoryException from the buffer, logged
    /// with its stack trace) after the service had buffered 2 GiB of it.</summary>
    [Fact]
    public void A_body_limit_past_the_largest_buffer_stops_the_start_naming_the_setting()
    {
        var options = new ServiceOptions { MaxRequestBodyBytes = 3_000_000_000 };

        var error = Assert.Throws<InvalidOperationException>(options.RequireLimitsInRange);

        Assert.Equal($"TextClassification:MaxRequestBodyBytes is 3000000000; a request body is read into memory whole, so it must be at most {Array.MaxLength}.", error.Message);
    }
}
