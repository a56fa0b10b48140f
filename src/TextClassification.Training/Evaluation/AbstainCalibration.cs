using TextClassification.Bundles;

namespace TextClassification.Training.Evaluation;

/// <summary>A confidence threshold chosen on held-out data, what it gives there, and the whole trade-off curve.</summary>
public sealed class AbstainCalibration
{
    internal AbstainCalibration(AbstainTarget target, CoveragePoint chosen, IReadOnlyList<CoveragePoint> curve, int examples)
    {
        Target = target;
        Chosen = chosen;
        Curve = curve;
        Examples = examples;
    }

    /// <summary>What the threshold was chosen for.</summary>
    public AbstainTarget Target { get; }

    /// <summary>The chosen threshold with its coverage and answered accuracy on the held-out data.</summary>
    public CoveragePoint Chosen { get; }

    /// <summary>Every distinct threshold, from the most confident text down (coverage rising).</summary>
    public IReadOnlyList<CoveragePoint> Curve { get; }

    /// <summary>Held-out texts used.</summary>
    public int Examples { get; }

    /// <summary>Whether the target was reached (a precision target may be out of reach even answering one text).</summary>
    public bool TargetReached => Target.Kind == AbstainTargetKind.Coverage ? Chosen.Coverage >= Target.Value : Chosen.Accuracy >= Target.Value && Chosen.Coverage > 0;

    /// <summary>The manifest section to attach with <see cref="TextClassifier.WithAbstain"/>.</summary>
    /// <returns>A new section with the chosen threshold, the target and what it gave on the held-out texts.</returns>
    public AbstainSection ToSection() => new()
    {
        Threshold = Chosen.Threshold,
        Target = Target.Name,
        TargetValue = Target.Value,
        Coverage = Chosen.Coverage,
        // No answered text has no accuracy: null (left out of the manifest), not the string "NaN" a strict JSON reader refuses.
        AnsweredAccuracy = double.IsNaN(Chosen.Accuracy) ? null : Chosen.Accuracy,
        CalibrationExamples = Examples,
    };
}
