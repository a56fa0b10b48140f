namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// What a peer produced on one split: the predicted label of every test row (in test order), its training wall time
/// and its prediction throughput. Metrics are computed from the predictions by <see cref="PredictionScorer"/>, the same
/// way for every peer.
/// </summary>
internal sealed record PeerRun(IReadOnlyList<string> Predictions, double TrainSeconds, double PredictionsPerSecond, string? Note = null);
