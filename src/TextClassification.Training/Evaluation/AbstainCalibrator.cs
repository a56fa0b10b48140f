using TextClassification.Bundles;
using TextClassification.Training.Data;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// Chooses the confidence threshold below which a classifier answers "none of these", on held-out data the model was
/// not trained on: the coverage/accuracy curve over every distinct best-probability, then the lowest threshold that
/// keeps the answered texts at the target precision, or the highest that answers the target coverage. When that answers
/// every held-out text the threshold is 0.
/// </summary>
public static class AbstainCalibrator
{
    /// <summary>Classifies <paramref name="heldOut"/> and chooses the threshold for <paramref name="target"/>. Texts
    /// whose label the model does not know count as errors.</summary>
    /// <param name="classifier">The model to calibrate, trained without <paramref name="heldOut"/>.</param>
    /// <param name="heldOut">Labelled texts the model was not trained on.</param>
    /// <param name="target">The precision or coverage to choose the threshold for.</param>
    /// <param name="cancellationToken">Checked every 256 texts.</param>
    /// <returns>The chosen threshold, with the curve it was chosen from.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/>, <paramref name="heldOut"/> or
    /// <paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="heldOut"/> is empty, or a row has no text or no label (the
    /// row named), or <paramref name="classifier"/> is multi-label.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static AbstainCalibration Calibrate(
        ITextClassifier classifier, IReadOnlyList<LabeledText> heldOut, AbstainTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        classifier = NGramModels.Snapshot(classifier);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(target);
        if (MultiLabelEvaluator.IsMultiLabel(classifier))
        {
            // Its held-out labels ("a|b") never equal one best label: every text counted wrong, and the threshold chosen
            // abstained on everything (review 49c).
            throw new ArgumentException("The model is multi-label: it abstains through its per-label thresholds, not one confidence threshold.", nameof(classifier));
        }

        if (heldOut.Count == 0)
        {
            throw new ArgumentException("There are no held-out texts to choose a threshold on.", nameof(heldOut));
        }

        var confidences = new float[heldOut.Count];
        var correct = new bool[heldOut.Count];
        float[] scores = new float[classifier.Labels.Count];
        List<string> labels = ModelEvaluator.CanonicalLabels(classifier); // form C, as the held-out labels are read
        for (int i = 0; i < heldOut.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            LabeledText row = heldOut[i];
            Trainers.TrainingLabels.RequireTextAndLabel(row, i, nameof(heldOut));

            classifier.Score(row.Text, scores);
            int best = TopRanking.Best(scores); // the label Prediction answers with

            confidences[i] = scores[best];
            correct[i] = string.Equals(labels[best], LabelSet.Canonical(row.Label), StringComparison.Ordinal);
        }

        return Choose(confidences, correct, target);
    }

    /// <summary>Chooses the threshold from each text's best probability and whether that answer was right.</summary>
    /// <param name="confidences">Each held-out text's best probability.</param>
    /// <param name="correct">Whether each text's best label was right, aligned with
    /// <paramref name="confidences"/>.</param>
    /// <param name="target">The precision or coverage to choose the threshold for.</param>
    /// <returns>The chosen threshold, with the curve it was chosen from.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException">No texts, or the spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A confidence is not a probability: NaN, negative or above 1.001 (up
    /// to that, a rounding error, it is read as 1).</exception>
    public static AbstainCalibration Choose(ReadOnlySpan<float> confidences, ReadOnlySpan<bool> correct, AbstainTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (confidences.Length == 0)
        {
            throw new ArgumentException("Needs at least one text.", nameof(confidences));
        }

        IReadOnlyList<CoveragePoint> curve = Curve(confidences, correct);
        CoveragePoint chosen;
        if (target.Kind == AbstainTargetKind.Coverage)
        {
            // The first (highest) threshold that answers enough texts; the curve always ends at coverage 1.
            chosen = curve[^1];
            foreach (CoveragePoint point in curve)
            {
                if (point.Coverage >= target.Value)
                {
                    chosen = point;
                    break;
                }
            }
        }
        else
        {
            // The last (lowest) threshold whose answered texts still meet the precision; when none does, answer nothing.
            // Not "just above the highest held-out confidence": the final model, trained on all the data, is more
            // confident than the calibration model and would answer many texts above that.
            chosen = new CoveragePoint(AbstainSection.AlwaysAbstain, 0, double.NaN);
            foreach (CoveragePoint point in curve)
            {
                if (point.Accuracy >= target.Value)
                {
                    chosen = point;
                }
            }
        }

        if (chosen.Coverage == 1)
        {
            // Every held-out text answered: the threshold is 0, not the lowest held-out confidence, so a text less
            // confident than any held-out one is answered too rather than abstaining for no measured reason.
            chosen = chosen with { Threshold = 0 };
        }

        return new AbstainCalibration(target, chosen, curve, confidences.Length);
    }

    /// <summary>The trade-off at every distinct confidence, highest first: answering every text at or above it.</summary>
    /// <param name="confidences">Each held-out text's best probability.</param>
    /// <param name="correct">Whether each text's best label was right, aligned with
    /// <paramref name="confidences"/>.</param>
    /// <returns>One point per distinct confidence: the threshold, the coverage and the accuracy of the answered
    /// texts; empty when there are no texts.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A confidence is not a probability: NaN, negative or above 1.001 (up
    /// to that, a rounding error, it is read as 1).</exception>
    public static IReadOnlyList<CoveragePoint> Curve(ReadOnlySpan<float> confidences, ReadOnlySpan<bool> correct)
    {
        // Checked: unequal lengths threw IndexOutOfRangeException, and a NaN confidence became the chosen threshold,
        // refused only later by WithAbstain (an outside review).
        if (confidences.Length != correct.Length)
        {
            throw new ArgumentException($"Needs one correctness flag per confidence; got {confidences.Length} and {correct.Length}.", nameof(correct));
        }

        for (int i = 0; i < confidences.Length; i++)
        {
            // A model's probabilities may pass 1 by a rounding error or two; only what no model gives is refused.
            if (!(confidences[i] >= 0f && confidences[i] <= 1.001f))
            {
                throw new ArgumentOutOfRangeException(nameof(confidences), confidences[i], $"Confidence {i} is not a probability in [0, 1] (up to 1.001 is read as 1).");
            }
        }

        int n = confidences.Length;
        int[] order = new int[n];
        float[] keys = new float[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            // At most 1: a confidence a rounding error above it must not become a threshold WithAbstain refuses.
            keys[i] = -Math.Min(confidences[i], 1f);
        }

        Array.Sort(keys, order);
        var curve = new List<CoveragePoint>();
        int right = 0;
        for (int k = 0; k < n; k++)
        {
            if (correct[order[k]])
            {
                right++;
            }

            // Texts tied on confidence are answered together, so a point sits only after the last of a tie.
            if (k + 1 == n || keys[k + 1] != keys[k])
            {
                curve.Add(new CoveragePoint(-keys[k], (double)(k + 1) / n, (double)right / (k + 1)));
            }
        }

        return curve;
    }
}
