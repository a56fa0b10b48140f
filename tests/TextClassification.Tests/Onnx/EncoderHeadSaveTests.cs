using System.Text.Json.Nodes;
using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Onnx;

/// <summary><see cref="ModelBundle.SaveEncoderHead"/> keeps the rules of <see cref="ModelBundle.Save"/>: someone's files
/// are refused, a replaced bundle's files and a killed save's leftovers are removed, and a failed save leaves the old
/// bundle loading.</summary>
public sealed class EncoderHeadSaveTests : IDisposable
{
    private static readonly LabeledText[] Examples =
        [new("good movie", "pos", 1), new("great film", "pos", 2), new("bad movie", "neg", 3), new("awful film", "neg", 4)];

    private readonly TinyBertExport _export = new(["unused"], classifier: false);
    private readonly TempFolder _temp = new("tc-head-save");

    public void Dispose()
    {
        _temp.Dispose();
        _export.Dispose();
    }

    [Fact]
    public void A_folder_of_other_files_is_refused_and_left_as_it_was()
    {
        string folder = _temp.Combine("documents");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        using EncoderHeadClassifier head = Train(epochs: 2);

        var ex = Assert.Throws<IOException>(() => ModelBundle.SaveEncoderHead(head, _export.Folder, folder));

        Assert.Contains(ModelBundle.ManifestFileName, ex.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], BundleEditing.FileNames(folder));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void The_encoders_own_folder_is_refused_and_left_as_it_was()
    {
        // The head went into the export folder beside model.onnx before: a bundle the next save of another model there
        // could not tell from the user's files. It goes into a folder of its own.
        string[] before = BundleEditing.FileNames(_export.Folder);
        using EncoderHeadClassifier head = Train(epochs: 2);

        Assert.Throws<IOException>(() => ModelBundle.SaveEncoderHead(head, _export.Folder, _export.Folder));

        Assert.Equal(before, BundleEditing.FileNames(_export.Folder));
    }

    [Fact]
    public void A_head_saved_over_an_n_gram_bundle_leaves_only_its_own_files()
    {
        string bundle = BundleEditing.SaveBundle(_temp, TestModels.Small);
        using EncoderHeadClassifier head = Train(epochs: 2);

        ModelBundle.SaveEncoderHead(head, _export.Folder, bundle);

        AssertHoldsOnly(head, bundle);
    }

    [Fact]
    public void A_second_head_replaces_the_first_and_its_weight_file()
    {
        string bundle = _temp.Combine("models", "sentiment");
        using EncoderHeadClassifier first = Train(epochs: 1);
        using EncoderHeadClassifier second = Train(epochs: 4);
        ModelBundle.SaveEncoderHead(first, _export.Folder, bundle);
        string firstFile = BundleEditing.WeightFile(bundle, "head");

        ModelBundle.SaveEncoderHead(second, _export.Folder, bundle);

        Assert.False(File.Exists(firstFile));
        AssertHoldsOnly(second, bundle);
        // Nothing beside the bundle either: the new folder was staged beside it and renamed, the update inside it.
        Assert.Equal(["sentiment"], BundleEditing.FileNames(_temp.Combine("models")));
    }

    [Fact]
    public void What_killed_saves_left_is_removed_by_the_next_save()
    {
        // An older SaveEncoderHead killed between its temporary manifest and the rename left ".textclassifier.json.<hex>.tmp";
        // a killed n-gram save, an unlisted weight file.
        string bundle = _temp.Combine("bundle");
        using EncoderHeadClassifier head = Train(epochs: 2);
        ModelBundle.SaveEncoderHead(head, _export.Folder, bundle);
        File.WriteAllText(Path.Combine(bundle, $".{ModelBundle.ManifestFileName}.{Guid.NewGuid():N}.tmp"), "{ half");
        File.Copy(BundleEditing.WeightFile(bundle, "head"), Path.Combine(bundle, "embeddings-0123456789ab.bin"));

        ModelBundle.SaveEncoderHead(head, _export.Folder, bundle);

        AssertHoldsOnly(head, bundle);
    }

    [Fact]
    public void A_folder_holding_only_a_killed_saves_leftovers_is_saved_into()
    {
        string folder = _temp.Combine("volume");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $".{ModelBundle.ManifestFileName}.{Guid.NewGuid():N}.tmp"), "{ half");
        File.WriteAllBytes(Path.Combine(folder, "head-0123456789ab.bin"), new byte[8]);
        using EncoderHeadClassifier head = Train(epochs: 2);

        ModelBundle.SaveEncoderHead(head, _export.Folder, folder);

        AssertHoldsOnly(head, folder);
    }

    [Fact]
    public void A_save_that_fails_part_way_names_the_bundle_folder_and_leaves_the_old_bundle_loading()
    {
        // The head file is named by its content, so its name is known from a save elsewhere: a folder of that name in
        // the bundle makes moving the file in fail, before the manifest swap.
        using EncoderHeadClassifier old = Train(epochs: 1);
        using EncoderHeadClassifier next = Train(epochs: 4);
        string preview = _temp.Combine("preview");
        ModelBundle.SaveEncoderHead(next, _export.Folder, preview);
        string bundle = _temp.Combine("bundle");
        ModelBundle.SaveEncoderHead(old, _export.Folder, bundle);
        Directory.CreateDirectory(Path.Combine(bundle, Path.GetFileName(BundleEditing.WeightFile(preview, "head"))));

        var ex = Assert.Throws<IOException>(() => ModelBundle.SaveEncoderHead(next, _export.Folder, bundle));

        Assert.Contains($"'{bundle}'", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
        using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(bundle);
        Assert.Equal(old.Classify("good movie").Scores, loaded.Classify("good movie").Scores);
        Assert.DoesNotContain(BundleEditing.FileNames(bundle), name => name.StartsWith('.'));
    }

    [Fact]
    public void The_encoder_path_is_relative_to_the_bundle_folder_not_to_the_staging_folder()
    {
        // The files are written in a staging folder (beside a new bundle, inside an existing one) and the manifest's
        // encoder path must lead from the bundle's own place: saved new and over itself, the bundle moves with its
        // encoder and still loads.
        string models = _temp.Combine("models");
        string encoder = CopyOfExport(Path.Combine(models, "encoder-copy"));

        string bundle = Path.Combine(models, "a", "b");
        using EncoderHeadClassifier head = Train(epochs: 2);
        ModelBundle.SaveEncoderHead(head, encoder, bundle);
        Assert.Equal("../../encoder-copy", ModelBundle.ReadManifest(bundle).Encoder!.Path);
        ModelBundle.SaveEncoderHead(head, encoder, bundle);
        Assert.Equal("../../encoder-copy", ModelBundle.ReadManifest(bundle).Encoder!.Path);

        string moved = _temp.Combine("moved");
        Directory.Move(models, moved);
        using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(Path.Combine(moved, "a", "b"));
        Assert.Equal(head.Classify("great film").Scores, loaded.Classify("great film").Scores);
    }

    [Fact]
    public void A_manifest_whose_encoder_path_holds_a_NUL_is_refused_naming_the_manifest()
    {
        // Found by the encoder fuzz target (seed 470): the path reached Path.GetFullPath, whose ArgumentException ('Null
        // character in path. (Parameter 'path')') named neither the bundle nor the setting.
        string bundle = _temp.Combine("bundle");
        using (EncoderHeadClassifier head = Train(epochs: 2))
        {
            ModelBundle.SaveEncoderHead(head, _export.Folder, bundle);
        }

        string manifest = Path.Combine(bundle, ModelBundle.ManifestFileName);
        JsonNode json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["encoder"]!["path"] = "x\0.bin";
        File.WriteAllText(manifest, json.ToJsonString());

        BundleFormatException error = Assert.Throws<BundleFormatException>(() => TextClassifierLoader.Load(bundle));
        Assert.Equal(Path.GetFullPath(manifest), Path.GetFullPath(error.FilePath));
        Assert.Contains("'path'", error.Message, StringComparison.Ordinal);
        Assert.Throws<BundleFormatException>(() => ModelBundle.EncoderFolder(bundle));
    }

    [Fact]
    public void A_bundle_reached_through_a_symbolic_link_loads_its_encoder()
    {
        // models/prod/current -> ../../w/b1, a common deployment layout. The system reads "../" in a path through the
        // link from the link's target; the relative encoder path was read from the link's own place.
        using EncoderHeadClassifier head = Train(epochs: 2);
        string link = SavedBehindLink(head);

        using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(link);

        Assert.Equal(head.Classify("bad movie").Scores, loaded.Classify("bad movie").Scores);
        Assert.Equal(Path.GetFullPath(_export.Folder), ModelBundle.EncoderFolder(link));
    }

    [Fact]
    public void A_bundle_saved_through_a_symbolic_link_holds_the_path_from_the_links_place_and_loads_through_it()
    {
        // As the build's model copy reads it (MSBuild does not resolve links: a build whose obj folder is a link saves
        // its bundles through one). Older saves wrote the same, so their bundles load as before.
        string real = _temp.Combine("w", "b2");
        Directory.CreateDirectory(real);
        string link = LinkToFrom(real, "models", "prod", "current");
        using EncoderHeadClassifier head = Train(epochs: 2);

        ModelBundle.SaveEncoderHead(head, _export.Folder, link);

        Assert.Equal(Path.GetRelativePath(link, _export.Folder).Replace('\\', '/'), ModelBundle.ReadManifest(real).Encoder!.Path);
        using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(link);
        Assert.Equal(head.Classify("awful film").Scores, loaded.Classify("awful film").Scores);
    }

    [Fact]
    public void An_encoder_put_in_the_bundles_encoder_folder_beforehand_is_saved_beside_and_referenced()
    {
        // The carried layout prepared by hand: bundle/encoder holds the encoder, the head is saved into bundle.
        string bundle = _temp.Combine("bundle");
        string carried = CopyOfExport(Path.Combine(bundle, ModelBundle.CarriedEncoderFolderName));
        using EncoderHeadClassifier head = Train(epochs: 2);

        ModelBundle.SaveEncoderHead(head, carried, bundle);

        Assert.Equal(ModelBundle.CarriedEncoderFolderName, ModelBundle.ReadManifest(bundle).Encoder!.Path);
        using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(bundle);
        Assert.Equal(head.Classify("great film").Scores, loaded.Classify("great film").Scores);
    }

    [Fact]
    public void An_encoder_folder_that_does_not_hold_the_classifiers_encoder_is_refused_before_anything_is_written()
    {
        // Both saved a bundle that failed only when loaded: a missing folder, and another encoder (here the same graph
        // with one more vocabulary token, so another fingerprint).
        string other = CopyOfExport(_temp.Combine("other-encoder"));

        File.AppendAllText(Path.Combine(other, "vocab.txt"), "\nzebra\n");
        using EncoderHeadClassifier head = Train(epochs: 2);
        string bundle = _temp.Combine("bundle");

        var missing = Assert.Throws<ArgumentException>(() => ModelBundle.SaveEncoderHead(head, _temp.Combine("nope"), bundle));
        var another = Assert.Throws<ArgumentException>(() => ModelBundle.SaveEncoderHead(head, other, bundle));
        var aFile = Assert.Throws<ArgumentException>(() => ModelBundle.SaveEncoderHead(head, Path.Combine(other, "vocab.txt"), bundle));
        Assert.Equal("encoderFolder", aFile.ParamName);

        Assert.Equal("encoderFolder", missing.ParamName);
        Assert.Contains("nope", missing.Message, StringComparison.Ordinal);
        Assert.Equal("encoderFolder", another.ParamName);
        Assert.Contains("fingerprint", another.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    [Fact]
    public void An_encoder_folder_that_does_not_take_the_classifiers_settings_is_refused_in_the_settings_words()
    {
        // Its config.json gives 16 positions, the classifier reads 64 tokens: the reason was the
        // ArgumentOutOfRangeException's message with "(Parameter 'options')" and a line "Actual value was 64." in it.
        string other = CopyOfExport(_temp.Combine("fewer-positions"));
        string config = Path.Combine(other, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace($"\"max_position_embeddings\": {TinyBert.MaxPositions}", "\"max_position_embeddings\": 16", StringComparison.Ordinal));
        using EncoderHeadClassifier head = EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(_export.Folder, new OnnxSentenceEncoderOptions { MaxLength = 64 }), Examples,
            new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = 2 }).Classifier;

        var error = Assert.Throws<ArgumentException>(() => ModelBundle.SaveEncoderHead(head, other, _temp.Combine("bundle")));

        Assert.Equal("encoderFolder", error.ParamName);
        Assert.Contains("MaxLength 64 exceeds max_position_embeddings 16", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter 'options'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_encoders_model_file_may_be_given_for_its_folder()
    {
        using EncoderHeadClassifier head = Train(epochs: 2);
        string bundle = _temp.Combine("bundle");

        ModelBundle.SaveEncoderHead(head, Path.Combine(_export.Folder, "model.onnx"), bundle);

        Assert.Equal(Path.GetFullPath(_export.Folder), ModelBundle.EncoderFolder(bundle));
        AssertHoldsOnly(head, bundle);
    }

    [Fact]
    public async Task Loads_during_saves_always_get_one_whole_model()
    {
        // Saves delete the replaced head file after the manifest swap (they left it behind before): a load that read the
        // old manifest must then read the new one, as ModelBundle.Load does, not fail with "the file is missing".
        using EncoderHeadClassifier first = Train(epochs: 1);
        using EncoderHeadClassifier second = Train(epochs: 4);
        float[][] expected = [[.. first.Classify("good movie").Scores], [.. second.Classify("good movie").Scores]];
        string bundle = _temp.Combine("bundle");
        ModelBundle.SaveEncoderHead(first, _export.Folder, bundle);
        using var saving = new CancellationTokenSource();
        Task saver = Task.Run(() =>
        {
            for (int i = 0; i < 150; i++)
            {
                ModelBundle.SaveEncoderHead(i % 2 == 0 ? second : first, _export.Folder, bundle);
            }

            saving.Cancel();
        });

        int loads = 0;
        while (!saving.IsCancellationRequested || loads == 0)
        {
            using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(bundle);
            float[] scores = [.. loaded.Classify("good movie").Scores];
            Assert.True(expected.Any(e => e.AsSpan().SequenceEqual(scores)), $"load {loads}: scores of neither model");
            loads++;
        }

        await saver;
    }

    // The head saved at w/b; returns models/prod/current, a link to it.
    private string SavedBehindLink(EncoderHeadClassifier head)
    {
        string real = _temp.Combine("w", "b");
        ModelBundle.SaveEncoderHead(head, _export.Folder, real);
        return LinkToFrom(real, "models", "prod", "current");
    }

    // A symbolic link at the temp folder's path `parts` to `real`.
    private string LinkToFrom(string real, params string[] parts)
    {
        string link = _temp.Combine(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, real);
        return link;
    }

    private string CopyOfExport(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(_export.Folder))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    [Fact]
    public void A_temperature_in_an_encoder_head_bundle_is_refused()
    {
        // The temperature scales the n-gram ensemble's probabilities; an encoder plus a head has no step that reads it.
        string bundle = _temp.Combine("head");
        using EncoderHeadClassifier head = Train(epochs: 1);
        ModelBundle.SaveEncoderHead(head, _export.Folder, bundle);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            manifest["formatVersion"] = 15;
            manifest["temperature"] = 0.7;
        });

        var error = Assert.Throws<BundleFormatException>(() => ModelBundle.LoadEncoderHead(bundle).Dispose());

        Assert.Contains("'temperature' needs 'formatVersion' 15 and a single-label n-gram model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abstain", "'abstain'")]
    [InlineData("multiLabel", "'problemType' 'multiLabel'")]
    [InlineData("thresholds", "'problemType' 'multiLabel'")]
    [InlineData("ensemble", "'ensemble'")]
    [InlineData("ensembleCombination", "'ensembleCombination'")]
    public void An_n_gram_section_in_an_encoder_head_bundle_is_refused(string section, string named)
    {
        // An encoder plus a head gives one softmax over its labels and nothing else: each of these was loaded and left
        // unread, while inspect showed it ("abstain  below confidence 0.9900 (set by hand)", "problem type  multiLabel",
        // the thresholds, "members  2 models") and predict answered every text with the softmax's top label.
        string bundle = _temp.Combine("head");
        using EncoderHeadClassifier head = Train(epochs: 1);
        ModelBundle.SaveEncoderHead(head, _export.Folder, bundle);
        BundleEditing.EditManifest(bundle, manifest =>
        {
            switch (section)
            {
                case "abstain":
                    manifest["abstain"] = new System.Text.Json.Nodes.JsonObject { ["threshold"] = 0.99 };
                    break;
                case "multiLabel":
                    manifest["problemType"] = "multiLabel";
                    break;
                case "thresholds":
                    manifest["problemType"] = "multiLabel";
                    manifest["thresholds"] = new System.Text.Json.Nodes.JsonArray(0.9, 0.9);
                    break;
                case "ensemble":
                    manifest["formatVersion"] = 2;
                    manifest["ensemble"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                    {
                        ["tokenizer"] = manifest["tokenizer"]!.DeepClone(),
                        ["encoder"] = manifest["encoder"]!.DeepClone(),
                        ["pooling"] = manifest["pooling"]!.DeepClone(),
                        ["head"] = manifest["head"]!.DeepClone(),
                    });
                    break;
                default:
                    manifest["ensembleCombination"] = "mean";
                    break;
            }
        });

        var error = Assert.Throws<BundleFormatException>(() => ModelBundle.LoadEncoderHead(bundle).Dispose());
        CliResult inspected = CliResult.Run(null, "inspect", bundle);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("an encoder + head bundle", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, inspected.ExitCode);
        Assert.Contains(named, inspected.Error, StringComparison.Ordinal);
    }

    private EncoderHeadClassifier Train(int epochs) =>
        EncoderHeadTrainer.Train(OnnxSentenceEncoder.Create(_export.Folder), Examples,
            new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = epochs }).Classifier;

    // The folder holds the manifest and the one head file it lists, and loads as the model saved.
    private static void AssertHoldsOnly(EncoderHeadClassifier saved, string bundle)
    {
        ModelManifest manifest = ModelBundle.ReadManifest(bundle);
        string headFile = Assert.Single(manifest.Files.Keys);
        Assert.Equal(new[] { headFile, ModelBundle.ManifestFileName }.Order(StringComparer.Ordinal), BundleEditing.FileNames(bundle));
        using EncoderHeadClassifier loaded = ModelBundle.LoadEncoderHead(bundle);
        foreach (LabeledText example in Examples)
        {
            Assert.Equal(saved.Classify(example.Text).Scores, loaded.Classify(example.Text).Scores);
        }
    }
}
