namespace TextClassification.Training.Trainers;

/// <summary>
/// The supervised term weight of <see cref="TermWeighting.Supervised"/>: for feature row j,
/// <c>sqrt(KL(q_j ‖ π) + 0.001)</c>, π the training split's label shares and <c>q_jc = (n_jc + π_c) / (n_j + 1)</c>.
/// With <c>a_c = n_jc + π_c</c>, <c>A = Σ a_c = n_j + 1</c> and <c>S_j = Σ a_c ln(a_c / π_c)</c> (cached per row),
/// <c>KL = S_j / A − ln A</c>. A training text's own entries leave its label y out: <c>a_y</c> becomes <c>a_y − 1</c>
/// and A becomes <c>A − 1</c>, so only the own-label term of S_j changes: <c>KL = (S_j − g(a_y) + g(a_y − 1)) / (A − 1)
/// − ln(A − 1)</c> with <c>g(a) = a ln(a / π_y)</c>, O(1) per entry.
/// </summary>
internal static class SupervisedTermWeights
{
    /// <summary>Added to the KL before the square root, so a feature with no label information keeps a small weight.</summary>
    public const double Floor = 1e-3;

    /// <summary>A copy of <paramref name="matrix"/> (TF-IDF) whose entries are weighted by the supervised weight in place
    /// of the IDF: leave-one-out for the entries of <paramref name="train"/>'s texts, the full counts for the others and
    /// in the returned matrix's <see cref="FeatureMatrix.Idf"/> (what the bundle stores). Checks
    /// <paramref name="cancellationToken"/> every <see cref="CancelCheckStride"/> texts and rows: the pass takes seconds on
    /// a large set (4 to 9 s on 90,000 IMDB-length texts), which a canceled training ran on through (review 49c).</summary>
    public static FeatureMatrix Apply(FeatureMatrix matrix, int[] targets, int classes, int[] train, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        float[] oldIdf = matrix.Idf ?? throw new InvalidOperationException("The supervised term weight needs TF-IDF pooling.");
        int rows = oldIdf.Length;
        var rowTotals = new int[rows];
        var prior = new double[classes];
        var inTrain = new bool[matrix.Count];
        for (int t = 0; t < train.Length; t++)
        {
            CheckEvery(t, cancellationToken);
            int i = train[t];
            inTrain[i] = true;
            prior[targets[i]]++;
            foreach (int row in matrix.Features(i))
            {
                rowTotals[row]++;
            }
        }

        for (int c = 0; c < classes; c++)
        {
            prior[c] /= train.Length;
        }

        // The training entries grouped by row (a transpose, O(entries)): a dense rows × labels count table would take
        // rows · labels ints, gigabytes for single-label data of tens of thousands of labels.
        var rowStarts = new int[rows + 1];
        for (int row = 0; row < rows; row++)
        {
            rowStarts[row + 1] = rowStarts[row] + rowTotals[row];
        }

        var cursor = (int[])rowStarts.Clone();
        // Per training entry k: its place in the transpose; there, first its label, then how many training texts of that
        // label hold the row (n_jy, the text included).
        var place = new int[matrix.EntryCount];
        var byRow = new int[rowStarts[rows]];
        for (int t = 0; t < train.Length; t++)
        {
            CheckEvery(t, cancellationToken);
            int i = train[t];
            for (int k = matrix.Offsets[i]; k < matrix.Offsets[i + 1]; k++)
            {
                int at = cursor[matrix.RowIds[k]]++;
                place[k] = at;
                byRow[at] = targets[i];
            }
        }

        // S_j = Σ_c a_c ln(a_c / π_c), a_c = n_jc + π_c: a label without texts holding the row adds π_c ln 1 = 0, so the sum
        // runs over the row's labels only (π_c > 0 for them: they come from the training split).
        var sums = new double[rows];
        var idf = new float[rows];
        var scratch = new int[classes];
        var touched = new List<int>();
        for (int row = 0; row < rows; row++)
        {
            CheckEvery(row, cancellationToken);
            int first = rowStarts[row], last = rowStarts[row + 1];
            for (int p = first; p < last; p++)
            {
                if (scratch[byRow[p]]++ == 0)
                {
                    touched.Add(byRow[p]);
                }
            }

            // In label order, as the dense table summed them.
            touched.Sort();
            double s = 0;
            foreach (int label in touched)
            {
                double a = scratch[label] + prior[label];
                s += a * Math.Log(a / prior[label]);
            }

            for (int p = first; p < last; p++)
            {
                byRow[p] = scratch[byRow[p]];
            }

            foreach (int label in touched)
            {
                scratch[label] = 0;
            }

            touched.Clear();
            sums[row] = s;
            idf[row] = (float)Weight(s, rowTotals[row] + 1.0);
        }

        float[] weights = new float[matrix.Weights.Length];
        for (int i = 0; i < matrix.Count; i++)
        {
            CheckEvery(i, cancellationToken);
            int start = matrix.Offsets[i];
            int end = matrix.Offsets[i + 1];
            bool own = inTrain[i];
            int label = targets[i];
            double logPrior = own ? Math.Log(prior[label]) : 0;
            for (int k = start; k < end; k++)
            {
                int row = matrix.RowIds[k];
                double w;
                if (own)
                {
                    double a = byRow[place[k]] + prior[label];
                    double total = rowTotals[row] + 1.0;
                    w = LeaveOneOut(sums[row], total, a, logPrior);
                }
                else
                {
                    w = idf[row];
                }

                // The entry's weight is (1 + ln tf) · idf: the term-frequency factor is kept.
                weights[k] = (float)(matrix.Weights[k] / (double)oldIdf[row] * w);
            }
        }

        return matrix.WithTermWeights(weights, idf);
    }

    /// <summary>Texts or rows between two looks at the cancellation token: a few milliseconds of work.</summary>
    internal const int CancelCheckStride = 4096;

    private static void CheckEvery(int index, CancellationToken cancellationToken)
    {
        if (index % CancelCheckStride == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The weight from a row's S and A = n + 1.</summary>
    internal static double Weight(double s, double total) => Math.Sqrt(Math.Max((s / total) - Math.Log(total), 0) + Floor);

    /// <summary>The weight of a training text's own entry: its label's <c>a_y</c> (with the text) and <c>ln π_y</c>.</summary>
    internal static double LeaveOneOut(double s, double total, double ownA, double logPrior)
    {
        double rest = total - 1;
        double lessA = ownA - 1;
        double adjusted = s - (ownA * (Math.Log(ownA) - logPrior)) + (lessA * (Math.Log(lessA) - logPrior));
        return Math.Sqrt(Math.Max((adjusted / rest) - Math.Log(rest), 0) + Floor);
    }
}
