using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>The outcome of <see cref="NGramTrainer.Train"/>.</summary>
public sealed class NGramTrainingResult
{
    internal NGramTrainingResult(TextClassifier classifier, int epochs, int trainExamples, int validationExamples, double validationAccuracy, double seconds)
    {
        Classifier = classifier;
        Epochs = epochs;
        TrainExamples = trainExamples;
        ValidationExamples = validationExamples;
        ValidationAccuracy = validationAccuracy;
        Seconds = seconds;
    }

    /// <summary>The trained model, ready to classify or save.</summary>
    public TextClassifier Classifier { get; }

    /// <summary>Epochs of the final model (chosen by early stopping when a validation split was used).</summary>
    public int Epochs { get; }

    /// <summary>Examples the epochs were chosen on.</summary>
    public int TrainExamples { get; }

    /// <summary>Examples held out for early stopping (0 when none).</summary>
    public int ValidationExamples { get; }

    /// <summary>Validation accuracy of the members scored on the validation split, combined as the classifier combines
    /// them (NaN without validation): the models before any refit on all the data, and without a member refitted before
    /// it could be scored (the linear member, with <see cref="NGramTrainerOptions.RefitOnAllData"/>). For a multi-label
    /// model, their validation micro-F1 at the per-label thresholds, which were chosen on that same split (so it leans
    /// optimistic).</summary>
    public double ValidationAccuracy { get; }

    /// <summary>Wall-clock seconds of training, tokenization included.</summary>
    public double Seconds { get; }

    /// <summary>Rows trained on whose text repeats an earlier row's (equal ignoring case; copies left out as
    /// <see cref="SurplusCopies"/> not counted). They are trained on like any other row, and a text's copies are kept on
    /// one side of the validation split (see <see cref="Splitting.DuplicateTexts"/>).</summary>
    public int RepeatedTexts { get; init; }

    /// <summary>Rows left out as surplus copies of a repeated row, the same text and label
    /// (<see cref="RepeatedRowCounting.Sublinear"/>: a row given n times is trained on round(1 + ln n) times); 0 with
    /// <see cref="RepeatedRowCounting.Every"/>.</summary>
    public int SurplusCopies { get; init; }

    /// <summary>Training rows whose text (of at least <see cref="Splitting.ContainedTexts.MinWords"/> words) lies inside a
    /// longer training text, such as the phrases of a sentence. They are trained on like any other row, and kept on the
    /// side of the validation split where the longer text is (see <see cref="Splitting.ContainedTexts"/>); 0 when
    /// training made no validation split.</summary>
    public int TextsInsideOthers { get; init; }

    /// <summary>Training rows whose text has more than <see cref="HashedNGramOptions.MaxTokens"/> tokens (of
    /// <see cref="NGramTrainerOptions.Tokenizer"/>): only the first that many are read, in training and at prediction.</summary>
    public int TruncatedTexts { get; init; }

    /// <summary>Whether the word model trained with the supervised term weight (<see cref="TermWeighting.Supervised"/>, or
    /// <see cref="TermWeighting.Auto"/>'s choice), whether or not it stayed in the ensemble: the manifest's
    /// <c>termWeighting</c> names it only where the word model is in the bundle.</summary>
    internal bool SupervisedTermWeightKept { get; init; }

    /// <summary>Whether the word model's validation split showed the rare labels' texts mislabelled and the word model
    /// trained without part of the rare-label boost: its minimum epochs set aside (<see cref="EpochSearch.NoisyLossRise"/>)
    /// or its weights and minimum dropped (<see cref="RareLabels.LookNoisy"/>).</summary>
    internal bool RareLabelNoiseSeen { get; init; }

    /// <summary>This result with another model and time (a wrapper's: abstaining, autotune), every count kept.</summary>
    internal NGramTrainingResult With(TextClassifier classifier, double seconds) =>
        new(classifier, Epochs, TrainExamples, ValidationExamples, ValidationAccuracy, seconds)
        {
            RepeatedTexts = RepeatedTexts,
            SurplusCopies = SurplusCopies,
            TextsInsideOthers = TextsInsideOthers,
            TruncatedTexts = TruncatedTexts,
            SupervisedTermWeightKept = SupervisedTermWeightKept,
            RareLabelNoiseSeen = RareLabelNoiseSeen,
        };
}
