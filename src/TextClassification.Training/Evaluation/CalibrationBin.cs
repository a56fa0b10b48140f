namespace TextClassification.Training.Evaluation;

/// <summary>
/// One confidence bin of a reliability diagram, as computed by
/// <see cref="MetricsCalculator.Compute(IReadOnlyList{string}, ReadOnlySpan{int}, ReadOnlySpan{float})"/>: the rows
/// whose confidence (the probability of the predicted label) lies in [<see cref="Lower"/>, <see cref="Upper"/>)
/// (the last bin also holds a confidence of exactly 1).
/// </summary>
/// <param name="Lower">The inclusive lower edge of the bin.</param>
/// <param name="Upper">The exclusive upper edge of the bin (inclusive for the last bin).</param>
/// <param name="Count">The number of rows in the bin.</param>
/// <param name="MeanConfidence">The mean confidence of the rows in the bin; <see cref="double.NaN"/> when empty.</param>
/// <param name="Accuracy">The fraction of the rows in the bin that were predicted right; <see cref="double.NaN"/> when empty.</param>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
