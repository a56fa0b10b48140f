namespace TextClassification.Benchmarks;

/// <summary>
/// The checks every suite's <c>[GlobalSetup]</c> runs before anything is measured: the two sides of a ratio must
/// compute the same thing (the same ids, buckets, rows or scores, bit for bit or within float rounding), or a fast
/// wrong side would "win". A check that fails throws, so BenchmarkDotNet reports the suite as failed instead of timing it.
/// </summary>
internal static class Agreement
{
    [ThreadStatic]
    private static int t_checks;

    /// <summary>How many checks have passed on this thread (the smoke tests read it to see that a setup checked).</summary>
    public static int Checks => t_checks;

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="baseline"/>.</summary>
    public static void Equal<T>(string suite, string what, T baseline, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(baseline, actual))
        {
            throw new InvalidOperationException($"{suite}: {what} differs: {baseline} (baseline) against {actual}; the ratio would compare different work.");
        }

        t_checks++;
    }

    /// <summary>Throws unless the two spans are equal element for element (floats: bit for bit, NaN equal to NaN).</summary>
    public static void Equal<T>(string suite, string what, ReadOnlySpan<T> baseline, ReadOnlySpan<T> actual)
    {
        Equal(suite, what + " length", baseline.Length, actual.Length);
        for (int i = 0; i < baseline.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(baseline[i], actual[i]))
            {
                throw new InvalidOperationException($"{suite}: {what} differs at [{i}]: {baseline[i]} (baseline) against {actual[i]}; the ratio would compare different work.");
            }
        }

        t_checks++;
    }

    /// <summary>Throws unless every value of <paramref name="actual"/> is within <paramref name="tolerance"/> × max(1, |baseline|)
    /// of <paramref name="baseline"/>'s (float rounding of another order of summation).</summary>
    public static void Close(string suite, string what, ReadOnlySpan<float> baseline, ReadOnlySpan<float> actual, float tolerance = 1e-4f)
    {
        Equal(suite, what + " length", baseline.Length, actual.Length);
        for (int i = 0; i < baseline.Length; i++)
        {
            float allowed = tolerance * Math.Max(1f, Math.Abs(baseline[i]));
            if (!(Math.Abs(baseline[i] - actual[i]) <= allowed))
            {
                throw new InvalidOperationException($"{suite}: {what} differs at [{i}]: {baseline[i]} (baseline) against {actual[i]}, more than {allowed}; the ratio would compare different work.");
            }
        }

        t_checks++;
    }
}
