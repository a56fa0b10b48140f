namespace TextClassification.Benchmarks.Comparison;

/// <summary>
/// What a peer produced on one split: the predicted label of every test row (in test order), its training wall time
/// and its prediction throughput. Metrics are computed from the predictions by <see cref="PredictionScorer"/>, the same
/// way for every peer.
/// </summary>
/// <param name="Probabilities">With <c>--calibration</c>: the peer's probability of every label for every test row, taken
/// outside the timed prediction pass; null when not asked for.</param>
internal sealed record PeerRun(IReadOnlyList<string> Predictions, double TrainSeconds, double PredictionsPerSecond, string? Note = null, PeerProbabilities? Probabilities = null);

/// <summary>A peer's predicted probabilities on the test rows.</summary>
/// <param name="Labels">The label of each column, in the dataset's spelling.</param>
/// <param name="Values">Row-major <c>[test rows × Labels.Count]</c>; each row as the peer gave it (not renormalised).</param>
internal sealed record PeerProbabilities(IReadOnlyList<string> Labels, float[] Values);
