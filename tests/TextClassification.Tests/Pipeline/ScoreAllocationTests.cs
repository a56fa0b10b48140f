using TextClassification.Tests.Support;

namespace TextClassification.Tests.Pipeline;

/// <summary>What an n-gram model's calls allocate (README: <c>Score</c> is allocation-free for n-gram models;
/// <c>Classify</c> allocates its result).</summary>
public sealed class ScoreAllocationTests
{
    private const string Text = "card number 7 was charged twice on my statement and the atm kept my card again today";

    [Fact]
    public void Score_of_the_default_ensemble_allocates_nothing()
    {
        TextClassifier model = TestModels.BillingOrAtm();
        Assert.Equal(3, model.ModelCount); // word model, linear member, naive Bayes
        float[] scores = new float[model.Labels.Count];
        model.Score(Text, scores); // warm up

        Assert.Equal(0, Allocations.Fewest(() => model.Score(Text, scores)));
        string longWord = new('x', 20_000);
        model.Score(longWord, scores);
        Assert.Equal(0, Allocations.Fewest(() => model.Score(longWord, scores)));
    }

    [Fact]
    public void Score_at_a_temperature_allocates_nothing()
    {
        // BillingOrAtm's 40 rows are too few to fit a temperature: the same members at one, as an ensemble (the root
        // mean's last step, RootMean.Finish at T) and as a single model (ProbabilityPower after the member).
        TextClassifier trained = TestModels.BillingOrAtm();
        Assert.Equal(1f, trained.Temperature);
        TextClassifier ensemble = new([.. trained.Labels], [.. trained.Members], null, null, null, trained.Combination, 0.7f);
        TextClassifier single = new([.. trained.Labels], [trained.Members[0]], null, null, null, EnsembleCombination.Mean, 1.6f);

        foreach (TextClassifier model in (TextClassifier[])[ensemble, single])
        {
            float[] scores = new float[model.Labels.Count];
            model.Score(Text, scores); // warm up

            Assert.Equal(0, Allocations.Fewest(() => model.Score(Text, scores)));
        }
    }

    [Fact]
    public void Classify_allocates_its_prediction_only()
    {
        TextClassifier model = TestModels.BillingOrAtm();
        model.Classify(Text); // warm up

        long bytes = Allocations.Fewest(() => model.Classify(Text));

        // To the byte: what the Prediction and its scores array take (88 B for two labels); an allocation of any size
        // made on every call shows.
        Assert.True(bytes > 0, "measured nothing");
        Assert.Equal(PredictionBytes(model), bytes);
    }

    [Fact]
    public void ClassifyBatch_allocates_the_predictions_and_the_result_array_only()
    {
        // Under the parallel threshold the batch runs on the calling thread, which is what Allocations measures.
        TextClassifier model = TestModels.BillingOrAtm();
        string[] texts = [.. Enumerable.Range(0, 200).Select(i => i % 3 == 0 ? Text : $"statement {i} atm card charged twice")];
        model.ClassifyBatch(texts); // warm up
        long one = PredictionBytes(model);

        long bytes = Allocations.Fewest(() => model.ClassifyBatch(texts));

        // 200 predictions, the result array (8 B a text) and a fixed few hundred bytes: an allocation made for every text,
        // even the smallest object (24 B), goes past it.
        long allowed = (texts.Length * (one + 8)) + 512;
        Assert.True(bytes <= allowed, $"{bytes} B for {texts.Length} texts: {(double)(bytes - (texts.Length * 8)) / texts.Length:F1} B a text, a Prediction {one} B");
    }

    [Fact]
    public void A_multi_label_model_scores_without_allocating_and_classifies_into_its_prediction_only()
    {
        TextClassifier model = TextClassification.Training.Trainers.NGramTrainer.Train(MultiLabel.MultiLabelData.Generate(400, seed: 11), MultiLabel.MultiLabelModelFixture.Options).Classifier;
        Assert.NotNull(model.Thresholds);
        IReadOnlyList<string> labels = model.Labels;
        float[] scores = new float[labels.Count];
        foreach (string text in MultiLabel.MultiLabelData.Generate(5, seed: 12).Select(row => row.Text))
        {
            model.Score(text, scores); // warm up
            model.Classify(text);
            Assert.Equal(0, Allocations.Fewest(() => model.Score(text, scores)));

            // Its scores array, and the prediction with the labels it predicts (made with it, for a multi-label one).
            float[] copy = [.. scores];
            object? keep = null;
            long array = Allocations.Fewest(() => keep = new float[copy.Length]);
            long owned = Allocations.Fewest(() => keep = Prediction.Owned(labels, copy, 0f, model.Thresholds));
            GC.KeepAlive(keep);

            Assert.Equal(array + owned, Allocations.Fewest(() => model.Classify(text)));
        }
    }

    // What one Prediction of the model takes with its scores array.
    private static long PredictionBytes(TextClassifier model)
    {
        IReadOnlyList<string> labels = model.Labels;
        int count = labels.Count;
        object? keep = null;
        long bytes = Allocations.Fewest(() => keep = Prediction.Owned(labels, new float[count]));
        GC.KeepAlive(keep);
        return bytes;
    }
}
