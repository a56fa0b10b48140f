namespace TextClassification.Training.Evaluation;

/// <summary>One point of the coverage/accuracy trade-off: answering the texts whose best probability is at least
/// <paramref name="Threshold"/> answers <paramref name="Coverage"/> of them with <paramref name="Accuracy"/>.</summary>
public readonly record struct CoveragePoint(double Threshold, double Coverage, double Accuracy);
