namespace TextClassification.Training.Trainers;

/// <summary>
/// Fits a single-label classifier's temperature (<see cref="TextClassifier.Temperature"/>) on its validation
/// probabilities: the <c>T</c> whose scaled probabilities <c>p_i^(1/T) / Σ p_j^(1/T)</c> have the least log loss on the
/// validation texts' labels. The loss is convex in <c>β = 1/T</c> (a log-sum-exp of <c>β · ln p</c> less a term linear
/// in <c>β</c>), so a golden-section search on <c>β</c> finds its minimum.
/// </summary>
internal static class TemperatureFit
{
    /// <summary>Fewest validation texts a temperature is fitted on: on fewer, a split the model gets all right would
    /// sharpen every probability to the edge of the range.</summary>
    public const int MinimumTexts = 100;

    /// <summary>The lowest temperature the search returns (the sharpest).</summary>
    public const double Lowest = 0.4;

    /// <summary>The highest temperature the search returns (the softest).</summary>
    public const double Highest = 2.5;

    // Probabilities are read as at least this (scikit-learn's log_loss clamp), so a label given 0 costs a finite loss.
    private const double Floor = 1e-15;

    private const int Iterations = 40;

    /// <summary>The fitted temperature and the validation log loss before and after it.</summary>
    /// <param name="Temperature">Rounded to two decimals; 1 where that is the fit, where it would not lower the log
    /// loss (probabilities no temperature changes, such as uniform ones), where there were under
    /// <see cref="MinimumTexts"/> texts, or where a probability is not a finite number.</param>
    /// <param name="LogLossBefore">Mean log loss of the probabilities as they are (NaN under
    /// <see cref="MinimumTexts"/> texts or with a probability that is not a finite number).</param>
    /// <param name="LogLossAfter">Mean log loss at <paramref name="Temperature"/>.</param>
    public readonly record struct Result(float Temperature, double LogLossBefore, double LogLossAfter);

    /// <summary>Fits the temperature on <paramref name="scores"/>: the validation texts' probabilities (row-major,
    /// <paramref name="classes"/> a row) in the order of <paramref name="indices"/>, whose entries index
    /// <paramref name="targets"/>. <paramref name="cancellationToken"/> is checked on each pass of the search (each pass
    /// reads every probability: about 40 ms on 3,000 labels, review 49c).</summary>
    public static Result Fit(ReadOnlySpan<float> scores, int classes, int[] targets, int[] indices, CancellationToken cancellationToken = default)
    {
        if (indices.Length < MinimumTexts)
        {
            return new Result(1f, double.NaN, double.NaN);
        }

        double[] logs = new double[indices.Length * classes];
        for (int i = 0; i < logs.Length; i++)
        {
            // A NaN loss compares false both ways, which would walk the search to one end of the range.
            if (!float.IsFinite(scores[i]))
            {
                return new Result(1f, double.NaN, double.NaN);
            }

            logs[i] = Math.Log(Math.Max(scores[i], Floor));
        }

        // Each row's largest log taken out once, not on each of the search's passes: exp then never overflows.
        for (int start = 0; start < logs.Length; start += classes)
        {
            Span<double> row = logs.AsSpan(start, classes);
            double max = double.NegativeInfinity;
            foreach (double value in row)
            {
                max = Math.Max(max, value);
            }

            foreach (ref double value in row)
            {
                value -= max;
            }
        }

        // Golden section on β in [1/Highest, 1/Lowest].
        double invPhi = (Math.Sqrt(5) - 1) / 2;
        double a = 1 / Highest, b = 1 / Lowest;
        double c = b - (invPhi * (b - a)), d = a + (invPhi * (b - a));
        double lossC = LogLoss(logs, classes, targets, indices, c), lossD = LogLoss(logs, classes, targets, indices, d);
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lossC <= lossD)
            {
                b = d;
                d = c;
                lossD = lossC;
                c = b - (invPhi * (b - a));
                lossC = LogLoss(logs, classes, targets, indices, c);
            }
            else
            {
                a = c;
                c = d;
                lossC = lossD;
                d = a + (invPhi * (b - a));
                lossD = LogLoss(logs, classes, targets, indices, d);
            }
        }

        float temperature = (float)Math.Round(1 / ((a + b) / 2), 2, MidpointRounding.AwayFromZero);
        double before = LogLoss(logs, classes, targets, indices, 1);
        double after = temperature == 1f ? before : LogLoss(logs, classes, targets, indices, 1 / (double)temperature);
        // Where the loss is flat (uniform rows, a single label) the search ends at an edge of the range; a temperature
        // that does not lower the loss is not kept (nor a format-15 bundle written for it).
        return after < before
            ? new Result(temperature, before, after)
            : new Result(1f, before, before);
    }

    /// <summary>The mean log loss of the probabilities <c>exp(β · logs)</c>, rescaled to sum to 1 in each row, on the
    /// rows' labels. <paramref name="logs"/> are log-probabilities (at most 0; <see cref="Fit"/> shifts each row so its
    /// largest is 0), so <c>exp</c> does not overflow.</summary>
    internal static double LogLoss(double[] logs, int classes, int[] targets, int[] indices, double beta)
    {
        double total = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            ReadOnlySpan<double> row = logs.AsSpan(k * classes, classes);
            double sum = 0;
            foreach (double value in row)
            {
                sum += Math.Exp(beta * value);
            }

            // −ln(p_y^β / Σ p_i^β).
            total += Math.Log(sum) - (beta * row[targets[indices[k]]]);
        }

        return total / indices.Length;
    }
}
