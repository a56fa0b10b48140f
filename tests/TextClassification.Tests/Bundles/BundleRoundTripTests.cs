using TextClassification.Bundles;
using TextClassification.Encoders;
using TextClassification.Training.Trainers;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.Bundles;

public sealed class BundleRoundTripTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-bundle");

    private static readonly List<string> Texts = SyntheticData.Texts(50, seed: 99);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Save_then_load_gives_bit_identical_scores()
    {
        TextClassifier model = TestModels.Small;
        string bundle = BundleEditing.SaveBundle(_temp, model);

        TextClassifier loaded = TextClassifier.Load(bundle);
        TextClassifier viaManifest = ModelBundle.Load(BundleEditing.ManifestPath(bundle));

        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Featurizer.Options, loaded.Featurizer.Options);
        Assert.Equal(TestModels.ScoresOf(model, Texts), TestModels.ScoresOf(loaded, Texts));
        Assert.Equal(TestModels.ScoresOf(model, Texts), TestModels.ScoresOf(viaManifest, Texts));
        Assert.Equal(model.Training?.Settings, loaded.Training?.Settings);
        // Only the bundle is left beside it: the staging folder was renamed into place.
        Assert.Equal(["bundle"], BundleEditing.FileNames(_temp.Path));
    }

    [Fact]
    public void Weight_files_no_manifest_lists_are_removed_by_the_next_save_and_other_files_are_kept()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        // A killed save's weight file (never listed), and the user's own file.
        File.Copy(BundleEditing.WeightFile(bundle, "head"), Path.Combine(bundle, "head-0123456789ab.bin"));
        File.WriteAllText(Path.Combine(bundle, "notes.txt"), "mine");

        TestModels.SmallOtherSeed.Save(bundle);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal(manifest.Files.Keys.Append(ModelBundle.ManifestFileName).Append("notes.txt").Order(StringComparer.Ordinal), BundleFiles(bundle));
    }

    [Fact]
    public void Saving_over_a_bundle_whose_manifest_cannot_be_read_leaves_only_the_new_bundle()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        File.WriteAllText(BundleEditing.ManifestPath(bundle), "{ not json");

        TestModels.SmallOtherSeed.Save(bundle);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal(manifest.Files.Keys.Append(ModelBundle.ManifestFileName).Order(StringComparer.Ordinal), BundleFiles(bundle));
        Assert.Equal(TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts), TestModels.ScoresOf(TextClassifier.Load(bundle), Texts));
    }

    [Fact]
    public void A_folder_path_ending_in_a_separator_is_saved_to_and_loaded_from_like_one_without()
    {
        string bundle = _temp.Combine("model") + Path.DirectorySeparatorChar;

        TestModels.Small.Save(bundle);
        TestModels.SmallOtherSeed.Save(bundle);

        Assert.Equal(TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts), TestModels.ScoresOf(TextClassifier.Load(bundle), Texts));
        Assert.Equal(["model"], BundleEditing.FileNames(_temp.Path));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_temp.Combine("model")), entry => Path.GetFileName(entry).StartsWith('.'));
    }

    [Theory]
    [InlineData(NGramPooling.Mean, "mean")]
    [InlineData(NGramPooling.TfIdf, "tfidf")]
    public void Both_poolings_round_trip_with_identical_scores(NGramPooling pooling, string manifestName)
    {
        TextClassifier model = NGramTrainer.Train(TestModels.SmallData, TestModels.FastOptions(5) with { Pooling = pooling }).Classifier;
        string bundle = BundleEditing.SaveBundle(_temp, model);

        TextClassifier loaded = TextClassifier.Load(bundle);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        Assert.Equal(manifestName, manifest.Pooling.Type);
        Assert.Equal(pooling == NGramPooling.TfIdf, manifest.Encoder.IdfFile is not null);
        Assert.Equal(TestModels.ScoresOf(model, Texts), TestModels.ScoresOf(loaded, Texts));
    }

    [Fact]
    public void Manifest_lists_exactly_the_files_of_the_bundle()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);

        ModelManifest manifest = ModelBundle.ReadManifest(bundle);

        Assert.Equal(
            manifest.Files.Keys.Append(ModelBundle.ManifestFileName).Order(StringComparer.Ordinal),
            BundleFiles(bundle));
        Assert.Equal(1, manifest.FormatVersion); // a single model; ensembles are version 2
        Assert.Equal(TestModels.Small.Labels, manifest.Labels);
        Assert.Equal(manifest.Labels.Count, manifest.Head.Outputs);
        foreach ((string name, BundleFileEntry entry) in manifest.Files)
        {
            Assert.Equal(entry.Bytes, new FileInfo(Path.Combine(bundle, name)).Length);
        }
    }

    [Fact]
    public void Saving_over_a_bundle_updates_it_and_removes_stale_weight_files()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string[] before = BundleFiles(bundle);

        TestModels.SmallOtherSeed.Save(bundle);

        TextClassifier loaded = TextClassifier.Load(bundle);
        Assert.Equal(TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts), TestModels.ScoresOf(loaded, Texts));
        Assert.NotEqual(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(loaded, Texts));
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        string[] after = BundleFiles(bundle);
        Assert.Equal(manifest.Files.Keys.Append(ModelBundle.ManifestFileName).Order(StringComparer.Ordinal), after);
        Assert.NotEqual(before, after);
        Assert.Equal(["bundle"], BundleEditing.FileNames(_temp.Path));
    }

    [Fact]
    public void Saving_the_same_model_twice_keeps_the_bundle_valid()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string[] before = BundleFiles(bundle);

        TestModels.Small.Save(bundle);

        Assert.Equal(before, BundleFiles(bundle));
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(TextClassifier.Load(bundle), Texts));
    }

    [Fact]
    public void Saving_into_an_existing_empty_folder_works()
    {
        string folder = _temp.Combine("empty");
        Directory.CreateDirectory(folder);

        TestModels.Small.Save(folder);

        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(TextClassifier.Load(folder), Texts));
    }

    [Fact]
    public void Saving_into_a_non_empty_folder_that_is_not_a_bundle_is_refused_and_leaves_the_files()
    {
        string folder = _temp.Combine("documents");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));

        var ex = Assert.Throws<IOException>(() => TestModels.Small.Save(folder));

        Assert.Contains(ModelBundle.ManifestFileName, ex.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt", "sub"], BundleEditing.FileNames(folder));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "notes.txt")));
        Assert.Equal(["documents"], BundleEditing.FileNames(_temp.Path));
    }

    [Fact]
    public void Saving_a_good_model_over_a_bundle_with_a_corrupted_weight_file_repairs_it()
    {
        // Weight files are named by a hash of their content, so re-saving the same model writes the same names; a
        // damaged file of that name must not be kept, or Save "succeeds" and the bundle still cannot be loaded.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        BundleEditing.FlipByte(BundleEditing.WeightFile(bundle, "embeddings"), 10, 0x40);
        Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));

        TestModels.Small.Save(bundle);

        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(TextClassifier.Load(bundle), Texts));
    }

    private static string[] BundleFiles(string bundle) => BundleEditing.FileNames(bundle);
}
