namespace TextClassification.Training.Data;

/// <summary>Finds UTF-16 surrogates without their pair: text a UTF-8 file, manifest or JSON parser cannot hold.</summary>
internal static class LoneSurrogates
{
    /// <summary>The index of the first surrogate in <paramref name="text"/> that is not half of a pair, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> text)
    {
        // Most text holds no surrogate at all: one vectorized search decides it.
        int first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        for (int i = Math.Max(first, 0); first >= 0 && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
