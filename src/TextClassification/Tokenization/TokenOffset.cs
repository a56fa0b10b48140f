namespace TextClassification.Tokenization;

/// <summary>Where a token came from: the UTF-16 range [<see cref="Start"/>, <see cref="End"/>) of the original text.
/// Special and padding tokens have (0, 0).</summary>
/// <param name="Start">Index of the first char.</param>
/// <param name="End">Index one past the last char.</param>
public readonly record struct TokenOffset(int Start, int End)
{
    /// <summary>Number of chars covered (<c>End - Start</c>).</summary>
    public int Length => End - Start;
}
