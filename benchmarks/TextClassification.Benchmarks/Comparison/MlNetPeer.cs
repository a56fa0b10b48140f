using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// ML.NET (NuGet <c>Microsoft.ML</c>) in-process: <c>MapValueToKey("Label")</c> → <c>FeaturizeText("Features", "Text")</c>
/// (its default word and char n-gram bags, L2-normalized) → cache checkpoint → <c>SdcaMaximumEntropy()</c> → <c>MapKeyToValue</c>.
/// </summary>
internal sealed class MlNetPeer(int seed) : IPeer
{
    public string Key => "mlnet";

    public string Name => "ML.NET";

    public string Description =>
        $"ML.NET 5.0.1: `MapValueToKey(\"Label\")` → `FeaturizeText(\"Features\", \"Text\")` → `AppendCacheCheckpoint` → `SdcaMaximumEntropy()` → " +
        $"`MapKeyToValue(\"PredictedLabel\")`, all defaults (the cache checkpoint is ML.NET's advice for multi-pass trainers such as SDCA), `new MLContext(seed: {seed})`. Train s: wall time of " +
        "`pipeline.Fit` on the in-memory rows (SDCA picks its own thread count). Pred/s: single thread, one text at a " +
        "time through a `PredictionEngine` after one warm-up call (passes repeated for at least 0.5 s).";

    public bool InProcess => true;

    public string? Unavailable => null;

    public PeerRun Run(DatasetSplit split, bool probabilities = false)
    {
        var ml = new MLContext(seed);
        IDataView data = ml.Data.LoadFromEnumerable(
            split.Train.Rows.Select(row => new Input { Label = row.Label, Text = row.Text }).ToList());
        IEstimator<ITransformer> pipeline = Pipeline(ml);

        var clock = Stopwatch.StartNew();
        ITransformer model = pipeline.Fit(data);
        clock.Stop();
        double trainSeconds = clock.Elapsed.TotalSeconds;

        // The label column must exist for MapValueToKey; it is left empty so no test label reaches the model.
        using PredictionEngine<Input, Output> engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        var input = new Input();
        (string[] predictions, double perSecond) = Throughput.Measure(split.Test.Rows, text =>
        {
            input.Text = text;
            return engine.Predict(input).PredictedLabel;
        });
        return new PeerRun(predictions, trainSeconds, perSecond, Probabilities: probabilities ? Probabilities(ml, model, data, split) : null);
    }

    /// <summary>The peer's pipeline (also <see cref="PeerPredictionBenchmarks"/>'s): label to key, <c>FeaturizeText</c>,
    /// a cache checkpoint, <c>SdcaMaximumEntropy</c>, the predicted key back to its label.</summary>
    internal static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    // --calibration: the Score column (SdcaMaximumEntropy's softmax) of every test text, its slots named by the Score
    // column's slot names (the label key's values, in key order).
    private static PeerProbabilities Probabilities(MLContext ml, ITransformer model, IDataView data, DatasetSplit split)
    {
        using PredictionEngine<Input, ScoredOutput> engine = ml.Model.CreatePredictionEngine<Input, ScoredOutput>(model);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        model.GetOutputSchema(data.Schema)["Score"].GetSlotNames(ref slotNames);
        string[] labels = [.. slotNames.DenseValues().Select(name => name.ToString())];
        var rows = split.Test.Rows;
        float[] values = new float[(long)rows.Count * labels.Length];
        var input = new Input();
        for (int i = 0; i < rows.Count; i++)
        {
            input.Text = rows[i].Text;
            float[] score = engine.Predict(input).Score;
            if (score.Length != labels.Length)
            {
                throw new InvalidOperationException($"ML.NET gave {score.Length} scores for {labels.Length} labels.");
            }

            score.CopyTo(values.AsSpan(i * labels.Length, labels.Length));
        }

        return new PeerProbabilities(labels, values);
    }

    internal sealed class Input
    {
        public string Label { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;
    }

    internal sealed class Output
    {
        [ColumnName("PredictedLabel")]
        public string PredictedLabel { get; set; } = string.Empty;
    }

    // A separate output type, so the timed engine's Output copies no score vector.
    private sealed class ScoredOutput
    {
        [ColumnName("Score")]
        public float[] Score { get; set; } = [];
    }
}
