namespace TextClassification;

/// <summary>A label and its probability.</summary>
/// <param name="Label">The label as the model names it.</param>
/// <param name="Score">Its probability in [0, 1].</param>
public readonly record struct LabelScore(string Label, float Score);

/// <summary>A label of a typed classifier, as its enum value, and its probability.</summary>
/// <typeparam name="TLabel">The enum of the model's labels.</typeparam>
/// <param name="Label">The label.</param>
/// <param name="Score">Its probability in [0, 1].</param>
public readonly record struct LabelScore<TLabel>(TLabel Label, float Score)
    where TLabel : struct, Enum;
