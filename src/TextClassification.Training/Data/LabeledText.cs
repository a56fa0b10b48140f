namespace TextClassification.Training.Data;

/// <summary>
/// One training or evaluation example: a piece of text and its label.
/// </summary>
/// <param name="Text">The text, trimmed of surrounding whitespace.</param>
/// <param name="Label">The label, trimmed of surrounding whitespace.</param>
/// <param name="LineNumber">The 1-based line number where the row starts in the source file; 0 for an example made in
/// code.</param>
public readonly record struct LabeledText(string Text, string Label, int LineNumber = 0);
