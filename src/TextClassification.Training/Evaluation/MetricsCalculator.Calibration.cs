namespace TextClassification.Training.Evaluation;

/// <summary>Calibration: reliability bins and the expected calibration error.</summary>
public static partial class MetricsCalculator
{
    /// <summary>
    /// Puts each row's confidence (its largest probability, that of the predicted label) into
    /// <see cref="CalibrationBinCount"/> equal-width bins [b/B, (b+1)/B) (a confidence of 1 goes to the last bin)
    /// and returns the bins with ECE = Σ (n_b / n) · |accuracy_b − confidence_b|, as defined by Guo et al. (2017),
    /// "On Calibration of Modern Neural Networks", eq. 3. The widely copied code of gpleiss/temperature_scaling bins
    /// (b/B, (b+1)/B] instead; only a confidence exactly on an edge differs (a two-label tie at 0.5 falls in [0.5, 0.6)
    /// here, in (0.4, 0.5] there).
    /// </summary>
    private static (CalibrationBin[] Bins, double Error) Calibration(ReadOnlySpan<int> gold, ReadOnlySpan<float> probabilities, int classCount)
    {
        int n = gold.Length;
        var counts = new int[CalibrationBinCount];
        var correct = new int[CalibrationBinCount];
        var confidenceSums = new double[CalibrationBinCount];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = probabilities.Slice(i * classCount, classCount);
            int predicted = ArgMax(row);
            double confidence = Math.Clamp((double)row[predicted], 0.0, 1.0);
            int bin = Math.Min((int)(confidence * CalibrationBinCount), CalibrationBinCount - 1);
            counts[bin]++;
            confidenceSums[bin] += confidence;
            if (predicted == gold[i])
            {
                correct[bin]++;
            }
        }

        var bins = new CalibrationBin[CalibrationBinCount];
        double error = 0;
        for (int b = 0; b < CalibrationBinCount; b++)
        {
            double lower = (double)b / CalibrationBinCount;
            double upper = (double)(b + 1) / CalibrationBinCount;
            if (counts[b] == 0)
            {
                bins[b] = new CalibrationBin(lower, upper, 0, double.NaN, double.NaN);
                continue;
            }

            double meanConfidence = confidenceSums[b] / counts[b];
            double accuracy = (double)correct[b] / counts[b];
            bins[b] = new CalibrationBin(lower, upper, counts[b], meanConfidence, accuracy);
            error += (double)counts[b] / n * Math.Abs(accuracy - meanConfidence);
        }

        return (bins, error);
    }
}
