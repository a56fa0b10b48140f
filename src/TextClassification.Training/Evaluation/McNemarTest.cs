namespace TextClassification.Training.Evaluation;

/// <summary>
/// McNemar's exact test: are two classifiers' accuracies on the same test set different, or is the gap what chance
/// would give? Only the rows where exactly one of them is right carry information; under the null hypothesis (equal
/// accuracy) each such row is equally likely to favour either, so the count that favours the first is
/// Binomial(n, ½) over the n discordant rows, and the two-sided p-value is twice the smaller tail (at most 1).
/// </summary>
/// <remarks>
/// Use it to read a table of test accuracies: a gap of a few rows between two models is often far from significant.
/// It compares accuracies only, not macro-F1. The p-value is computed exactly (in log space, so any row count works).
/// </remarks>
public static class McNemarTest
{
    /// <summary>Compares two classifiers' predictions on the same rows.</summary>
    /// <param name="gold">The gold label of each row (any integer encoding).</param>
    /// <param name="first">The first classifier's predicted label of each row, in the same encoding.</param>
    /// <param name="second">The second classifier's predicted label of each row, in the same encoding.</param>
    /// <returns>The discordant counts and the exact two-sided p-value.</returns>
    /// <exception cref="ArgumentException"><paramref name="first"/> or <paramref name="second"/> does not have as many
    /// rows as <paramref name="gold"/>.</exception>
    public static McNemarResult Compare(ReadOnlySpan<int> gold, ReadOnlySpan<int> first, ReadOnlySpan<int> second)
    {
        if (first.Length != gold.Length)
        {
            throw new ArgumentException($"{nameof(first)} has {first.Length} predictions for {gold.Length} gold labels.", nameof(first));
        }

        if (second.Length != gold.Length)
        {
            throw new ArgumentException($"{nameof(second)} has {second.Length} predictions for {gold.Length} gold labels.", nameof(second));
        }

        int onlyFirst = 0, onlySecond = 0;
        for (int i = 0; i < gold.Length; i++)
        {
            bool firstRight = first[i] == gold[i];
            bool secondRight = second[i] == gold[i];
            if (firstRight != secondRight)
            {
                if (firstRight)
                {
                    onlyFirst++;
                }
                else
                {
                    onlySecond++;
                }
            }
        }

        return new McNemarResult(onlyFirst, onlySecond, ExactPValue(onlyFirst, onlySecond));
    }

    /// <summary>The exact two-sided p-value for <paramref name="onlyFirst"/> rows favouring the first classifier and
    /// <paramref name="onlySecond"/> favouring the second: <c>min(1, 2·P(X ≤ min(b, c)))</c>, X ~ Binomial(b + c, ½).</summary>
    /// <param name="onlyFirst">Rows only the first classifier got right (b).</param>
    /// <param name="onlySecond">Rows only the second classifier got right (c).</param>
    /// <returns>The p-value in [0, 1]; 1 when the counts are equal. It underflows to 0 where the true value is at or
    /// near the smallest double (about 4.9e-324: 0 rows against 1,075 or more), that is, for any purpose, 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double ExactPValue(int onlyFirst, int onlySecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyFirst);
        ArgumentOutOfRangeException.ThrowIfNegative(onlySecond);
        long n = (long)onlyFirst + onlySecond; // int.MaxValue + a few overflowed to a negative n, and the result to NaN
        int tail = Math.Min(onlyFirst, onlySecond);
        if (n == 0 || 2L * tail == n)
        {
            return 1;
        }

        // The terms C(n, k)/2^n, k = 0..tail, in log space (C(n, k+1) = C(n, k)·(n−k)/(k+1)): 2^-n underflows a double
        // past n ≈ 1074, the tail's sum does not. Below n/2 the terms grow with k, so each sum is rescaled to the latest.
        double logTerm = -n * Math.Log(2);
        double logShift = logTerm;
        double sum = 0; // Σ exp(logTerm_k − logShift)
        for (int k = 0; k <= tail; k++)
        {
            if (logTerm > logShift)
            {
                sum *= Math.Exp(logShift - logTerm);
                logShift = logTerm;
            }

            sum += Math.Exp(logTerm - logShift);
            logTerm += Math.Log(n - k) - Math.Log(k + 1);
        }

        return Math.Min(1, 2 * Math.Exp(logShift + Math.Log(sum)));
    }
}
