namespace TextClassification.Training.Trainers;

/// <summary>Chooses the decision threshold of every label of a multi-label model on held-out scores.</summary>
internal static class MultiLabelThresholds
{
    /// <summary>The threshold of every label when there is no held-out data (no validation split) or it has no positive
    /// label at all.</summary>
    public const float Default = 0.5f;

    /// <summary>How many held-out positives the pooled threshold counts for when a label's own cut is shrunk toward it.
    /// On multi-label sets built from banking77, atis, ag_news and trec6 (two or three texts joined, their labels kept)
    /// 2 to 10 all beat no shrinking in micro- and macro-F1 (docs/benchmarks.md, "Session 21").</summary>
    public const float PriorSupport = 3f;

    /// <summary>
    /// First the pooled threshold: the cut with the best micro-F1 over every (row, label) score. Then, for each label,
    /// the cut with the best F1 on that label's scores, shrunk toward the pooled one by its held-out support
    /// (<c>(support·own + prior·pooled) / (support + prior)</c>): a label with one or two held-out positives would
    /// otherwise get a cut just under them, often near 0, and be predicted for most texts. Labels without a positive
    /// held-out example get the pooled threshold.
    /// </summary>
    /// <param name="scores">Row-major held-out probabilities, <paramref name="classes"/> per row.</param>
    /// <param name="classes">Number of labels.</param>
    /// <param name="positives">Sorted positive labels of every held-out row.</param>
    public static float[] Choose(float[] scores, int classes, int[][] positives)
    {
        int rows = positives.Length;
        var allGold = new bool[rows * classes];
        int allSupport = 0;
        for (int r = 0; r < rows; r++)
        {
            foreach (int c in positives[r])
            {
                allGold[(r * classes) + c] = true;
                allSupport++;
            }
        }

        // Sort buffers for the pooled cut, reused (their first rows) for each label's.
        float[] keys = new float[allSupport == 0 ? rows : rows * classes];
        int[] order = new int[keys.Length];
        float pooled = allSupport == 0 ? Default : BestCut(scores.AsSpan(0, rows * classes), allGold, allSupport, keys, order);

        float[] thresholds = new float[classes];
        float[] column = new float[rows];
        bool[] gold = new bool[rows];
        for (int c = 0; c < classes; c++)
        {
            int support = 0;
            for (int r = 0; r < rows; r++)
            {
                column[r] = scores[(r * classes) + c];
                gold[r] = allGold[(r * classes) + c];
                support += gold[r] ? 1 : 0;
            }

            if (support == 0)
            {
                thresholds[c] = pooled;
                continue;
            }

            // Kept between the two cuts: the float sums round, and where both cuts are one score just above a
            // neighbouring float the mean of equal cuts came out a float above them ((2x + 3x) / 5 at x = 0.50000006),
            // leaving out the rows both cuts keep.
            float own = BestCut(column, gold, support, keys, order);
            float shrunk = ((support * own) + (PriorSupport * pooled)) / (support + PriorSupport);
            thresholds[c] = Math.Clamp(shrunk, Math.Min(own, pooled), Math.Max(own, pooled));
        }

        return thresholds;
    }

    /// <summary>Micro-F1 of row-major <paramref name="scores"/> against <paramref name="positives"/> where a label is
    /// predicted when its score reaches its threshold (1 when no row has or is given a label).</summary>
    /// <param name="scores">Row-major probabilities, <paramref name="classes"/> per row.</param>
    /// <param name="classes">Number of labels.</param>
    /// <param name="positives">Sorted positive labels of every row.</param>
    /// <param name="thresholds">The threshold of every label.</param>
    public static double MicroF1(float[] scores, int classes, int[][] positives, float[] thresholds)
    {
        long truePositives = 0, predicted = 0, gold = 0;
        for (int r = 0; r < positives.Length; r++)
        {
            ReadOnlySpan<int> rowGold = positives[r];
            gold += rowGold.Length;
            for (int c = 0; c < classes; c++)
            {
                if (scores[(r * classes) + c] >= thresholds[c])
                {
                    predicted++;
                    truePositives += rowGold.Contains(c) ? 1 : 0;
                }
            }
        }

        return gold + predicted == 0 ? 1 : 2.0 * truePositives / (gold + predicted);
    }

    /// <summary>
    /// Sorts the scores from high to low and takes the cut with the best F1 (ties: the higher cut, i.e. fewer predicted
    /// labels); the threshold is the midpoint between the lowest score kept and the next lower one (or half the lowest
    /// score kept when every score is kept), so it separates the scores rather than sitting on one (the higher score itself
    /// where the two are neighbouring floats and the midpoint rounds down onto the lower). A NaN score is below
    /// every cut (kept by none; <see cref="Default"/> when every score is NaN). <paramref name="keys"/> and
    /// <paramref name="order"/> are work buffers at least as long as the scores.
    /// </summary>
    private static float BestCut(ReadOnlySpan<float> scores, bool[] gold, int support, float[] keys, int[] order)
    {
        int count = scores.Length;
        // Negated scores sorted ascending with their row numbers: high to low. The order inside a run of equal
        // scores does not matter, as a cut is only made between different scores.
        for (int i = 0; i < count; i++)
        {
            keys[i] = float.IsNaN(scores[i]) ? float.PositiveInfinity : -scores[i];
            order[i] = i;
        }

        Array.Sort(keys, order, 0, count);
        // NaN scores sort last (key +∞): no threshold predicts them, so no cut keeps them.
        int scored = count;
        while (scored > 0 && float.IsPositiveInfinity(keys[scored - 1]))
        {
            scored--;
        }

        if (scored == 0)
        {
            return Default;
        }

        double bestF1 = -1;
        int bestCut = 0;
        int truePositives = 0;
        for (int k = 0; k < scored; k++)
        {
            truePositives += gold[order[k]] ? 1 : 0;
            // Only cut between different scores: a threshold cannot separate equal ones.
            if (k + 1 < scored && keys[k + 1] == keys[k])
            {
                continue;
            }

            double f1 = 2.0 * truePositives / (k + 1 + support);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                bestCut = k;
            }
        }

        float kept = -keys[bestCut];
        if (bestCut + 1 == scored)
        {
            return Math.Clamp(kept / 2f, 0f, 1f);
        }

        float below = -keys[bestCut + 1];
        float midpoint = (kept + below) / 2f;
        // Between neighbouring floats the midpoint rounds to one of them; on the lower one the threshold (score >= it)
        // would keep the rows this cut leaves out.
        return Math.Clamp(midpoint > below ? midpoint : kept, 0f, 1f);
    }
}
