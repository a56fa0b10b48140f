using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Reliability;

/// <summary>A small ensemble (word model + word and char 3-5-gram model, format version 2), trained once per run,
/// beside <see cref="TestModels.Small"/> (a single model).</summary>
public static class ReliabilityModels
{
    private static readonly Lazy<TextClassifier> EnsembleModel = new(() => NGramTrainer.Train(
        TestModels.SmallData,
        TestModels.FastOptions(seed: 11) with { EnsembleTokenizer = TestModels.WithoutVersion4(new HashedNGramOptions { Buckets = 1 << 18, CharNGramMin = 3, CharNGramMax = 5 }) })
        .Classifier);

    /// <summary>The two-model ensemble.</summary>
    public static TextClassifier Ensemble => EnsembleModel.Value;

    /// <summary>The single model and the ensemble.</summary>
    public static IEnumerable<TextClassifier> Both => [TestModels.Small, Ensemble];

    /// <summary>Asserts a prediction is a probability distribution over the model's labels.</summary>
    public static void AssertDistribution(TextClassifier model, Prediction prediction)
    {
        Assert.Contains(prediction.Label, model.Labels);
        Assert.Equal(model.Labels.Count, prediction.Scores.Count);
        float sum = 0;
        foreach (float score in prediction.Scores)
        {
            Assert.True(float.IsFinite(score) && score >= 0 && score <= 1, $"score {score} is not a probability");
            sum += score;
        }

        Assert.InRange(sum, 0.999f, 1.001f);
    }
}
