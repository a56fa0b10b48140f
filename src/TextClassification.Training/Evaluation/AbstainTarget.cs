namespace TextClassification.Training.Evaluation;

/// <summary>What a confidence threshold is chosen for: a precision (accuracy on the texts answered) to reach with as
/// many answers as possible, or a share of texts to answer with the most confident ones.</summary>
public sealed record AbstainTarget
{
    // `parameter`: the factory's own parameter, named in the exception.
    private AbstainTarget(AbstainTargetKind kind, double value, string parameter)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(parameter, value, "Must be in (0, 1].");
        }

        Kind = kind;
        Value = value;
    }

    /// <summary>Precision or coverage (an enum since session 36; it was the string "precision" or "coverage").</summary>
    public AbstainTargetKind Kind { get; }

    /// <summary>The name the bundle's manifest and the CLI give the kind: "precision" or "coverage".</summary>
    public string Name => Kind == AbstainTargetKind.Precision ? "precision" : "coverage";

    /// <summary>The target in (0, 1].</summary>
    public double Value { get; }

    /// <summary>Answer as many texts as possible while the answered ones are at least <paramref name="precision"/>
    /// accurate.</summary>
    /// <param name="precision">The accuracy the answered texts must reach, in (0, 1].</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public static AbstainTarget Precision(double precision) => new(AbstainTargetKind.Precision, precision, nameof(precision));

    /// <summary>Answer at least <paramref name="coverage"/> of the texts (the most confident ones).</summary>
    /// <param name="coverage">The share of texts to answer, in (0, 1].</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1].</exception>
    public static AbstainTarget Coverage(double coverage) => new(AbstainTargetKind.Coverage, coverage, nameof(coverage));
}
