using System.Globalization;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;

namespace TextClassification.Cli;

/// <summary>Prints the confidence threshold <c>train --abstain-*</c> chose and the coverage/accuracy trade-off.</summary>
internal static class AbstainReport
{
    private static readonly double[] Coverages = [1.0, 0.95, 0.9, 0.8, 0.7, 0.5];

    public static void Write(CliConsole console, AbstainCalibration calibration)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        TextWriter output = console.Out;
        CoveragePoint chosen = calibration.Chosen;
        string reached = calibration.TargetReached ? string.Empty : " (target not reached on the held-out data)";
        output.WriteLine(string.Create(inv,
            $"Confidence threshold {chosen.Threshold:F4} for {calibration.Target.Kind} {calibration.Target.Value:F3}{reached}: on {calibration.Examples} held-out texts it answers {chosen.Coverage:P1} with accuracy {chosen.Accuracy:F4}; the rest abstain (\"none of these\")."));
        output.WriteLine("Coverage/accuracy trade-off on the held-out texts:");
        output.WriteLine("  coverage  accuracy  threshold");
        foreach (double wanted in Coverages)
        {
            foreach (CoveragePoint point in calibration.Curve)
            {
                if (point.Coverage >= wanted)
                {
                    output.WriteLine(string.Create(inv, $"  {point.Coverage,8:P1}  {point.Accuracy,8:F4}  {point.Threshold,9:F4}"));
                    break;
                }
            }
        }
    }

    /// <summary>Coverage and answered accuracy of the trained model's threshold on the test data.</summary>
    public static void WriteTest(CliConsole console, TextClassifier classifier, IReadOnlyList<LabeledText> test, CancellationToken cancellationToken)
    {
        int answered = 0;
        int right = 0;
        for (int i = 0; i < test.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Prediction prediction = classifier.Classify(test[i].Text);
            if (!prediction.Abstained)
            {
                answered++;
                right += prediction.Label == test[i].Label ? 1 : 0;
            }
        }

        double coverage = test.Count == 0 ? 0 : (double)answered / test.Count;
        double accuracy = answered == 0 ? double.NaN : (double)right / answered;
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"On the test data the threshold answers {coverage:P1} of {test.Count} texts with accuracy {accuracy:F4}."));
    }
}
