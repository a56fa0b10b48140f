namespace TextClassification;

/// <summary>A label and its probability.</summary>
/// <param name="Label">The label as the model names it.</param>
/// <param name="Score">Its probability in [0, 1].</param>
public readonly record struct LabelScore(string Label, float Score);
