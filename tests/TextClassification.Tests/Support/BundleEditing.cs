using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Support;

/// <summary>Helpers to save a bundle and damage it in controlled ways.</summary>
public static class BundleEditing
{
    /// <summary>Saves <paramref name="model"/> into a new sub-folder of <paramref name="temp"/> and returns its manifest
    /// as JSON (for checks of what the writer wrote).</summary>
    public static JsonObject SavedManifest(TempFolder temp, TextClassifier model) =>
        JsonNode.Parse(File.ReadAllText(ManifestPath(SaveBundle(temp, model))))!.AsObject();

    /// <summary>
    /// The word model's tokenizer of <see cref="TestModels.BillingOrAtm"/> saved and edited as an older writer left it
    /// (<paramref name="asOlder"/>), as the loaded bundle reads it, with the n-gram sizes and buckets the pinned-feature
    /// checks ran with (<c>WordNGrams</c> 2, char n-grams 3–5, 1,000 buckets, no case shapes, skip-bigrams or unspaced-run
    /// n-grams): the tokenizer whose features a test pins from a build of that older release.
    /// </summary>
    public static HashedNGramOptions OlderWordTokenizer(TempFolder temp, Action<JsonObject> asOlder)
    {
        string bundle = SaveBundle(temp, TestModels.BillingOrAtm());
        EditManifest(bundle, asOlder);
        HashedNGramOptions read = TextClassifier.Load(bundle).Members[0].Featurizer.Options;
        return read with { WordNGrams = 2, CharNGramMin = 3, CharNGramMax = 5, Buckets = 1000, CaseShapes = false, SkipBigrams = false, UnspacedRunNGrams = false, MaxTokens = 16384 };
    }

    /// <summary>Saves <paramref name="model"/> into a new sub-folder of <paramref name="temp"/> and returns its path.</summary>
    public static string SaveBundle(TempFolder temp, TextClassifier model, string name = "bundle")
    {
        string folder = temp.Combine(name);
        model.Save(folder);
        return folder;
    }

    public static string ManifestPath(string bundle) => Path.Combine(bundle, ModelBundle.ManifestFileName);

    /// <summary>Reads, edits and rewrites the manifest as JSON.</summary>
    public static void EditManifest(string bundle, Action<JsonObject> edit)
    {
        string path = ManifestPath(bundle);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    /// <summary>Removes <paramref name="key"/> from the tokenizer of the manifest's model and of every ensemble member, as
    /// a bundle written before that tokenizer setting existed has it.</summary>
    public static void RemoveFromEveryTokenizer(JsonObject manifest, string key)
    {
        manifest["tokenizer"]!.AsObject().Remove(key);
        foreach (JsonNode? member in manifest["ensemble"]?.AsArray() ?? [])
        {
            member!["tokenizer"]!.AsObject().Remove(key);
        }
    }

    // The tokenizer settings each format version from 7 on added (ModelBundle's format history, docs/design.md "Bundles").
    private static readonly (int Version, string Key)[] TokenizerSettingsByVersion =
    [
        (7, "symbolSuffixes"),
        (8, "foldDiacritics"),
        (8, "foldWidth"),
        (9, "stripMarkup"),
        (10, "foldAbjadMarks"),
        (10, "composeHangul"),
        (11, "foldCompatibilityForms"),
        (12, "skipFormatChars"),
        (13, "foldConfusables"),
        (14, "joinSpacedLetters"),
    ];

    /// <summary>Removes the tokenizer settings that format versions after <paramref name="version"/> (from 7 on) added,
    /// as a bundle written before them has none.</summary>
    public static void RemoveSettingsAfter(JsonObject manifest, int version)
    {
        foreach ((int added, string key) in TokenizerSettingsByVersion)
        {
            if (added > version)
            {
                RemoveFromEveryTokenizer(manifest, key);
            }
        }
    }

    /// <summary>The manifest as a writer of format <paramref name="version"/> (6 or later, or earlier for the settings of
    /// 7 on) left it: that version, without the tokenizer settings later versions added.</summary>
    public static void AsWrittenBy(JsonObject manifest, int version)
    {
        manifest["formatVersion"] = version;
        RemoveSettingsAfter(manifest, version);
    }

    /// <summary>
    /// A tokenizer setting's bundle check: <paramref name="model"/> saved is format version <paramref name="version"/>
    /// with <paramref name="key"/> true in its first tokenizer and loads with the same scores on <paramref name="texts"/>;
    /// the bundle as an older writer left it (<paramref name="asOlder"/>, which removes the key) loads with the setting
    /// off (<paramref name="setting"/> false in every member), as that bundle was trained: the first text, which the
    /// setting touches, scores otherwise, and the last, which it does not, the same.
    /// </summary>
    public static void AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
        TempFolder temp, TextClassifier model, int version, string key, Func<HashedNGramOptions, bool> setting, IReadOnlyList<string> texts, Action<JsonObject> asOlder)
    {
        string bundle = SaveBundle(temp, model);
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(ManifestPath(bundle)))!.AsObject();

        Assert.Equal(version, manifest["formatVersion"]!.GetValue<int>());
        Assert.True(manifest["tokenizer"]![key]!.GetValue<bool>());
        Assert.Equal(TestModels.ScoresOf(model, texts), TestModels.ScoresOf(TextClassifier.Load(bundle), texts));

        EditManifest(bundle, asOlder);
        TextClassifier older = TextClassifier.Load(bundle);
        Assert.All(older.Members, member => Assert.False(setting(member.Featurizer.Options)));
        Assert.NotEqual(TestModels.ScoresOf(model, texts)[0], TestModels.ScoresOf(older, texts)[0]);
        Assert.Equal(TestModels.ScoresOf(model, texts)[^1], TestModels.ScoresOf(older, texts)[^1]);
    }

    /// <summary>A tokenizer setting turned off (<paramref name="off"/> in every tokenizer) leaves <paramref name="key"/> out of
    /// every member's manifest section, the bundle at format version <paramref name="version"/>, and loads off.</summary>
    public static void AssertOffHasNoKeyAndOlderVersion(TempFolder temp, Func<HashedNGramOptions, HashedNGramOptions> off, string key, Func<HashedNGramOptions, bool> setting, int version)
    {
        TextClassifier model = NGramTrainer.Train(
            TestModels.KeywordTexts(["phone", "bill"], ["my", "the", "was", "again"], 10, 5),
            new NGramTrainerOptions { Threads = 2, Seed = 3 }.WithEveryTokenizer(off)).Classifier;
        JsonObject manifest = SavedManifest(temp, model);

        Assert.Null(manifest["tokenizer"]![key]);
        Assert.All(manifest["ensemble"]!.AsArray(), member => Assert.Null(member!["tokenizer"]![key]));
        Assert.Equal(version, manifest["formatVersion"]!.GetValue<int>());
        Assert.All(TextClassifier.Load(temp.Combine("bundle")).Members, member => Assert.False(setting(member.Featurizer.Options)));
    }

    /// <summary>Saves <paramref name="model"/> into a temporary folder, edits its manifest and returns the exception
    /// loading it throws (the test fails when it loads).</summary>
    public static BundleFormatException RefusedAfterEdit(TextClassifier model, Action<JsonObject> edit)
    {
        using var temp = new TempFolder("tc-edited");
        string bundle = SaveBundle(temp, model);
        EditManifest(bundle, edit);
        return Assert.Throws<BundleFormatException>(() => TextClassifier.Load(bundle));
    }

    /// <summary>The weight file of the bundle whose name starts with <paramref name="stem"/> (features, embeddings, head).</summary>
    public static string WeightFile(string bundle, string stem) =>
        Directory.GetFiles(bundle, stem + "-*.bin").Single();

    /// <summary>File names (not paths) in a folder, sorted.</summary>
    public static string[] FileNames(string folder) =>
        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>XORs one byte of a file with <paramref name="mask"/> (non-zero), so applying it twice restores the file.</summary>
    public static void FlipByte(string path, long position, byte mask)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = position;
        int value = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)(value ^ mask));
    }
}
