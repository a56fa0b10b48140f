using TextClassification.Bundles;
using TextClassification.Training.Data;
using TextClassification.Training.Evaluation;
using TextClassification.Training.Splitting;
using TextClassification.Training.Trainers;

namespace TextClassification.Training.Tuning;

/// <summary>
/// Trains a classifier that can answer "none of these": a first model trained on all but a stratified
/// <see cref="CalibrationFraction"/> of the data chooses the confidence threshold on that held-out part (texts it never
/// saw, so its confidences are honest), then the final model trains on all the data with the same settings and carries
/// the threshold. The second model's confidences follow the first's closely as both see nearly the same data; the
/// threshold is an estimate, and the held-out trade-off is reported with it. It is chosen on the first model's
/// probabilities scaled by the final model's temperature (<see cref="TextClassifier.Temperature"/>), the one it is
/// applied with. The word model's term weight
/// (<see cref="TermWeighting.Auto"/>) is chosen by the first model and kept by the final one.
/// </summary>
public static class AbstainTraining
{
    /// <summary>Share of the data held out to choose the threshold on.</summary>
    public const double CalibrationFraction = 0.1;

    /// <summary>Trains and calibrates; the returned classifier's <see cref="TextClassifier.ConfidenceThreshold"/> is set.</summary>
    /// <param name="examples">The labelled texts: the first model trains on all but the held-out part, the final one on
    /// all of them.</param>
    /// <param name="target">The precision or coverage to choose the threshold for.</param>
    /// <param name="options">Settings of both trainings (single-label); null for the defaults.</param>
    /// <param name="progress">Receives the reports of both trainings: the first model's (phase prefixed
    /// "calibration model: ") fill the first half of <see cref="TrainingProgress.Fraction"/>, the final model's the
    /// second.</param>
    /// <param name="cancellationToken">Stops either training between epochs and iterations.</param>
    /// <returns>The final model's training result, whose classifier carries the threshold, and the calibration that
    /// chose it on the held-out part.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> or <paramref name="target"/> is
    /// null.</exception>
    /// <exception cref="ArgumentException">No examples, an example without a text or a label (or with a label that is not
    /// one line of printable text), fewer than two labels, too little data to hold out a calibration split, or multi-label options
    /// (<see cref="NGramTrainerOptions.MultiLabelDelimiter"/>): multi-label models have per-label thresholds instead.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of
    /// range.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite (a learning rate too high for the
    /// data).</exception>
    public static (NGramTrainingResult Result, AbstainCalibration Calibration) Train(
        IReadOnlyList<LabeledText> examples,
        AbstainTarget target,
        NGramTrainerOptions? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new NGramTrainerOptions();
        if (options.MultiLabelDelimiter is not null)
        {
            throw new ArgumentException("Abstaining applies to single-label models; multi-label models have per-label thresholds.", nameof(options));
        }

        // The rows as the caller gave them, checked as training checks them, before the trim and the split: checked only
        // by the trainings on the split, a row without a label was named as StratifiedSplitter's 'rows', a label holding
        // a tab by its place in the split (given at 100, named 86) or only after the calibration model had trained, and
        // an empty list was said to have "a single example" per label (review 58c).
        TrainingLabels.Encode(examples);

        // Surplus copies leave before the split, so the texts the threshold is chosen on count as training counts them.
        int given = examples.Count;
        examples = CopyTrimming.ForTraining(examples, options, out int surplusCopies, cancellationToken);

        ThreeWaySplit<LabeledText> split = StratifiedSplitter.SplitThreeWay(examples, CalibrationFraction, 0, options.Seed + 7, cancellationToken);
        if (split.Validation.Count == 0)
        {
            // The split is stratified: a label's only row stays in training. Said as such, not as the copies below
            // (an outside user's FAQ file, one example per label, was told it had copies it did not have).
            var rowsPerLabel = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (LabeledText row in examples)
            {
                rowsPerLabel[row.Label] = rowsPerLabel.GetValueOrDefault(row.Label) + 1;
            }

            if (rowsPerLabel.Values.All(count => count < 2))
            {
                throw new ArgumentException(
                    $"Every label has a single example ({rowsPerLabel.Count} labels, {examples.Count} rows): the held-out part is " +
                    "stratified, so a label's only example stays in training and nothing is left to choose a confidence threshold on. " +
                    "Give each label at least two examples.",
                    nameof(examples));
            }

            // Copies of a text, and a text with the longer texts it lies inside, are held out together: many rows of a
            // few distinct texts leave nothing to hold out, and the row count alone would point the wrong way.
            int distinct = Splitting.ContainedTexts.GroupCount(Splitting.ContainedTexts.Leaders([.. examples.Select(row => row.Text)], cancellationToken));

            throw new ArgumentException(
                $"{given} examples ({distinct} distinct texts, counting copies in any letter case and texts inside longer ones once) " +
                "leave nothing to hold out for choosing a confidence threshold: each such group is held out whole.",
                nameof(examples));
        }

        // Both trainings take the rows as trimmed here (a second trim would count a row given n times fewer times).
        NGramTrainingResult held = NGramTrainer.TrainCore(split.Train, options, ProgressRange.Of(progress, 0, 0.5, "calibration model: "), trimmedCopies: 0, cancellationToken);
        // TermWeighting.Auto (the default) is decided once, by the calibration model: the final model trains with the
        // weight it kept, so the threshold is applied to the kind of word model it was chosen on. Deciding again on all
        // the data (another validation split) kept the other weight on generated lead-and-question data at 3 of 12
        // shapes and seeds (review 42a).
        // (Whether it kept the supervised weight: the manifest names the weight only where the word model stayed in the
        // ensemble.)
        bool autoKeptSupervised = options.TermWeighting == TermWeighting.Auto && held.SupervisedTermWeightKept;
        NGramTrainerOptions finalOptions = options.TermWeighting == TermWeighting.Auto
            ? options with { TermWeighting = autoKeptSupervised ? TermWeighting.Supervised : TermWeighting.Idf }
            : options;
        NGramTrainingResult final = NGramTrainer.TrainCore(examples, finalOptions, ProgressRange.Of(progress, 0.5, 1), surplusCopies, cancellationToken);
        // The threshold is chosen on the calibration model's probabilities scaled as the final model scales its own (its
        // temperature, fitted on its larger validation split): at the calibration model's own temperature (1 where its
        // validation split was under TemperatureFit.MinimumTexts and the final model's was not) the final model answered
        // at another coverage and precision than the held-out part reported.
        AbstainCalibration calibration = AbstainCalibrator.Calibrate(
            held.Classifier.WithTemperature(final.Classifier.Temperature), split.Validation, target, cancellationToken);
        // Both fits' seconds, in the result and in the manifest alike.
        double seconds = held.Seconds + final.Seconds;
        TextClassifier classifier = final.Classifier.WithAbstain(calibration.ToSection());
        TrainingSection training = classifier.Training!;
        if (autoKeptSupervised && training.Settings?.GetValueOrDefault(NGramTrainer.TermWeightingSetting) == NGramTrainer.TermWeightingSupervised)
        {
            // Recorded as an Auto choice, as NGramTrainer records one (where the final model's word model is in the bundle).
            training = training with
            {
                Settings = new Dictionary<string, string>(training.Settings!, StringComparer.Ordinal) { [NGramTrainer.TermWeightingRequestedSetting] = "auto" },
            };
        }

        classifier = classifier.WithTraining(training with { Seconds = seconds });
        NGramTrainingResult result = final.With(classifier, seconds);
        return (result, calibration);
    }
}
