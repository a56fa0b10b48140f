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

    public PeerRun Run(DatasetSplit split)
    {
        var ml = new MLContext(seed);
        IDataView data = ml.Data.LoadFromEnumerable(
            split.Train.Rows.Select(row => new Input { Label = row.Label, Text = row.Text }).ToList());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

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
        return new PeerRun(predictions, trainSeconds, perSecond);
    }

    private sealed class Input
    {
        public string Label { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;
    }

    private sealed class Output
    {
        [ColumnName("PredictedLabel")]
        public string PredictedLabel { get; set; } = string.Empty;
    }
}
