using TextClassification.Encoders;
using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>Settings of <see cref="NGramTrainer"/>, the fastText-style trainer. Defaults were chosen across all the
/// reference datasets (see docs/benchmarks.md), not for any single one.</summary>
public sealed record NGramTrainerOptions
{
    /// <summary>Tokenizer settings (word n-grams, char n-grams, buckets, truncation).</summary>
    public HashedNGramOptions Tokenizer { get; init; } = new();

    /// <summary>
    /// Tokenizer of a second SGD model trained beside the first (same settings otherwise) whose probabilities the
    /// classifier averages with the others'; null (the default) trains none. Before the linear member became the default
    /// second model this was word n-grams plus char 3–5-grams.
    /// </summary>
    public HashedNGramOptions? EnsembleTokenizer { get; init; }

    /// <summary>
    /// The linear member of the ensemble (default: on word and char 3–5-gram features, see <see cref="LinearModelOptions"/>):
    /// L2-regularised logistic regression fitted by L-BFGS, with a naive Bayes member on the same features
    /// (<see cref="LinearModelOptions.NaiveBayes"/>), whose probabilities the classifier averages with the first model's.
    /// Null leaves both out (with <see cref="EnsembleTokenizer"/> null too, one model is trained).
    /// </summary>
    public LinearModelOptions? LinearModel { get; init; } = new();

    /// <summary>Whether an SGD member whose loss overflows trains again with half the learning rate (up to three times)
    /// rather than ending the training with <see cref="TrainingDivergedException"/>; autotune's trials turn it off, so a
    /// trial is scored at the rate it names.</summary>
    internal bool HalveDivergedLearningRate { get; init; } = true;

    /// <summary>Test seam: the learning rate of the word model with the supervised term weight is this many times
    /// <see cref="LearningRate"/> (<see cref="TermWeighting.Auto"/>'s second word model, or
    /// <see cref="TermWeighting.Supervised"/>'s), so a test can make that training alone diverge. 1 changes nothing.</summary>
    internal float SupervisedLearningRateScale { get; init; } = 1;

    /// <summary>How long an epoch runs between two reports of its share done (<see cref="TrainingProgress.EpochShare"/>);
    /// tests set it to zero.</summary>
    internal TimeSpan EpochShareInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How a text's rows are pooled: by sublinear TF-IDF weights (default) or by plain mean (fastText).</summary>
    public NGramPooling Pooling { get; init; } = NGramPooling.TfIdf;

    /// <summary>Embedding width (floats in each feature row of the word model), 1 to 4,096 (default 64).</summary>
    public int Dimension { get; init; } = 64;

    /// <summary>Initial SGD learning rate, in (0, 10] (0.25 suits TF-IDF pooling; fastText's mean pooling wants about
    /// 0.5).</summary>
    public float LearningRate { get; init; } = 0.25f;

    /// <summary>Per-epoch decay while early stopping searches the epoch count: the learning rate of epoch e (from 0) is
    /// <c>LearningRate / (1 + LearningRateDecay · e)</c>, falling linearly within each epoch towards the next epoch's
    /// rate. The final run, whose length is then known, anneals linearly from <see cref="LearningRate"/> to 0. In [0, 100];
    /// 0 keeps the rate.</summary>
    public float LearningRateDecay { get; init; } = 0.5f;

    /// <summary>Most epochs (passes over the training data); at least 1.</summary>
    public int MaxEpochs { get; init; } = 30;

    /// <summary>Stop when validation loss has not improved for this many epochs; at least 1.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Share of the training data held out (stratified) for early stopping, in [0, 0.9); 0 trains
    /// <see cref="MaxEpochs"/> epochs on everything.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>After early stopping picked the epoch count, train again on all the data for that many epochs.</summary>
    public bool RefitOnAllData { get; init; } = true;

    /// <summary>
    /// When set, training is multi-label: each example's label cell holds several labels separated by this delimiter
    /// (e.g. "|"; parts are trimmed, empty parts dropped; a cell of only delimiters is a text none of the labels
    /// applies to, a negative for every label) and the model gets a sigmoid per label with per-label thresholds. Null (the default) trains a single-label (softmax) model. <see cref="ClassWeighting"/> does not apply
    /// to multi-label training.
    /// </summary>
    public string? MultiLabelDelimiter { get; init; }

    /// <summary>Class weighting of the loss.</summary>
    public ClassWeighting ClassWeighting { get; init; } = ClassWeighting.None;

    /// <summary>
    /// Whether labels with few texts get a chance against large ones (the default; single-label training). A label with
    /// 3 to 99 training texts and under a tenth of the largest label's (n texts against the largest's N) weighs
    /// min(10, (N / n)^¼) in the word model's and the linear member's loss (with <see cref="ClassWeighting.None"/>;
    /// <see cref="ClassWeighting.Balanced"/> weighs every label already), and the word model's epoch search chooses at
    /// least ⌈50 / n⌉ epochs for the smallest such label's n texts in the training split (at most
    /// <see cref="MaxEpochs"/>), unless the validation loss there stands 0.3 nats a text or more above its lowest, the
    /// mark of wrong labels being learned: then the search keeps the epoch it would have chosen without the minimum
    /// (session 44). Where the boosted word model predicts under 30 % of the rare labels' validation texts (at least
    /// 20) as their label, the mark of small labels filled with wrongly labelled texts, the word model trains again
    /// without the boost (weights and minimum epochs); the linear member keeps it (session 44). Without it such a label
    /// was rarely predicted: the word model stopped after two to four epochs and the linear member's weights for it
    /// stayed weak, and either vetoed it in the root mean. Data without such a label trains as before. The bundle's
    /// <c>boostRareLabels</c> setting is <c>true</c> (with <c>rareLabels</c> naming the labels, weights and minimum
    /// epochs, or that the word model trained unboosted) where it changed the training, <c>false</c>
    /// where it was turned off, and absent otherwise.
    /// </summary>
    public bool BoostRareLabels { get; init; } = true;

    /// <summary>
    /// Whether a single-label model's probabilities are calibrated by a temperature fitted on the validation split (the
    /// default): the <see cref="TextClassifier.Temperature"/> whose scaled validation probabilities have the least log
    /// loss, searched in [0.4, 2.5] and rounded to two decimals, on the members' validation probabilities combined as
    /// the classifier combines them (a member refitted on all the data before it could be scored, the linear member
    /// with refit on, is left out of that; where that leaves one member of several, as the word model and the refitted
    /// linear member without naive Bayes do, none is fitted). It needs at least 100 validation texts, and is kept only
    /// where it lowers their log loss (else 1); it keeps the order of each text's labels, so the answers stay the same
    /// (save two labels within a float's rounding of each other, which can come out tied). The ensemble's root mean
    /// spreads probability where its members disagree, so its confidences run below its accuracy on most data (session
    /// 47: the mean top probability 0.04–0.09 under the accuracy on five of the eleven shared sets); the temperature
    /// brings them back. Where it is not 1, the bundle records it (<c>temperature</c>,
    /// format version 15) and the training settings say what it did to the validation log loss.
    /// </summary>
    public bool FitTemperature { get; init; } = true;

    /// <summary>How rows repeating an earlier row (same text and label) count: <see cref="RepeatedRowCounting.Sublinear"/>
    /// (the default) trains on round(1 + ln n) of a row given n times; <see cref="RepeatedRowCounting.Every"/> on all.</summary>
    public RepeatedRowCounting RepeatedRows { get; init; } = RepeatedRowCounting.Sublinear;

    /// <summary>The term weight of the SGD word model's TF-IDF inputs: <see cref="TermWeighting.Auto"/> (the default: both
    /// searched on the validation split, the supervised weight kept only where it is clearly more accurate there, else IDF;
    /// only the one kept is refitted),
    /// <see cref="TermWeighting.Idf"/> or <see cref="TermWeighting.Supervised"/> (a leave-one-out label-distribution
    /// weight in the IDF's place). Applies to the word model's matrix only: the linear and naive Bayes members and a
    /// second SGD model keep the IDF. <see cref="TermWeighting.Supervised"/> needs <see cref="NGramPooling.TfIdf"/> and
    /// single-label training; <see cref="TermWeighting.Auto"/> is IDF without them (or without a validation split). The
    /// bundle's <c>termWeighting</c> setting is <c>supervised</c> where the word model kept the supervised weight and
    /// absent for IDF.</summary>
    public TermWeighting TermWeighting { get; init; } = TermWeighting.Auto;

    /// <summary>Seed of every random choice (initialisation, shuffling, split). Same seed and data → same model, whatever
    /// <see cref="Threads"/> and the machine's core count (CPUs of another SIMD vector width, AVX-512 against AVX2 or
    /// NEON, give weights that differ in their last bits).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads used to tokenize the data, to train the word model beside the linear member, and to sum the linear
    /// member's gradient (over two fixed slices of the data). None of it changes the model: SGD runs on one thread, and
    /// the gradient's slices and the order they are added in depend on the data alone. At least 1.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    /// <exception cref="ArgumentNullException"><see cref="Tokenizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tokenizer, nameof(Tokenizer));
        Tokenizer.Validate();
        EnsembleTokenizer?.Validate();
        LinearModel?.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimension, 1, nameof(Dimension));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Dimension, 4096, nameof(Dimension));
        if (!(LearningRate > 0 && LearningRate <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be in (0, 10].");
        }

        if (!(LearningRateDecay >= 0 && LearningRateDecay <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), LearningRateDecay, "Must be in [0, 100].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEpochs, 1, nameof(MaxEpochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1, nameof(Patience));
        if (!(ValidationFraction >= 0 && ValidationFraction < 0.9))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Must be in [0, 0.9).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        RequireDefined(Pooling, nameof(Pooling));
        RequireDefined(ClassWeighting, nameof(ClassWeighting));
        RequireDefined(RepeatedRows, nameof(RepeatedRows));
        RequireDefined(TermWeighting, nameof(TermWeighting));
        if (TermWeighting == TermWeighting.Supervised && (Pooling != NGramPooling.TfIdf || MultiLabelDelimiter is not null))
        {
            throw new ArgumentOutOfRangeException(
                nameof(TermWeighting),
                TermWeighting,
                "A supervised term weight replaces the IDF of TF-IDF pooling in single-label training: it needs Pooling TfIdf and no MultiLabelDelimiter.");
        }
        if (MultiLabelDelimiter is not null && !Data.LabelSet.IsValidDelimiter(MultiLabelDelimiter))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MultiLabelDelimiter),
                MultiLabelDelimiter,
                "Must be null (single-label) or non-empty printable text: a label set is written on one line, so no line break, tab or other control character.");
        }
    }

    /// <summary>These options with <paramref name="change"/> applied to every tokenizer they hold, none added: a left-out
    /// linear member stays out, and one that shares the word model's features (a null tokenizer) keeps sharing them.
    /// For settings every member should read alike (<c>textclf train --keep-markup</c>, <c>compare --no-…</c>).</summary>
    internal NGramTrainerOptions WithEveryTokenizer(Func<HashedNGramOptions, HashedNGramOptions> change) => this with
    {
        Tokenizer = change(Tokenizer),
        EnsembleTokenizer = EnsembleTokenizer is { } ensemble ? change(ensemble) : null,
        LinearModel = LinearModel is { Tokenizer: { } own } withOwn ? withOwn with { Tokenizer = change(own) } : LinearModel,
    };

    private static void RequireDefined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }
}
