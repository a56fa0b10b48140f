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

        AssertHoldsOnly(TestModels.SmallOtherSeed, bundle);
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
    public void Saving_into_an_existing_empty_folder_writes_into_it_instead_of_replacing_it()
    {
        // A mounted volume (an empty Docker or Kubernetes volume) can be neither deleted nor renamed over: the save
        // must write into the folder it was given. Its permissions and a link to it show whether it was replaced.
        string folder = _temp.Combine("volume");
        Directory.CreateDirectory(folder);
        string link = _temp.Combine("link");
        Directory.CreateSymbolicLink(link, folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        }

        TestModels.Small.Save(link);

        Assert.Equal(folder, new DirectoryInfo(link).LinkTarget);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute, File.GetUnixFileMode(folder));
        }

        AssertHoldsOnly(TestModels.Small, folder);
        Assert.Equal(["link", "volume"], BundleEditing.FileNames(_temp.Path));
    }

    [Fact]
    public void A_folder_holding_only_what_an_interrupted_first_save_left_is_saved_into_and_cleaned()
    {
        // A first save into an empty folder that stopped before its manifest (killed, or a full disk) leaves weight files
        // and its hidden staging folder; the next save finishes the bundle instead of refusing a "non-empty folder".
        string other = BundleEditing.SaveBundle(_temp, TestModels.SmallOtherSeed, "other");
        string folder = _temp.Combine("volume");
        Directory.CreateDirectory(folder);
        File.Copy(BundleEditing.WeightFile(other, "head"), Path.Combine(folder, Path.GetFileName(BundleEditing.WeightFile(other, "head"))));
        string killed = Path.Combine(folder, $".saving-{Guid.NewGuid():N}");
        Directory.CreateDirectory(killed);
        File.WriteAllText(Path.Combine(killed, ModelBundle.ManifestFileName), "{ half");
        Directory.SetLastWriteTimeUtc(killed, DateTime.UtcNow.AddHours(-1));

        TestModels.Small.Save(folder);

        AssertHoldsOnly(TestModels.Small, folder);
    }

    [Fact]
    public void A_fresh_volume_whose_only_entry_is_lost_and_found_is_saved_into()
    {
        // A newly formatted ext4 volume holds lost+found: the file system's, not someone's files to protect.
        string folder = _temp.Combine("volume");
        Directory.CreateDirectory(Path.Combine(folder, "lost+found"));

        TestModels.Small.Save(folder);

        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(TextClassifier.Load(folder), Texts));
        Assert.Contains("lost+found", BundleFiles(folder));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Saving_into_an_existing_folder_writes_nothing_beside_it(bool overBundle)
    {
        // A volume mounted where the process may not write beside it (a read-only root file system, a root-owned
        // parent): the staging goes inside the folder. The parent's inotify events show what was written there; a
        // sentinel file made after the save is the last of them (events keep their order).
        string parent = _temp.Combine("mnt");
        string folder = Path.Combine(parent, "volume");
        Directory.CreateDirectory(folder);
        if (overBundle)
        {
            TestModels.SmallOtherSeed.Save(folder);
        }

        var names = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var sentinelSeen = new ManualResetEventSlim();
        using var watcher = new FileSystemWatcher(parent) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName };
        watcher.Created += (_, e) =>
        {
            names.Enqueue(e.Name!);
            if (e.Name == "sentinel")
            {
                sentinelSeen.Set();
            }
        };
        watcher.Renamed += (_, e) => names.Enqueue(e.Name!);
        watcher.EnableRaisingEvents = true;

        TestModels.Small.Save(folder);
        File.WriteAllText(Path.Combine(parent, "sentinel"), string.Empty);

        Assert.True(sentinelSeen.Wait(TimeSpan.FromSeconds(30)), "the sentinel's event never came");
        Assert.Equal(["sentinel"], names);
        AssertHoldsOnly(TestModels.Small, folder);
    }

    [Fact]
    public void A_save_the_file_system_refuses_is_an_IOException_naming_the_bundle_folder()
    {
        // The folder cannot be made (its parent is a file): the error names the folder the caller gave, with the file
        // system's own error inside, as for a read-only folder (UnauthorizedAccessException, not an IOException) or a
        // full disk, which named a hidden staging file.
        string file = _temp.Combine("file");
        File.WriteAllText(file, "not a folder");
        string target = Path.Combine(file, "model");

        var ex = Assert.Throws<IOException>(() => TestModels.Small.Save(target));

        Assert.Contains($"'{target}'", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(ex.InnerException);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void A_save_that_fails_part_way_names_the_bundle_folder_and_leaves_the_old_bundle_loadable()
    {
        // Weight files are named by their content, so the new model's names are known in advance: a folder of that name
        // in the bundle makes moving that file in fail after the other files may have gone in, before the manifest swap.
        string preview = BundleEditing.SaveBundle(_temp, TestModels.SmallOtherSeed, "preview");
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        Directory.CreateDirectory(Path.Combine(bundle, Path.GetFileName(BundleEditing.WeightFile(preview, "head"))));

        var ex = Assert.Throws<IOException>(() => TestModels.SmallOtherSeed.Save(bundle));

        Assert.Contains($"'{bundle}'", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(TextClassifier.Load(bundle), Texts));
        Assert.DoesNotContain(BundleEditing.FileNames(bundle), name => name.StartsWith('.'));
        Assert.DoesNotContain(BundleEditing.FileNames(_temp.Path), name => name.StartsWith('.'));
    }

    [Fact]
    public void Saving_to_a_bundles_manifest_path_says_Save_takes_the_folder_and_leaves_the_bundle()
    {
        // Load takes a bundle folder or its textclassifier.json; Save of that same path failed with the file system's
        // "Cannot create '…/textclassifier.json' because a file or directory with the same name already exists".
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string manifest = Path.Combine(bundle, ModelBundle.ManifestFileName);

        var ex = Assert.Throws<IOException>(() => TestModels.SmallOtherSeed.Save(manifest));

        Assert.Equal($"'{manifest}' is a bundle's {ModelBundle.ManifestFileName}: Save takes the bundle folder ('{bundle}').", ex.Message);
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(TextClassifier.Load(manifest), Texts));
    }

    [Fact]
    public void Saving_to_a_path_that_is_a_file_says_a_bundle_is_a_folder_and_leaves_the_file()
    {
        string file = _temp.Combine("model.bin");
        File.WriteAllText(file, "not a bundle");

        var ex = Assert.Throws<IOException>(() => TestModels.Small.Save(file));

        Assert.Equal($"'{file}' is a file: a bundle is a folder, which Save creates or updates.", ex.Message);
        Assert.Equal("not a bundle", File.ReadAllText(file));
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

    // The folder holds exactly the manifest and the files it lists, and loads as the model.
    private static void AssertHoldsOnly(TextClassifier model, string folder)
    {
        ModelManifest manifest = ModelBundle.ReadManifest(folder);
        Assert.Equal(manifest.Files.Keys.Append(ModelBundle.ManifestFileName).Order(StringComparer.Ordinal), BundleFiles(folder));
        Assert.Equal(TestModels.ScoresOf(model, Texts), TestModels.ScoresOf(TextClassifier.Load(folder), Texts));
    }
}
