namespace TextClassification.Training.Data;

/// <summary>
/// One training or evaluation example: a piece of text and its label.
/// </summary>
/// <param name="Text">The text (the file readers trim surrounding white space).</param>
/// <param name="Label">The label; trainers and evaluators read it trimmed of surrounding white space and in canonical
/// composition (NFC), as the file readers give it, so <c>" spam"</c> made in code is the label <c>spam</c>.</param>
/// <param name="LineNumber">The 1-based line number where the row starts in the source file; 0 for an example made in
/// code.</param>
public readonly record struct LabeledText(string Text, string Label, int LineNumber = 0);
