namespace TextClassification.Training.Evaluation;

/// <summary>What an <see cref="AbstainTarget"/> asks of the confidence threshold.</summary>
public enum AbstainTargetKind
{
    /// <summary>The answered texts reach an accuracy, with as many answers as possible.</summary>
    Precision,

    /// <summary>A share of the texts is answered, the most confident ones.</summary>
    Coverage,
}
