using Microsoft.Extensions.DependencyInjection;
using TextClassification.Bundles;
using TextClassification.DependencyInjection;
using TextClassification.Tests.Support;

namespace TextClassification.Tests.DependencyInjection;

public sealed class ServiceCollectionTests : IDisposable
{
    private static readonly List<string> Texts = SyntheticData.Texts(20, seed: 8);

    private readonly TempFolder _temp = new("tc-di");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AddTextClassifier_resolves_one_shared_classifier_that_classifies()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();

        services.AddTextClassifier(o => o.ModelPath = bundle);
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        ITextClassifier first = provider.GetRequiredService<ITextClassifier>();
        ITextClassifier second = provider.GetRequiredService<ITextClassifier>();
        using IServiceScope scope = provider.CreateScope();
        ITextClassifier scoped = scope.ServiceProvider.GetRequiredService<ITextClassifier>();

        Assert.Same(first, second);
        Assert.Same(first, scoped);
        Assert.Equal(TestModels.Small.Labels, first.Labels);
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(first, Texts));
        Assert.Single(services, d => d.ServiceType == typeof(ITextClassifier));
        Assert.Equal(ServiceLifetime.Singleton, services.Single(d => d.ServiceType == typeof(ITextClassifier)).Lifetime);
    }

    [Fact]
    public void ExpectedLabels_are_checked_at_registration_in_any_order_for_bundles_and_exports()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string[] labels = [.. TestModels.Small.Labels];
        var services = new ServiceCollection();
        services.AddKeyedTextClassifier("same", o => { o.ModelPath = bundle; o.ExpectedLabels = [.. labels.Reverse()]; });
        Assert.Single(services);

        var wrong = Assert.Throws<InvalidOperationException>(() =>
            services.AddKeyedTextClassifier("other", o => { o.ModelPath = bundle; o.ExpectedLabels = [labels[0], "missing"]; }));
        Assert.Contains("not in the model: [missing]", wrong.Message, StringComparison.Ordinal);
        Assert.Contains($"not expected: [{string.Join(", ", labels[1..])}]", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("TextClassifierOptions['other'].ExpectedLabels", wrong.Message, StringComparison.Ordinal);

        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        services.AddKeyedTextClassifier("export", o => { o.ModelPath = export.Folder; o.ExpectedLabels = ["pos", "neg"]; });
        Assert.Throws<InvalidOperationException>(() => services.AddTextClassifier(o => { o.ModelPath = export.Folder; o.ExpectedLabels = ["neg"]; }));

        // A config.json the registration cannot read is named as the file, as OnnxTextClassifier.Create names it.
        using var badKeys = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"], id2LabelJson: """{ "a": "neg", "b": "pos" }""");
        var bad = Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = badKeys.Folder));
        Assert.Equal(Path.Combine(badKeys.Folder, "config.json"), bad.FilePath);
        Assert.Contains("'id2label' keys must be", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedLabels_hold_for_a_reloaded_bundle_and_a_lazily_loaded_one_and_may_not_repeat()
    {
        // A model of two of Small's three labels.
        TextClassifier twoLabels = TestModels.Train([.. TestModels.SmallData.Where(row => row.Label != TestModels.Small.Labels[2])], seed: 7);
        string[] labels = [.. TestModels.Small.Labels];

        // With ReloadOnChange: a saved bundle with other labels is rejected, the model serving keeps serving (it was
        // swapped in: only the generated classifiers pinned the labels).
        string reloaded = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();
        services.AddTextClassifier(o => { o.ModelPath = reloaded; o.ExpectedLabels = labels; o.ReloadOnChange = true; });
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var classifier = (TextClassification.Reloading.ReloadingTextClassifier)provider.GetRequiredService<ITextClassifier>();
            twoLabels.Save(reloaded);
            Assert.False(classifier.Reload());
            Assert.Equal(labels, classifier.Labels);
        }

        // Without it, loaded on first resolution: a bundle replaced since registration is checked again.
        string lazy = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var lazyServices = new ServiceCollection();
        lazyServices.AddTextClassifier(o => { o.ModelPath = lazy; o.ExpectedLabels = labels; });
        twoLabels.Save(lazy);
        using ServiceProvider lazyProvider = lazyServices.BuildServiceProvider();
        Assert.Contains("ExpectedLabels", Assert.Throws<InvalidOperationException>(() => lazyProvider.GetRequiredService<ITextClassifier>()).Message, StringComparison.Ordinal);

        var repeated = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTextClassifier(o => { o.ModelPath = lazy; o.ExpectedLabels = [labels[0], labels[0]]; }));
        Assert.Contains($"lists '{labels[0]}' twice", repeated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_copied_and_checked_at_registration()
    {
        // ExpectedLabels and Onnx were kept by reference and read at first resolution: a list changed after
        // registration failed the lazy load, and ONNX settings out of range passed registration (an outside review).
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var labels = TestModels.Small.Labels.ToList();
        var services = new ServiceCollection();
        services.AddTextClassifier(o => { o.ModelPath = bundle; o.ExpectedLabels = labels; });
        labels.Add("not_a_label");
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.Equal(TestModels.Small.Labels, provider.GetRequiredService<ITextClassifier>().Labels);
        }

        // Checked where they apply: an export's ONNX settings, not an n-gram bundle's (which never reads them).
        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        var batch = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTextClassifier(o => { o.ModelPath = export.Folder; o.Onnx.MaxBatchSize = 0; }));
        Assert.Contains("TextClassifierOptions.Onnx: MaxBatchSize must be 1 or more", batch.Message, StringComparison.Ordinal);
        var threshold = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddKeyedTextClassifier("k", o => { o.ModelPath = export.Folder; o.Onnx.MultiLabelThreshold = 2; }));
        Assert.Contains("TextClassifierOptions['k'].Onnx: MultiLabelThreshold", threshold.Message, StringComparison.Ordinal);
        new ServiceCollection().AddTextClassifier(o => { o.ModelPath = bundle; o.Onnx.MaxBatchSize = 0; o.Reload.Debounce = TimeSpan.FromSeconds(-1); });
    }

    [Fact]
    public void An_exports_MaxLength_is_checked_at_registration_and_named()
    {
        // Both passed registration and failed the first resolution, a MaxLength under 3 as "options ('2') must be greater
        // than or equal to '3'", naming no setting (review 49a). The export's max_position_embeddings is 64.
        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        var pastPositions = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTextClassifier(o => { o.ModelPath = export.Folder; o.Onnx.MaxLength = 100_000; }));
        Assert.Contains("TextClassifierOptions.Onnx: MaxLength 100000 exceeds max_position_embeddings 64", pastPositions.Message, StringComparison.Ordinal);
        var tooShort = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddKeyedTextClassifier("k", o => { o.ModelPath = export.Folder; o.Onnx.MaxLength = 2; }));
        Assert.Contains("TextClassifierOptions['k'].Onnx: MaxLength must be 3 or more", tooShort.Message, StringComparison.Ordinal);

        // The setting's own words, without what .NET appends to the ArgumentOutOfRangeException they came from: the
        // message had ended "not 2. (Parameter 'Onnx')" and a line "Actual value was 2.".
        Assert.EndsWith("not 2.", tooShort.Message, StringComparison.Ordinal);
        Assert.EndsWith("the model has no positions past 64.", pastPositions.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentOutOfRangeException>(tooShort.InnerException);

        // Created directly, the same words.
        var direct = Assert.Throws<ArgumentOutOfRangeException>(() => TextClassification.Onnx.OnnxTextClassifier.Create(export.Folder, new() { MaxLength = 2 }));
        Assert.Contains("MaxLength must be 3 or more", direct.Message, StringComparison.Ordinal);
        new ServiceCollection().AddTextClassifier(o => { o.ModelPath = export.Folder; o.Onnx.MaxLength = 64; });
    }

    [Fact]
    public void An_exports_sliding_window_stride_is_checked_at_registration_where_it_needs_no_graph()
    {
        // A Stride under 1, or past a window of the MaxLength the app set, needs no model to be refused; both passed
        // registration and failed the first resolution (the first request of a service that does not load eagerly).
        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        var zero = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o =>
        {
            o.ModelPath = export.Folder;
            o.Onnx.LongText = TextClassification.Onnx.LongTextStrategy.SlidingWindow;
            o.Onnx.Stride = 0;
        }));
        Assert.Contains("TextClassifierOptions.Onnx: Stride must be 1 or more", zero.Message, StringComparison.Ordinal);
        var pastWindow = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKeyedTextClassifier("k", o =>
        {
            o.ModelPath = export.Folder;
            o.Onnx.LongText = TextClassification.Onnx.LongTextStrategy.SlidingWindow;
            o.Onnx.MaxLength = 8;
            o.Onnx.Stride = 7;
        }));
        Assert.Contains("TextClassifierOptions['k'].Onnx: Stride must be from 1 to 6: a window holds 8 tokens (MaxLength), less [CLS] and [SEP].", pastWindow.Message, StringComparison.Ordinal);

        // Created directly, the same words; a Stride the window takes, or one truncation never reads, registers.
        var direct = Assert.Throws<ArgumentOutOfRangeException>(() => TextClassification.Onnx.OnnxTextClassifier.Create(
            export.Folder, new() { LongText = TextClassification.Onnx.LongTextStrategy.SlidingWindow, MaxLength = 8, Stride = 7 }));
        Assert.Contains("Stride must be from 1 to 6: a window holds 8 tokens (MaxLength), less [CLS] and [SEP].", direct.Message, StringComparison.Ordinal);
        new ServiceCollection().AddTextClassifier(o =>
        {
            o.ModelPath = export.Folder;
            o.Onnx.LongText = TextClassification.Onnx.LongTextStrategy.SlidingWindow;
            o.Onnx.MaxLength = 8;
            o.Onnx.Stride = 6;
        });
        new ServiceCollection().AddTextClassifier(o => { o.ModelPath = export.Folder; o.Onnx.Stride = 0; });
    }

    [Fact]
    public async Task Reload_settings_reach_the_reloading_classifier_and_are_checked_at_registration()
    {
        // Registration offered no way to set how changes are noticed: here the watcher is off and polling alone
        // must see the save.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();
        services.AddTextClassifier(o =>
        {
            o.ModelPath = bundle;
            o.ReloadOnChange = true;
            o.Reload.UseFileSystemWatcher = false;
            o.Reload.PollInterval = TimeSpan.FromMilliseconds(50);
        });
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var classifier = (TextClassification.Reloading.ReloadingTextClassifier)provider.GetRequiredService<ITextClassifier>();
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            classifier.Reloaded += (_, e) => reloaded.TrySetResult();
            TestModels.SmallOtherSeed.Save(bundle);
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, classifier.Generation);
        }

        var negative = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddTextClassifier(o => { o.ModelPath = bundle; o.ReloadOnChange = true; o.Reload.Debounce = TimeSpan.FromSeconds(-1); }));
        Assert.Contains("TextClassifierOptions.Reload: ReloadingTextClassifierOptions.Debounce must be zero or more", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_path_works_as_ModelPath()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();

        services.AddTextClassifier(o => o.ModelPath = BundleEditing.ManifestPath(bundle));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(TestModels.Small.Labels, provider.GetRequiredService<ITextClassifier>().Labels);
    }

    [Fact]
    public void The_model_is_loaded_lazily_on_first_resolution()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();
        services.AddTextClassifier(o => o.ModelPath = bundle);

        // Damage a weight file after registration: only resolving reads the weights.
        BundleEditing.FlipByte(BundleEditing.WeightFile(bundle, "embeddings"), 0, 0x01);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<BundleFormatException>(() => provider.GetRequiredService<ITextClassifier>());
    }

    [Fact]
    public void Keyed_registrations_resolve_different_classifiers()
    {
        string a = BundleEditing.SaveBundle(_temp, TestModels.Small, "a");
        string b = BundleEditing.SaveBundle(_temp, TestModels.SmallOtherSeed, "b");
        var services = new ServiceCollection();

        services.AddKeyedTextClassifier("a", o => o.ModelPath = a);
        services.AddKeyedTextClassifier("b", o => o.ModelPath = b);
        using ServiceProvider provider = services.BuildServiceProvider();

        ITextClassifier first = provider.GetRequiredKeyedService<ITextClassifier>("a");
        ITextClassifier second = provider.GetRequiredKeyedService<ITextClassifier>("b");

        Assert.NotSame(first, second);
        Assert.Same(first, provider.GetRequiredKeyedService<ITextClassifier>("a"));
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(first, Texts));
        Assert.Equal(TestModels.ScoresOf(TestModels.SmallOtherSeed, Texts), TestModels.ScoresOf(second, Texts));
        Assert.NotEqual(TestModels.ScoresOf(first, Texts), TestModels.ScoresOf(second, Texts));
        Assert.Null(provider.GetService<ITextClassifier>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_ModelPath_fails_at_registration(string? path)
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddTextClassifier(o => o.ModelPath = path));

        Assert.Contains("ModelPath", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void Missing_ModelPath_of_a_keyed_registration_names_the_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKeyedTextClassifier("intent", _ => { }));

        Assert.Contains("ModelPath", ex.Message, StringComparison.Ordinal);
        Assert.Contains("intent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nonexistent_path_fails_at_registration_naming_the_path()
    {
        string path = _temp.Combine("no-such-model");

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_manifest_fails_at_registration()
    {
        string folder = _temp.Combine("empty");
        Directory.CreateDirectory(folder);

        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKeyedTextClassifier("k", o => o.ModelPath = folder));

        Assert.Contains(ModelBundle.ManifestFileName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_copied_export_fails_at_registration_naming_the_missing_file()
    {
        // Review 51a: a Hugging Face export folder without its model.onnx (or its config.json) was told it "has no
        // textclassifier.json", while TextClassifierLoader.Load names the missing ONNX file (an exporter may have put it in
        // onnx/). Registration now says the same.
        string withoutGraph = _temp.Combine("no-graph");
        Directory.CreateDirectory(withoutGraph);
        File.WriteAllText(Path.Combine(withoutGraph, "config.json"), """{ "id2label": { "0": "neg", "1": "pos" } }""");
        File.WriteAllText(Path.Combine(withoutGraph, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        string withoutConfig = _temp.Combine("no-config");
        Directory.CreateDirectory(withoutConfig);
        File.WriteAllBytes(Path.Combine(withoutConfig, "model.onnx"), [1, 2, 3]);

        var noGraph = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = withoutGraph));
        var noConfig = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = withoutConfig));

        Assert.Contains(
            $"the folder {withoutGraph} has no {ModelBundle.ManifestFileName}, and has a Hugging Face config.json but no model.onnx: an export loads with its ONNX graph " +
            "saved as model.onnx beside config.json (an exporter may have put it in a subfolder such as onnx/). ",
            noGraph.Message,
            StringComparison.Ordinal);
        Assert.Contains(
            $"the folder {withoutConfig} has no {ModelBundle.ManifestFileName}, and has model.onnx but no config.json: a Hugging Face export loads with the config.json " +
            "(its id2label names the labels) saved beside the ONNX graph. ",
            noConfig.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_manifest_fails_at_registration()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        BundleEditing.EditManifest(bundle, m => m["formatVersion"] = 99);

        Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = bundle));
    }

    [Fact]
    public void A_bundle_without_a_weight_file_fails_at_registration_naming_it()
    {
        // As a web project's publish leaves a bundle folder: the *.json content copied, the weights not.
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string file = BundleEditing.WeightFile(bundle, "embeddings");
        File.Delete(file);

        var ex = Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = bundle));

        Assert.Equal(file, ex.FilePath);
        Assert.Contains("the file is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_short_weight_file_fails_at_registration_naming_it()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string file = BundleEditing.WeightFile(bundle, "head");
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^4]);

        var ex = Assert.Throws<BundleFormatException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = bundle));

        Assert.Equal(file, ex.FilePath);
        Assert.Contains($"the file has {bytes.Length - 4} bytes; the manifest records {bytes.Length}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EagerLoad_with_a_corrupted_weight_file_fails_at_registration()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        string file = BundleEditing.WeightFile(bundle, "head");
        BundleEditing.FlipByte(file, 3, 0x10);
        var services = new ServiceCollection();

        var ex = Assert.Throws<BundleFormatException>(() => services.AddTextClassifier(o =>
        {
            o.ModelPath = bundle;
            o.EagerLoad = true;
        }));

        Assert.Equal(file, ex.FilePath);
        Assert.Empty(services);
        Assert.Throws<BundleFormatException>(() => services.AddKeyedTextClassifier("k", o =>
        {
            o.ModelPath = bundle;
            o.EagerLoad = true;
        }));
    }

    [Fact]
    public void EagerLoad_registers_the_loaded_instance()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();
        services.AddTextClassifier(o =>
        {
            o.ModelPath = bundle;
            o.EagerLoad = true;
        });

        // Weights read at registration: deleting them afterwards does not matter.
        File.Delete(BundleEditing.WeightFile(bundle, "embeddings"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(provider.GetRequiredService<ITextClassifier>(), Texts));
    }

    [Fact]
    public void EagerLoad_instance_is_disposed_with_the_container()
    {
        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        var services = new ServiceCollection();
        services.AddTextClassifier(o =>
        {
            o.ModelPath = export.Folder;
            o.EagerLoad = true;
        });
        ServiceProvider provider = services.BuildServiceProvider();
        ITextClassifier classifier = provider.GetRequiredService<ITextClassifier>();
        Assert.Equal(2, classifier.Classify("good").Scores.Count);

        provider.Dispose();

        Assert.Throws<ObjectDisposedException>(() => classifier.Classify("good"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EagerLoad_gives_each_provider_its_own_instance_so_disposing_one_leaves_the_others_working(bool keyed)
    {
        // One instance had been handed to every provider of the collection; the first one disposed closed the ONNX
        // session of all of them (ObjectDisposedException in the next provider).
        using var export = new TextClassification.Tests.Onnx.TinyBertExport(["neg", "pos"]);
        var services = new ServiceCollection();
        if (keyed)
        {
            services.AddKeyedTextClassifier("m", o => { o.ModelPath = export.Folder; o.EagerLoad = true; });
        }
        else
        {
            services.AddTextClassifier(o => { o.ModelPath = export.Folder; o.EagerLoad = true; });
        }

        ITextClassifier Resolve(IServiceProvider provider) =>
            keyed ? provider.GetRequiredKeyedService<ITextClassifier>("m") : provider.GetRequiredService<ITextClassifier>();

        ITextClassifier first;
        using (ServiceProvider one = services.BuildServiceProvider())
        {
            first = Resolve(one);
            Assert.Equal(2, first.Classify("good").Scores.Count);
        }

        using ServiceProvider two = services.BuildServiceProvider();
        ITextClassifier second = Resolve(two);

        Assert.NotSame(first, second);
        Assert.Throws<ObjectDisposedException>(() => first.Classify("good"));
        Assert.Equal(2, second.Classify("good").Scores.Count);
    }

    [Fact]
    public void A_second_registration_does_not_replace_the_first()
    {
        string a = BundleEditing.SaveBundle(_temp, TestModels.Small, "a");
        string b = BundleEditing.SaveBundle(_temp, TestModels.SmallOtherSeed, "b");
        var services = new ServiceCollection();

        services.AddTextClassifier(o => o.ModelPath = a).AddTextClassifier(o => o.ModelPath = b);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(provider.GetRequiredService<ITextClassifier>(), Texts));
    }

    [Fact]
    public void An_ignored_registration_is_not_validated_so_a_test_host_can_register_its_model_first()
    {
        // The second registration's missing path threw, although the registration was ignored.
        string a = BundleEditing.SaveBundle(_temp, TestModels.Small, "a");
        string missing = _temp.Combine("production-model");
        var services = new ServiceCollection();

        services.AddTextClassifier(o => o.ModelPath = a).AddTextClassifier(o => o.ModelPath = missing);
        services.AddKeyedTextClassifier("k", o => o.ModelPath = a).AddKeyedTextClassifier("k", o => { o.ModelPath = missing; o.EagerLoad = true; });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(provider.GetRequiredService<ITextClassifier>(), Texts));
        Assert.Equal(TestModels.ScoresOf(TestModels.Small, Texts), TestModels.ScoresOf(provider.GetRequiredKeyedService<ITextClassifier>("k"), Texts));

        // A first registration is validated as before.
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddTextClassifier(o => o.ModelPath = missing));
    }

    [Fact]
    public async Task Concurrent_first_resolutions_share_one_instance()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        var services = new ServiceCollection();
        services.AddTextClassifier(o => o.ModelPath = bundle);
        await using ServiceProvider provider = services.BuildServiceProvider();

        ITextClassifier[] resolved = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => provider.GetRequiredService<ITextClassifier>())));

        Assert.All(resolved, c => Assert.Same(resolved[0], c));
    }
}
