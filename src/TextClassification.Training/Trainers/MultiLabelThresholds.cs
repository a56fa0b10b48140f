namespace TextClassification.Training.Trainers;

/// <summary>Chooses the decision threshold of every label of a multi-label model on held-out scores: the one that
/// maximises that label's F1.</summary>
internal static class MultiLabelThresholds
{
    /// <summary>The threshold used for labels with no positive example in the held-out data.</summary>
    public const float Default = 0.5f;

    /// <summary>
    /// For each label, sorts the held-out scores from high to low and takes the cut with the best F1 (ties: the higher
    /// cut, i.e. fewer predicted labels); the threshold is the midpoint between the lowest score kept and the next lower
    /// one (or half the lowest score kept when every row is kept), so it separates the rows rather than sitting on one.
    /// Labels without a positive held-out example get <see cref="Default"/>.
    /// </summary>
    /// <param name="scores">Row-major held-out probabilities, <paramref name="classes"/> per row.</param>
    /// <param name="classes">Number of labels.</param>
    /// <param name="positives">Sorted positive labels of every held-out row.</param>
    public static float[] Choose(float[] scores, int classes, int[][] positives)
    {
        int rows = positives.Length;
        float[] thresholds = new float[classes];
        float[] column = new float[rows];
        bool[] gold = new bool[rows];
        int[] order = new int[rows];
        for (int c = 0; c < classes; c++)
        {
            int support = 0;
            for (int r = 0; r < rows; r++)
            {
                column[r] = scores[(r * classes) + c];
                gold[r] = Array.BinarySearch(positives[r], c) >= 0;
                support += gold[r] ? 1 : 0;
                order[r] = r;
            }

            if (support == 0)
            {
                thresholds[c] = Default;
                continue;
            }

            float[] keys = column;
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
            double bestF1 = -1;
            int bestCut = 0;
            int truePositives = 0;
            for (int k = 0; k < rows; k++)
            {
                truePositives += gold[order[k]] ? 1 : 0;
                // Only cut between different scores: a threshold cannot separate equal ones.
                if (k + 1 < rows && column[order[k + 1]] == column[order[k]])
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

            float kept = column[order[bestCut]];
            float below = bestCut + 1 < rows ? column[order[bestCut + 1]] : 0f;
            thresholds[c] = Math.Clamp((kept + below) / 2f, 0f, 1f);
        }

        return thresholds;
    }
}
