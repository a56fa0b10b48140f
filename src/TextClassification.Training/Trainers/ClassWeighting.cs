namespace TextClassification.Training.Trainers;

/// <summary>How training examples are weighted by class.</summary>
public enum ClassWeighting
{
    /// <summary>Every example counts once.</summary>
    None,

    /// <summary>Inverse-frequency weights (n / (classes · count of the class)): rare classes count more.</summary>
    Balanced,
}
