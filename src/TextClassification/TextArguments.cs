namespace TextClassification;

/// <summary>Checks of the texts handed to a batch, made before any work (and any telemetry) starts.</summary>
internal static class TextArguments
{
    /// <summary>Throws when <paramref name="texts"/> is null or holds a null text, naming its index.</summary>
    /// <exception cref="ArgumentNullException">The list or a text is null.</exception>
    public static void RequireNoNull(IReadOnlyList<string> texts, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(texts, parameterName);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(parameterName, $"Text at index {i} is null.");
            }
        }
    }
}
