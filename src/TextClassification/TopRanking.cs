namespace TextClassification;

/// <summary>The positions of the highest scores, best first, ties in position order and NaN after every number: the
/// order a stable sort by descending score gives, found without sorting every label when few are asked for.</summary>
internal static class TopRanking
{
    // Up to this many positions are kept by insertion in one pass (k·n steps at worst); more are sorted.
    private const int InsertionLimit = 16;

    /// <summary>The position of the best score, <see cref="Select"/>'s first, in one pass: the first of the highest, a NaN
    /// score only where every one is NaN. (Compared with '>' alone, a NaN first score was never beaten.)</summary>
    internal static int Best(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best] || (float.IsNaN(scores[best]) && !float.IsNaN(scores[i])))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Whether a prediction whose best score is <paramref name="best"/> abstains at
    /// <paramref name="confidenceThreshold"/>: where the score is not at least the threshold, so a NaN score abstains
    /// where a threshold is set; a threshold of 0 (or below) never abstains.</summary>
    internal static bool Abstains(float best, double confidenceThreshold) =>
        confidenceThreshold > 0 && !(best >= confidenceThreshold);

    /// <summary>The positions of the <paramref name="count"/> best scores of <paramref name="scores"/>, best first.</summary>
    /// <param name="scores">The scores.</param>
    /// <param name="count">How many positions to return, 0 to <c>scores.Length</c>.</param>
    /// <returns>A new array of <paramref name="count"/> positions.</returns>
    public static int[] Select(ReadOnlySpan<float> scores, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, scores.Length);
        int[] top = new int[count];
        if (count > InsertionLimit)
        {
            SortedPrefix(scores, top);
            return top;
        }

        int kept = 0;
        for (int i = 0; i < scores.Length && count > 0; i++)
        {
            float score = scores[i];
            if (kept == count && !Ahead(score, scores[top[kept - 1]]))
            {
                continue;
            }

            // Shift the kept positions the new one goes ahead of (an equal score stays ahead: it came first).
            int at = kept == count ? kept - 1 : kept;
            while (at > 0 && Ahead(score, scores[top[at - 1]]))
            {
                top[at] = top[at - 1];
                at--;
            }

            top[at] = i;
            kept = Math.Min(kept + 1, count);
        }

        return top;
    }

    /// <summary>The reference: every position sorted by the same order, the first <c>top.Length</c> kept. (The sort it
    /// replaced compared NaN with NaN inconsistently, so its order among NaN scores was arbitrary; here they keep label
    /// order.)</summary>
    internal static void SortedPrefix(ReadOnlySpan<float> scores, Span<int> top)
    {
        int[] order = new int[scores.Length];
        float[] keys = scores.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => Ahead(keys[a], keys[b]) ? -1 : Ahead(keys[b], keys[a]) ? 1 : a.CompareTo(b));
        order.AsSpan(0, top.Length).CopyTo(top);
    }

    // Whether score x ranks before y: higher, or a number where y is NaN.
    private static bool Ahead(float x, float y) => x > y || (float.IsNaN(y) && !float.IsNaN(x));
}
