namespace TextClassification.Training.Splitting;

/// <summary>A train / validation / test partition, as made by <see cref="StratifiedSplitter.SplitThreeWay(ReadOnlySpan{int}, int, double, double, int, ReadOnlySpan{int})"/>.</summary>
/// <typeparam name="T">Row indices (<see cref="int"/>) or the rows themselves.</typeparam>
/// <param name="Train">The training part.</param>
/// <param name="Validation">The validation part.</param>
/// <param name="Test">The test part.</param>
public sealed record ThreeWaySplit<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Validation, IReadOnlyList<T> Test);
