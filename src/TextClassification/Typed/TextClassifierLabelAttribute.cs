namespace TextClassification;

/// <summary>
/// Put by the source generator on each member of a generated label enum: the label exactly as the model names it,
/// since the member's identifier is a sanitised form of it (spaces, punctuation, keywords and leading digits replaced).
/// </summary>
/// <param name="label">The label as the model names it.</param>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TextClassifierLabelAttribute(string label) : Attribute
{
    /// <summary>The label as the model names it.</summary>
    public string Label { get; } = label;
}
