using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>The temperature fitted on validation probabilities (<see cref="TemperatureFit"/>).</summary>
public sealed class TemperatureFitTests
{
    [Theory]
    [InlineData(0.6)]
    [InlineData(1.0)]
    [InlineData(1.6)]
    public void Finds_the_temperature_that_undoes_a_known_scaling(double scale)
    {
        // Labels drawn from softmax(z); the model's probabilities are softmax(z · scale). Raised to 1/T they are
        // softmax(z · scale / T), the true ones at T = scale.
        (float[] scores, int[] targets, int[] indices) = Drawn(rows: 4000, classes: 4, scale, seed: 11);

        TemperatureFit.Result fit = TemperatureFit.Fit(scores, 4, targets, indices);

        Assert.InRange(fit.Temperature, scale - 0.08, scale + 0.08);
        Assert.True(fit.LogLossAfter <= fit.LogLossBefore, $"{fit.LogLossAfter} > {fit.LogLossBefore}");
        if (scale != 1.0)
        {
            Assert.True(fit.LogLossAfter < fit.LogLossBefore - 0.005, $"{fit.LogLossAfter} vs {fit.LogLossBefore}");
        }
    }

    [Fact]
    public void The_loss_at_temperature_one_is_the_mean_negative_log_probability_of_the_labels()
    {
        (float[] scores, int[] targets, int[] indices) = Drawn(rows: 300, classes: 3, scale: 0.8, seed: 5);
        double[] logs = scores.Select(p => Math.Log(p)).ToArray();
        double expected = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            expected -= Math.Log(scores[(k * 3) + targets[indices[k]]]);
        }

        Assert.Equal(expected / indices.Length, TemperatureFit.LogLoss(logs, 3, targets, indices, beta: 1), 6);
        Assert.Equal(expected / indices.Length, TemperatureFit.Fit(scores, 3, targets, indices).LogLossBefore, 4);
    }

    [Fact]
    public void A_canceled_fit_throws()
    {
        // The search reads every probability on each of its passes (about 40 ms a pass on 3,000 labels): a canceled
        // training ran through them all (review 49c).
        (float[] scores, int[] targets, int[] indices) = Drawn(rows: 300, classes: 3, scale: 0.8, seed: 5);
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TemperatureFit.Fit(scores, 3, targets, indices, canceled.Token));
    }

    [Fact]
    public void Under_the_minimum_texts_the_temperature_is_one()
    {
        (float[] scores, int[] targets, int[] indices) = Drawn(rows: TemperatureFit.MinimumTexts - 1, classes: 3, scale: 0.3, seed: 2);

        TemperatureFit.Result fit = TemperatureFit.Fit(scores, 3, targets, indices);

        Assert.Equal(1f, fit.Temperature);
        Assert.True(double.IsNaN(fit.LogLossBefore));
    }

    [Fact]
    public void A_split_the_model_gets_all_right_sharpens_only_to_the_lowest_temperature()
    {
        int rows = 200;
        float[] scores = new float[rows * 2];
        int[] targets = new int[rows];
        int[] indices = Enumerable.Range(0, rows).ToArray();
        for (int k = 0; k < rows; k++)
        {
            targets[k] = k % 2;
            scores[(k * 2) + targets[k]] = 0.9f;
            scores[(k * 2) + 1 - targets[k]] = 0.1f;
        }

        Assert.Equal((float)TemperatureFit.Lowest, TemperatureFit.Fit(scores, 2, targets, indices).Temperature);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Probabilities_no_temperature_changes_keep_temperature_one(int classes)
    {
        // Uniform rows (or a single label) have the same log loss at every temperature: the search drifted to its
        // softest end and recorded 2.5, a format-15 bundle for probabilities it leaves as they are.
        int rows = 150;
        float[] scores = Enumerable.Repeat(1f / classes, rows * classes).ToArray();
        int[] targets = Enumerable.Range(0, rows).Select(k => k % classes).ToArray();

        TemperatureFit.Result fit = TemperatureFit.Fit(scores, classes, targets, Enumerable.Range(0, rows).ToArray());

        Assert.Equal(1f, fit.Temperature);
        Assert.Equal(fit.LogLossBefore, fit.LogLossAfter);
    }

    [Fact]
    public void A_row_that_is_not_a_number_fits_no_temperature()
    {
        // NaN losses compare false, so the search walked to the sharpest end (0.4) whatever the other rows said.
        (float[] scores, int[] targets, int[] indices) = Drawn(rows: 400, classes: 3, scale: 1.6, seed: 4);
        scores[7] = float.NaN;

        TemperatureFit.Result fit = TemperatureFit.Fit(scores, 3, targets, indices);

        Assert.Equal(1f, fit.Temperature);
    }

    [Fact]
    public void Validation_rows_are_read_through_their_indices()
    {
        // The same rows with the targets array reordered and the indices following it fit the same temperature.
        (float[] scores, int[] targets, int[] indices) = Drawn(rows: 500, classes: 3, scale: 0.7, seed: 9);
        int[] shuffled = new int[targets.Length * 2];
        int[] moved = new int[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            moved[k] = (2 * k) + 1;
            shuffled[moved[k]] = targets[indices[k]];
        }

        Assert.Equal(TemperatureFit.Fit(scores, 3, targets, indices), TemperatureFit.Fit(scores, 3, shuffled, moved));
    }

    // Validation probabilities softmax(z · scale) of rows whose labels were drawn from softmax(z), z ~ 2·N(0, 1).
    private static (float[] Scores, int[] Targets, int[] Indices) Drawn(int rows, int classes, double scale, int seed)
    {
        var random = new Random(seed);
        float[] scores = new float[rows * classes];
        int[] targets = new int[rows];
        double[] z = new double[classes];
        for (int k = 0; k < rows; k++)
        {
            for (int c = 0; c < classes; c++)
            {
                z[c] = 2 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }

            targets[k] = Sample(random, Softmax(z, 1));
            double[] model = Softmax(z, scale);
            for (int c = 0; c < classes; c++)
            {
                scores[(k * classes) + c] = (float)model[c];
            }
        }

        return (scores, targets, Enumerable.Range(0, rows).ToArray());
    }

    private static double[] Softmax(double[] z, double scale)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp((v - max) * scale)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private static int Sample(Random random, double[] probabilities)
    {
        double u = random.NextDouble();
        for (int c = 0; c < probabilities.Length - 1; c++)
        {
            u -= probabilities[c];
            if (u < 0)
            {
                return c;
            }
        }

        return probabilities.Length - 1;
    }
}
