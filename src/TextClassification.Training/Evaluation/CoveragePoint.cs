namespace TextClassification.Training.Evaluation;

/// <summary>One point of the coverage/accuracy trade-off: answering the texts whose best probability is at least
/// <paramref name="Threshold"/> answers <paramref name="Coverage"/> of them with <paramref name="Accuracy"/>.</summary>
/// <param name="Threshold">The lowest best probability answered.</param>
/// <param name="Coverage">The share of the texts answered, in (0, 1].</param>
/// <param name="Accuracy">The share of the answered texts whose label is right; NaN when none is answered.</param>
public readonly record struct CoveragePoint(double Threshold, double Coverage, double Accuracy);
