namespace TextClassification.Training.Splitting;

/// <summary>Finds copies of one text among training rows, so a split can keep them on one side.</summary>
public static class DuplicateTexts
{
    /// <summary>When two texts count as copies: equal ignoring case (ordinal comparison), as the default featurizer
    /// lower-cases.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// For each text, the index of the first text equal to it (<see cref="Comparer"/>): a text's copies then share a
    /// leader, and a text without copies is its own leader.
    /// The form <see cref="StratifiedSplitter.Split(ReadOnlySpan{int}, int, double, int, ReadOnlySpan{int})"/> takes.
    /// </summary>
    /// <param name="texts">The texts; null entries count as empty.</param>
    /// <returns>The leader of each text, aligned with <paramref name="texts"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    public static int[] Leaders(IReadOnlyList<string> texts) => Leaders(texts, CancellationToken.None);

    /// <summary>As <see cref="Leaders(IReadOnlyList{string})"/>, checking <paramref name="cancellationToken"/> every
    /// 4,096 texts.</summary>
    /// <param name="texts">The texts; null entries count as empty.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>The leader of each text, aligned with <paramref name="texts"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static int[] Leaders(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var leaders = new int[texts.Count];
        var firstOf = new Dictionary<string, int>(texts.Count, Comparer);
        for (int i = 0; i < leaders.Length; i++)
        {
            if ((i & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            string text = texts[i] ?? string.Empty;
            if (!firstOf.TryGetValue(text, out int leader))
            {
                leader = i;
                firstOf.Add(text, i);
            }

            leaders[i] = leader;
        }

        return leaders;
    }
}
