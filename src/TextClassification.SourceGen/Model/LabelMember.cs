namespace TextClassification.SourceGen.Model;

/// <summary>One enum member: its sanitised identifier, the label as the model names it, and its value (the label's
/// index in model order).</summary>
internal sealed record LabelMember(string Identifier, string Label, int Value);
