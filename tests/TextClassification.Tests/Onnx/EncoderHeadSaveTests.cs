using TextClassification.Bundles;
using TextClassification.Onnx;
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
        string encoder = Path.Combine(models, "encoder-copy");
        Directory.CreateDirectory(encoder);
        foreach (string file in Directory.GetFiles(_export.Folder))
        {
            File.Copy(file, Path.Combine(encoder, Path.GetFileName(file)));
        }

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
