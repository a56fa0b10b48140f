using TextClassification.Bundles;
using TextClassification.Onnx;
using TextClassification.Tests.Onnx;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Fuzz;

/// <summary>Seed encoder + head bundles for the encoder target: a head trained in .NET on the tests' tiny BERT sentence
/// encoder (<see cref="TinyBert"/>, <c>last_hidden_state</c>), over each of <see cref="ExportFiles"/>' two tokenizer
/// layouts, saved by <see cref="ModelBundle.SaveEncoderHead"/> with the encoder carried in the bundle's
/// <see cref="ModelBundle.CarriedEncoderFolderName"/> folder and the folder it references removed: a bundle copied as a
/// build copies it, whose carried encoder is what loads (and what the mutator damages, the graph aside).</summary>
internal static class EncoderBundleFiles
{
    private static readonly LabeledText[] Examples =
    [
        new("good movie", "positive", 1), new("a great film", "positive", 2), new("very good plot", "positive", 3),
        new("bad movie", "negative", 4), new("an awful film", "negative", 5), new("not good and bad", "negative", 6),
        new("the cat sat on the mat", "other", 7), new("a dog sat", "other", 8), new("the cat and the dog", "other", 9),
    ];

    /// <summary>Writes the seed bundles under <paramref name="root"/> and returns their paths.</summary>
    public static string[] Write(string root)
    {
        string[] exports = ExportFiles.Write(Path.Combine(root, "sources"));
        var bundles = new string[exports.Length];
        for (int i = 0; i < exports.Length; i++)
        {
            // A sentence encoder: the same files around a graph that gives last_hidden_state.
            new TinyBert(labels: 3).WriteOnnx(Path.Combine(exports[i], OnnxTextClassifier.ModelFileName), classifier: false);
            bundles[i] = Path.Combine(root, $"pristine-encoder-{i}");
            using (EncoderHeadClassifier head = EncoderHeadTrainer.Train(
                OnnxSentenceEncoder.Create(exports[i]), Examples, new EncoderHeadTrainerOptions { ValidationFraction = 0, MaxEpochs = 20, Seed = i }).Classifier)
            {
                ModelBundle.SaveEncoderHead(head, exports[i], bundles[i]);
            }

            Corpus.CopyFolder(exports[i], Path.Combine(bundles[i], ModelBundle.CarriedEncoderFolderName));
        }

        Directory.Delete(Path.Combine(root, "sources"), recursive: true);
        return bundles;
    }
}
