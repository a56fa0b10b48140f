using System.Buffers;
using TextClassification.Encoders;
using TextClassification.Memory;

namespace TextClassification.Training.Trainers;

/// <summary>
/// The naive Bayes ensemble member: multinomial naive Bayes on the linear member's pooled inputs (each text's TF-IDF
/// weights, L2-normalised, or its mean-pooling weights), i.e. <c>log P(feature | label)</c> from each label's summed inputs with additive smoothing
/// <c>α</c> (spread as the background distribution for a label much smaller than the largest, see
/// <see cref="SmoothedTowardsBackground"/>), no label prior. Its logits <c>Σ input · log P</c> are scaled by a temperature so its probabilities are
/// calibrated before the ensemble averages them. <c>α</c> (from <see cref="Alphas"/>), the temperature and, with TF-IDF
/// pooling, the weighting of the inputs (<see cref="NaiveBayesWeighting"/>: the TF-IDF weights or the term frequencies
/// alone) are chosen on the validation split by log loss; then the validation texts are added to the counts (the refit on
/// all the data).
/// </summary>
/// <remarks>
/// It runs as an ordinary n-gram model whose embedding width is the label count and whose head is the identity (the
/// table holds <c>temperature · log P</c>), like the linear member, so bundles need nothing new. Counting is one pass
/// over the data; the search scores the validation texts only.
/// </remarks>
internal static class NaiveBayesTrainer
{
    /// <summary>How many texts a pass over them (counting, scoring the validation texts) runs between two looks at its
    /// cancellation token: with many labels a pass took seconds (2.5 s counting 175k texts of 143 labels), and a canceled
    /// training waited for it (review 51e).</summary>
    internal const int CancellationStride = 4096;

    /// <summary>How many feature rows a pass over the rows × labels tables runs between two looks at its cancellation
    /// token.</summary>
    internal const int RowCancellationStride = 65536;

    /// <summary>The smoothing values tried, in order (the first of equal losses wins).</summary>
    public static ReadOnlySpan<double> Alphas => [0.01, 0.03, 0.1, 0.3, 1];

    /// <summary>The choice where there is no validation split to choose on: α 0.1 and temperature 1, inside what the
    /// search picks on the eleven shared sets with TF-IDF pooling (α 0.03–0.3, t 0.47–1.6), on the pooled inputs. Not
    /// for mean pooling, where the search picks temperatures near 80.</summary>
    public static Choice WithoutValidation => new(0.1, 1.0, double.NaN, null, NaiveBayesWeighting.Pooled);

    /// <summary>
    /// How much smoothing each row gets from a label that is smoothed towards the background, relative to the uniform α:
    /// <c>V_c · t_j / T</c>, with <c>t_j</c> the row's count over all labels, <c>T</c> the sum of all counts and
    /// <c>V_c</c> the number of rows with a count; 1 for a row without counts. The shares add up to the row count, as the
    /// uniform ones do, so either way a label's smoothing adds <c>α · rows</c> to its denominator.
    /// </summary>
    /// <remarks>
    /// Uniform smoothing spreads <c>α · rows</c> evenly over the rows; a label with few counts against that
    /// (<see cref="SmoothedTowardsBackground"/>) then has a nearly flat distribution, which scores every real text low,
    /// so naive Bayes never chose it: a trec6 label cut to 10 training texts got 0.002 on its own test texts. Smoothed
    /// towards the background (a Dirichlet prior whose mean is the rows' share of all counts), such a label scores a text
    /// about as the data as a whole does, plus what its own texts add. The other labels keep the uniform α, which had
    /// the lower validation loss on every shared set.
    /// </remarks>
    public static double[] BackgroundShares(double[] counts, int classes)
    {
        int rows = counts.Length / classes;
        double[] shares = LargeArrays.Zeroed<double>(rows);
        double total = 0;
        int counted = 0;
        for (int row = 0; row < rows; row++)
        {
            double rowTotal = 0;
            for (int c = 0; c < classes; c++)
            {
                rowTotal += counts[(row * classes) + c];
            }

            shares[row] = rowTotal;
            total += rowTotal;
            counted += rowTotal > 0 ? 1 : 0;
        }

        for (int row = 0; row < rows; row++)
        {
            shares[row] = shares[row] > 0 ? shares[row] * counted / total : 1;
        }

        return shares;
    }

    /// <summary>
    /// Whether each label is smoothed towards the background (<see cref="BackgroundShares"/>) rather than uniformly:
    /// uniform smoothing leaves a label the share <c>f_c = N_c / (N_c + α · rows)</c> of its mass on what it counted
    /// (<c>N_c</c> its total count), so on the rows all labels share (common words, common char n-grams) it scores
    /// <c>ln f_c</c> per unit of input below what its counts say. A label whose <c>f_c</c> is under half the largest
    /// label's would lose more than <c>ln 2</c> per unit of input there to the data-rich labels, for its size alone.
    /// </summary>
    /// <remarks>
    /// Only labels much smaller than the largest qualify, so balanced data keeps the uniform α on every label, as before.
    /// Smoothing every label whose counts are under <c>α · rows</c> was tried first: on balanced data with many rare
    /// rows it weighed a label's frequent keyword like a rare noise word (the keyword-in-noise test fell from over 90 % to
    /// 70 %), and balanced sets with many rows (stackoverflow, banking77 shapes) lost on their rare labels what the
    /// relative rule gains.
    /// </remarks>
    public static bool[] SmoothedTowardsBackground(double[] labelTotals, int rows, double alpha)
    {
        bool[] background = new bool[labelTotals.Length];
        double smoothing = alpha * rows;
        double largest = labelTotals.Max();
        double largestShare = largest / (largest + smoothing);
        for (int c = 0; c < background.Length; c++)
        {
            background[c] = labelTotals[c] / (labelTotals[c] + smoothing) < 0.5 * largestShare;
        }

        return background;
    }

    private const double MinTemperature = 1e-2;
    private const double MaxTemperature = 1e4;

    /// <summary>What the search chose, and the validation probabilities of the model fitted on the training split
    /// (row-major, in the validation split's order; null for <see cref="WithoutValidation"/>). <paramref name="Background"/>:
    /// the labels the search smoothed towards the background at that α (<see cref="SmoothedTowardsBackground"/> on the
    /// training split's counts; null for <see cref="WithoutValidation"/>), which the refit keeps: the refit's larger counts
    /// raise a small label's share of mass more than a large one's, so the rule applied to them could smooth uniformly a
    /// label whose α and temperature were chosen with background smoothing.</summary>
    public readonly record struct Choice(
        double Alpha, double Temperature, double ValidationLoss, float[]? ValidationScores, NaiveBayesWeighting Weighting = NaiveBayesWeighting.Pooled, bool[]? Background = null);

    /// <summary>
    /// Counts the training split under each weighting the pooling allows (<see cref="NaiveBayesWeighting.Pooled"/>, and
    /// <see cref="NaiveBayesWeighting.TermFrequency"/> with TF-IDF pooling), runs <see cref="Choose"/> on each and returns
    /// the choice of least validation loss with its counts (the pooled inputs win a tie). Both are counted into one
    /// table, cleared in between (with thousands of labels it is the largest array of the fit: a second one doubled the
    /// peak memory); when the pooled inputs win, their counts are put back from the sparse form <see cref="Choose"/>
    /// made of them (a copy of the non-zero counts, smaller than the table with many labels and at most 1.75 times it
    /// with two) instead of being counted again, which had taken a third of the member's time on a 150k-row set.
    /// </summary>
    public static (Choice Choice, double[] Counts) CountAndChoose(
        FeatureMatrix matrix, int[] targets, int classes, int[] train, int[] validation, bool[] trainedRows, CancellationToken cancellationToken)
    {
        double[] counts = Count(matrix, targets, classes, train, NaiveBayesWeighting.Pooled, cancellationToken: cancellationToken);
        SparseCounts pooledCounts = SparseCounts.Of(counts, classes, cancellationToken);
        Choice pooled = ChooseOn(matrix, counts, pooledCounts, targets, classes, validation, trainedRows, NaiveBayesWeighting.Pooled, cancellationToken);
        if (matrix.Pooling != NGramPooling.TfIdf)
        {
            return (pooled, counts);
        }

        Array.Clear(counts);
        Count(matrix, targets, classes, train, NaiveBayesWeighting.TermFrequency, counts, cancellationToken);
        Choice termFrequency = Choose(matrix, counts, targets, classes, validation, trainedRows, NaiveBayesWeighting.TermFrequency, cancellationToken);
        if (termFrequency.ValidationLoss < pooled.ValidationLoss)
        {
            return (termFrequency, counts);
        }

        pooledCounts.CopyTo(counts, classes);
        return (pooled, counts);
    }

    /// <summary>Adds each row's summed input per label over <paramref name="examples"/> to <paramref name="counts"/>
    /// (rows × classes, row-major; null starts from zeros) and returns it. A text's inputs are its weights normalised as
    /// the pooling does at inference (L2 for TF-IDF, sum for the mean), over all its rows: every row of a counted text is
    /// known to the model. With <see cref="NaiveBayesWeighting.TermFrequency"/> each weight is divided by its row's IDF
    /// first.</summary>
    /// <exception cref="ArgumentException">Term frequencies asked of a matrix without IDF (mean pooling).</exception>
    public static double[] Count(
        FeatureMatrix matrix, int[] targets, int classes, int[] examples, NaiveBayesWeighting weighting, double[]? counts = null, CancellationToken cancellationToken = default)
    {
        float[]? idf = weighting == NaiveBayesWeighting.TermFrequency
            ? matrix.Idf ?? throw new ArgumentException("Term-frequency counts need a TF-IDF matrix.", nameof(weighting))
            : null;
        counts ??= LargeArrays.Zeroed<double>((long)matrix.BucketsByRow.Length * classes);
        bool l2 = matrix.Pooling == NGramPooling.TfIdf;
        float[] buffer = idf is null ? [] : ArrayPool<float>.Shared.Rent(256);
        try
        {
            for (int n = 0; n < examples.Length; n++)
            {
                if ((n & (CancellationStride - 1)) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                int i = examples[n];
                ReadOnlySpan<int> rows = matrix.Features(i);
                ReadOnlySpan<float> weights = matrix.FeatureWeights(i);
                if (idf is not null)
                {
                    if (buffer.Length < rows.Length)
                    {
                        ArrayPool<float>.Shared.Return(buffer);
                        buffer = ArrayPool<float>.Shared.Rent(rows.Length);
                    }

                    Span<float> termWeights = buffer.AsSpan(0, rows.Length);
                    for (int k = 0; k < rows.Length; k++)
                    {
                        termWeights[k] = weights[k] / idf[rows[k]];
                    }

                    weights = termWeights;
                }

                double scale = InputScale(weights, rows, trainedRows: null, l2);
                int target = targets[i];
                for (int k = 0; k < rows.Length; k++)
                {
                    counts[(rows[k] * classes) + target] += weights[k] * scale;
                }
            }
        }
        finally
        {
            if (idf is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        return counts;
    }

    // 1 / (the L2 norm or the sum) of a text's weights over its known rows (all of them without trainedRows); 0 when none.
    private static double InputScale(ReadOnlySpan<float> weights, ReadOnlySpan<int> rows, bool[]? trainedRows, bool l2)
    {
        double total = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            if (trainedRows is null || trainedRows[rows[k]])
            {
                total += l2 ? (double)weights[k] * weights[k] : weights[k];
            }
        }

        return total <= 0 ? 0 : l2 ? 1 / Math.Sqrt(total) : 1 / total;
    }

    /// <summary>Each label's total count over all rows (the smoothing-free part of the denominators).</summary>
    public static double[] LabelTotals(double[] counts, int classes)
    {
        double[] totals = new double[classes];
        for (int offset = 0; offset < counts.Length; offset += classes)
        {
            for (int c = 0; c < classes; c++)
            {
                totals[c] += counts[offset + c];
            }
        }

        return totals;
    }

    /// <summary>The logs of the denominators of <c>P(feature | label)</c>: each label's total count plus α for every row.</summary>
    public static double[] LogDenominators(double[] labelTotals, int rows, double alpha)
    {
        double[] logs = new double[labelTotals.Length];
        for (int c = 0; c < logs.Length; c++)
        {
            logs[c] = Math.Log(labelTotals[c] + (alpha * rows));
        }

        return logs;
    }

    /// <summary>The IDF each input of <paramref name="weighting"/> is divided by, row by row (the matrix's IDF for term
    /// frequencies), or null when the inputs are the pooled ones.</summary>
    public static float[]? InputIdf(FeatureMatrix matrix, NaiveBayesWeighting weighting) =>
        weighting == NaiveBayesWeighting.TermFrequency ? matrix.Idf : null;

    /// <summary>The table of the member: <c>temperature · log P(row | label)</c> (smoothed by α, or by α times the row's
    /// <see cref="BackgroundShares"/> for the labels <see cref="SmoothedTowardsBackground"/>), each row centred on its mean over the
    /// labels (a constant per row adds the same to every label's logit, so the probabilities do not change, and the
    /// floats stay small). With <paramref name="inputIdf"/> (counts of <see cref="NaiveBayesWeighting.TermFrequency"/>:
    /// the matrix's IDF per row) each row is divided by its IDF, which the encoder multiplies every input by at
    /// inference. <paramref name="background"/>: the labels smoothed towards the background (<see cref="Choice.Background"/>
    /// for a refit); null applies <see cref="SmoothedTowardsBackground"/> to <paramref name="counts"/>.</summary>
    public static float[] Table(
        double[] counts, int classes, double alpha, double temperature, float[]? inputIdf = null, bool[]? background = null, CancellationToken cancellationToken = default)
    {
        double[] labelTotals = LabelTotals(counts, classes);
        int rows = counts.Length / classes;
        double[] logDenominators = LogDenominators(labelTotals, rows, alpha);
        background ??= SmoothedTowardsBackground(labelTotals, rows, alpha);
        double[]? shares = background.Contains(true) ? BackgroundShares(counts, classes) : null;
        float[] table = LargeArrays.Zeroed<float>(counts.Length);

        double logAlpha = Math.Log(alpha);
        Span<double> logs = classes <= 256 ? stackalloc double[classes] : new double[classes];
        for (int offset = 0; offset < counts.Length; offset += classes)
        {
            if (((offset / classes) & (RowCancellationStride - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            double mean = 0;
            double backgroundAlpha = shares is null ? alpha : alpha * shares[offset / classes];
            double logBackgroundAlpha = Math.Log(backgroundAlpha);
            for (int c = 0; c < classes; c++)
            {
                double count = counts[offset + c];
                logs[c] = background[c]
                    ? (count == 0 ? logBackgroundAlpha : Math.Log(count + backgroundAlpha)) - logDenominators[c]
                    : (count == 0 ? logAlpha : Math.Log(count + alpha)) - logDenominators[c];
                mean += logs[c];
            }

            mean /= classes;
            double rowIdf = inputIdf is null ? 1 : inputIdf[offset / classes];
            for (int c = 0; c < classes; c++)
            {
                table[offset + c] = (float)(temperature * (logs[c] - mean) / rowIdf);
            }
        }

        return table;
    }

    /// <summary>
    /// Given the counts of the training split (made with <paramref name="weighting"/>), for every <see cref="Alphas"/>
    /// value scores the validation texts (pooled over the rows the training split holds, as inference will) and picks the
    /// temperature with the least log loss; returns the alpha and temperature with the least loss overall.
    /// </summary>
    public static Choice Choose(
        FeatureMatrix matrix,
        double[] counts,
        int[] targets,
        int classes,
        int[] validation,
        bool[] trainedRows,
        NaiveBayesWeighting weighting,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ChooseOn(matrix, counts, SparseCounts.Of(counts, classes, cancellationToken), targets, classes, validation, trainedRows, weighting, cancellationToken);
    }

    // Choose, given the counts' sparse form.
    private static Choice ChooseOn(
        FeatureMatrix matrix,
        double[] counts,
        SparseCounts sparse,
        int[] targets,
        int classes,
        int[] validation,
        bool[] trainedRows,
        NaiveBayesWeighting weighting,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        double[] totals = LabelTotals(counts, classes);
        int rows = counts.Length / classes;
        ReadOnlySpan<double> alphas = Alphas;
        var logits = new double[alphas.Length][];
        var background = new bool[alphas.Length][];
        for (int a = 0; a < alphas.Length; a++)
        {
            logits[a] = new double[validation.Length * classes];
            background[a] = SmoothedTowardsBackground(totals, rows, alphas[a]);
        }

        double[]? shares = background.Any(labels => labels.Contains(true)) ? BackgroundShares(counts, classes) : null;
        (double[] inputSums, double[]? backgroundSums) = ValidationLogits(
            matrix, sparse, classes, validation, trainedRows, InputIdf(matrix, weighting), logits, background, shares, cancellationToken);
        Choice best = default;
        for (int a = 0; a < alphas.Length; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double[] logDenominators = LogDenominators(totals, rows, alphas[a]);
            double[] alphaLogits = logits[a];
            for (int v = 0; v < validation.Length; v++)
            {
                for (int c = 0; c < classes; c++)
                {
                    alphaLogits[(v * classes) + c] -= inputSums[v] * logDenominators[c];
                    if (background[a][c])
                    {
                        alphaLogits[(v * classes) + c] += backgroundSums![v];
                    }
                }
            }

            double temperature = ChooseTemperature(alphaLogits, classes, targets, validation, out double loss);
            if (best.ValidationScores is null || loss < best.ValidationLoss)
            {
                best = new Choice(alphas[a], temperature, loss, Probabilities(alphaLogits, classes, temperature), weighting, background[a]);
            }
        }

        return best;
    }

    // For every alpha a, Σ input · log P(row | label) of each validation text into logits[a] (without the denominators:
    // returns each text's Σ input, which they multiply), the inputs normalised over the rows the training split holds
    // (unseen rows are dropped at inference), less Σ input · ln α, which is the same for every label and so changes no
    // probability: log P = ln α + ln(1 + count / α) − ln(denominator), where ln(1 + count / α) is zero for the many
    // (row, label) pairs never counted, so only the counted pairs (SparseCounts) are visited. A label smoothed towards the
    // background (background[a], with the rows' shares s) has α·s in place of α: its counted pairs gain
    // ln(1 + count / (α·s)), and every row adds ln s, whose sum Σ input · ln s over the text is returned (null without
    // shares) for the caller to add to those labels. All alphas in one pass over
    // the validation texts, with the alphas' gains of a counted pair side by side: the pass reads the matrix and the
    // sparse counts once instead of once per alpha, and each alpha's sums are made in the same order as on their own.
    // With inputIdf (term-frequency counts) each input is divided by its row's IDF, as the table will be.
    private static (double[] InputSums, double[]? BackgroundSums) ValidationLogits(
        FeatureMatrix matrix,
        SparseCounts sparse,
        int classes,
        int[] validation,
        bool[] trainedRows,
        float[]? inputIdf,
        double[][] logits,
        bool[][] background,
        double[]? shares,
        CancellationToken cancellationToken)
    {
        ReadOnlySpan<double> alphas = Alphas;
        int width = alphas.Length;
        double[] gains = LargeArrays.Zeroed<double>((long)sparse.Counts.Length * width);
        for (int row = 0; row + 1 < sparse.Starts.Length; row++)
        {
            if ((row & (RowCancellationStride - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (int e = sparse.Starts[row]; e < sparse.Starts[row + 1]; e++)
            {
                for (int a = 0; a < width; a++)
                {
                    double smoothing = background[a][sparse.Labels[e]] ? alphas[a] * shares![row] : alphas[a];
                    gains[(e * width) + a] = Math.Log(1 + (sparse.Counts[e] / smoothing));
                }
            }
        }

        double[]? backgroundSums = shares is null ? null : new double[validation.Length];

        bool l2 = matrix.Pooling == NGramPooling.TfIdf;
        double[] inputSums = new double[validation.Length];
        for (int v = 0; v < validation.Length; v++)
        {
            if ((v & (CancellationStride - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ReadOnlySpan<int> rows = matrix.Features(validation[v]);
            ReadOnlySpan<float> weights = matrix.FeatureWeights(validation[v]);
            double scale = InputScale(weights, rows, trainedRows, l2);
            if (scale == 0)
            {
                continue;
            }

            double inputSum = 0;
            int offset = v * classes;
            for (int k = 0; k < rows.Length; k++)
            {
                int row = rows[k];
                if (!trainedRows[row])
                {
                    continue;
                }

                double input = inputIdf is null ? weights[k] * scale : weights[k] * scale / inputIdf[row];
                inputSum += input;
                if (backgroundSums is not null)
                {
                    backgroundSums[v] += input * Math.Log(shares![row]);
                }

                for (int e = sparse.Starts[row]; e < sparse.Starts[row + 1]; e++)
                {
                    int slot = offset + sparse.Labels[e];
                    ReadOnlySpan<double> gain = gains.AsSpan(e * width, width);
                    for (int a = 0; a < width; a++)
                    {
                        logits[a][slot] += input * gain[a];
                    }
                }
            }

            inputSums[v] = inputSum;
        }

        return (inputSums, backgroundSums);
    }

    // The non-zero entries of a rows × classes count table, row by row (compressed sparse rows).
    private sealed record SparseCounts(int[] Starts, int[] Labels, double[] Counts)
    {
        public static SparseCounts Of(double[] counts, int classes, CancellationToken cancellationToken = default)
        {
            int rows = counts.Length / classes;
            int nonZero = 0;
            for (int row = 0; row < rows; row++)
            {
                if ((row & (RowCancellationStride - 1)) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                foreach (double count in counts.AsSpan(row * classes, classes))
                {
                    nonZero += count != 0 ? 1 : 0;
                }
            }

            int[] starts = LargeArrays.Zeroed<int>(rows + 1);
            int[] labels = LargeArrays.Zeroed<int>(nonZero);
            double[] values = LargeArrays.Zeroed<double>(nonZero);
            int e = 0;
            for (int row = 0; row < rows; row++)
            {
                if ((row & (RowCancellationStride - 1)) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                starts[row] = e;
                for (int c = 0; c < classes; c++)
                {
                    double count = counts[(row * classes) + c];
                    if (count != 0)
                    {
                        labels[e] = c;
                        values[e++] = count;
                    }
                }
            }

            starts[rows] = e;
            return new SparseCounts(starts, labels, values);
        }

        /// <summary>Writes the table these are the non-zero counts of into <paramref name="counts"/> (rows × classes).</summary>
        public void CopyTo(double[] counts, int classes)
        {
            Array.Clear(counts);
            for (int row = 0; row < Starts.Length - 1; row++)
            {
                for (int e = Starts[row]; e < Starts[row + 1]; e++)
                {
                    counts[(row * classes) + Labels[e]] = Counts[e];
                }
            }
        }
    }

    /// <summary>
    /// The temperature t in [0.01, 10⁴] that minimises the mean log loss of <c>softmax(t · logits)</c>. The loss is convex
    /// in t (a log-sum-exp of functions linear in t, minus a linear one): its derivative is the mean of
    /// <c>E_p[z] − z_target</c> and its second derivative the mean variance of z under p, so Newton's method converges in
    /// a few passes; a bracket kept from the derivative's sign catches any step that leaves it (halved in ln t instead).
    /// </summary>
    public static double ChooseTemperature(double[] logits, int classes, int[] targets, int[] examples, out double loss)
    {
        double lo = MinTemperature;
        double hi = MaxTemperature;
        double t = 1;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            (double slope, double curvature) = Derivatives(logits, classes, targets, examples, t);
            if (slope == 0)
            {
                break;
            }

            if (slope > 0)
            {
                hi = t;
            }
            else
            {
                lo = t;
            }

            double next = curvature > 0 ? t - (slope / curvature) : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = Math.Sqrt(lo * hi);
            }

            bool converged = Math.Abs(next - t) <= 1e-6 * t;
            t = next;
            if (converged || hi / lo < 1 + 1e-9)
            {
                break;
            }
        }

        // The minimum may lie at an end of the range (logits with no information, or perfect ones).
        loss = LogLoss(logits, classes, targets, examples, t);
        foreach (double end in (ReadOnlySpan<double>)[MinTemperature, MaxTemperature])
        {
            double endLoss = LogLoss(logits, classes, targets, examples, end);
            if (endLoss < loss)
            {
                (t, loss) = (end, endLoss);
            }
        }

        return t;
    }

    // The first and second derivatives of LogLoss by the temperature.
    private static (double Slope, double Curvature) Derivatives(double[] logits, int classes, int[] targets, int[] examples, double temperature)
    {
        double slope = 0;
        double curvature = 0;
        for (int v = 0; v < examples.Length; v++)
        {
            ReadOnlySpan<double> z = logits.AsSpan(v * classes, classes);
            double max = temperature * MaxOf(z);
            double sum = 0;
            double first = 0;
            double second = 0;
            foreach (double value in z)
            {
                double p = Math.Exp((temperature * value) - max);
                sum += p;
                first += p * value;
                second += p * value * value;
            }

            double mean = first / sum;
            slope += mean - z[targets[examples[v]]];
            curvature += Math.Max(0, (second / sum) - (mean * mean));
        }

        return examples.Length == 0 ? (0, 0) : (slope / examples.Length, curvature / examples.Length);
    }

    /// <summary>Mean cross-entropy of <c>softmax(temperature · logits)</c> against the targets of <paramref name="examples"/>
    /// (logits row-major in the order of <paramref name="examples"/>).</summary>
    public static double LogLoss(double[] logits, int classes, int[] targets, int[] examples, double temperature)
    {
        if (examples.Length == 0)
        {
            return 0;
        }

        double total = 0;
        for (int v = 0; v < examples.Length; v++)
        {
            ReadOnlySpan<double> z = logits.AsSpan(v * classes, classes);
            total += LogSumExp(z, temperature) - (temperature * z[targets[examples[v]]]);
        }

        return total / examples.Length;
    }

    private static float[] Probabilities(double[] logits, int classes, double temperature)
    {
        float[] probabilities = new float[logits.Length];
        for (int offset = 0; offset < logits.Length; offset += classes)
        {
            ReadOnlySpan<double> z = logits.AsSpan(offset, classes);
            double normalizer = LogSumExp(z, temperature);
            for (int c = 0; c < classes; c++)
            {
                probabilities[offset + c] = (float)Math.Exp((temperature * z[c]) - normalizer);
            }
        }

        return probabilities;
    }

    // ln Σ exp(t · z), shifted by the largest term so no exponential overflows. t > 0.
    private static double LogSumExp(ReadOnlySpan<double> z, double temperature)
    {
        double max = temperature * MaxOf(z);
        double sum = 0;
        foreach (double value in z)
        {
            sum += Math.Exp((temperature * value) - max);
        }

        return max + Math.Log(sum);
    }

    private static double MaxOf(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }
}
