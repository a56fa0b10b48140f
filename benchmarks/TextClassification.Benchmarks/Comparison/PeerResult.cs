using TextClassification.Training.Evaluation;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>One cell group of the table: a peer's metrics and timings on one dataset, or why it has none.</summary>
/// <param name="Correct">Whether each test row was predicted right (for McNemar's test between peers), or null.</param>
/// <param name="Calibration">With <c>--calibration</c>: the metrics of the peer's probabilities (log loss, expected
/// calibration error), or null.</param>
internal sealed record PeerResult(ClassificationMetrics? Metrics, double TrainSeconds, double PredictionsPerSecond, string? Note, bool[]? Correct = null, ClassificationMetrics? Calibration = null)
{
    /// <summary>Whether the peer ran and was scored.</summary>
    public bool HasMetrics => Metrics is not null;

    /// <summary>A result without numbers (tool missing, or the peer failed on this dataset).</summary>
    public static PeerResult NotAvailable(string note) => new(null, double.NaN, double.NaN, note);
}
