using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Support;

/// <summary>Small models trained once per test run and shared (a <see cref="TextClassifier"/> is immutable).</summary>
public static class TestModels
{
    /// <summary>The data of <see cref="Small"/>: 50 rows per label.</summary>
    public static IReadOnlyList<LabeledText> SmallData { get; } = SyntheticData.Generate(perLabel: 50, seed: 1234);

    private static readonly Lazy<TextClassifier> SmallModel = new(() => Train(SmallData, seed: 7));

    private static readonly Lazy<TextClassifier> SmallModelOtherSeed = new(() => Train(SmallData, seed: 8));

    /// <summary>A 3-label model of <see cref="SyntheticData"/> (seed 7).</summary>
    public static TextClassifier Small => SmallModel.Value;

    /// <summary>The same data and settings as <see cref="Small"/> with seed 8: other weights, other bundle files.</summary>
    public static TextClassifier SmallOtherSeed => SmallModelOtherSeed.Value;

    /// <summary>Fast settings for unit tests: one model (no ensemble), a narrow table and few epochs.</summary>
    public static NGramTrainerOptions FastOptions(int seed) => new()
    {
        EnsembleTokenizer = null,
        LinearModel = null,
        Seed = seed,
        Dimension = 16,
        MaxEpochs = 8,
        Threads = 2,
        Tokenizer = new HashedNGramOptions { Buckets = 1 << 18 },
    };

    public static TextClassifier Train(IReadOnlyList<LabeledText> rows, int seed) =>
        NGramTrainer.Train(rows, FastOptions(seed)).Classifier;

    /// <summary>Scores of every text, for exact comparisons between models.</summary>
    public static float[][] ScoresOf(ITextClassifier classifier, IEnumerable<string> texts) =>
        texts.Select(text =>
        {
            float[] scores = new float[classifier.Labels.Count];
            classifier.Score(text, scores);
            return scores;
        }).ToArray();
}
