namespace TextClassification.Training.Trainers;

/// <summary>A progress report of a training run.</summary>
/// <param name="Phase">What runs: "grouping repeated texts" (copies and texts inside longer ones, kept on one side of the
/// validation split; once, before the members start), "tokenizing", "training" (the word model's epochs), "refitting" (its run on all the
/// data), "linear" (the linear member's L-BFGS; <paramref name="Epoch"/> counts iterations) or "done"; a sentence with
/// <paramref name="Epoch"/> 0 where the word model's epochs start again (<see cref="TermWeighting.Auto"/>'s second search,
/// "searching the epochs again with the supervised term weight …", a rare-label boost dropped, a learning rate halved, a
/// refit thrown about at the annealed rate restarted with the search's decaying one); "autotune"
/// after each trial of <see cref="Tuning.NGramAutotuner"/> (<paramref name="Epoch"/> counts trials, <paramref name="MaxEpochs"/>
/// is 0 as the budget, not a count, ends the search, <paramref name="ValidationAccuracy"/> is the kept settings'), and while a
/// trial runs (<paramref name="Epoch"/> the trial under way, <see cref="EpochShare"/> its share done); "embedding k/n texts" for an encoder head; prefixed
/// "calibration model: " while <see cref="Tuning.AbstainTraining"/> trains its held-out model.</param>
/// <param name="Epoch">Epochs (or iterations, or trials) completed in this phase.</param>
/// <param name="MaxEpochs">Most epochs this phase may run.</param>
/// <param name="Fraction">Overall completion in [0, 1] (an estimate while early stopping may cut training short). Over
/// one n-gram training (<see cref="NGramTrainer"/>, and <see cref="Tuning.AbstainTraining"/> and
/// <see cref="Tuning.NGramAutotuner"/> around it) it never decreases and the "done" report has 1: where part of the
/// training runs again from its start (a learning rate halved, the word model's epochs searched again without the
/// rare-label boost) the fraction holds until the new run passes it. That is the order of the
/// <see cref="IProgress{T}.Report"/> calls: a <see cref="Progress{T}"/> posts each to its synchronization context (the
/// thread pool without one), where handlers can run out of that order (<see cref="NGramTrainer.Train"/>'s
/// progress). Over <see cref="EncoderHeadTrainer.Train"/> it goes from 0 to 1 once: the "embedding k/n texts" reports
/// take the share of the run the embedding is estimated to take (see its progress parameter), the "training" epochs the
/// rest, and its "done" report has 1 (early stopping can end the epochs before they reach it).</param>
/// <param name="TrainLoss">Mean training loss of the last epoch (NaN before the first).</param>
/// <param name="ValidationAccuracy">Validation accuracy after the last epoch (NaN without validation); for multi-label
/// training (<see cref="MultiLabel"/>) the validation micro-F1 with thresholds at 0.5.</param>
public readonly record struct TrainingProgress(string Phase, int Epoch, int MaxEpochs, double Fraction, double TrainLoss, double ValidationAccuracy)
{
    /// <summary>Set while a long epoch of the "training" or "refitting" phase runs (reported about once a second once
    /// it has run a second): the share of that epoch done, <see cref="Epoch"/> being the epoch under way and
    /// <see cref="TrainLoss"/> and <see cref="ValidationAccuracy"/> NaN. Set too while an "autotune" trial runs: the
    /// share of that trial done, <see cref="Epoch"/> being the trial under way. Null for the report at an epoch's or a
    /// trial's end.</summary>
    public double? EpochShare { get; init; }

    /// <summary>True when the report comes from multi-label training, so <see cref="ValidationAccuracy"/> is a micro-F1.</summary>
    public bool MultiLabel { get; init; }

    /// <summary>Which model of an ensemble trained side by side the report is about: "word model", "second model" (the
    /// SGD model of <see cref="NGramTrainerOptions.EnsembleTokenizer"/>), "linear member" (logistic regression and naive
    /// Bayes on char n-grams, or what stands in their place) or, for multi-label training, "char model" (the SGD model
    /// on the linear member's features); null when one model trains.</summary>
    public string? Model { get; init; }

    /// <summary>For an "autotune" report: what the trial changes from the settings kept when it started ("start" for
    /// the first trial, then e.g. "lr 0.5" or "dim 50": <see cref="Tuning.AutotuneTrial.Change"/>); null for every other
    /// phase.</summary>
    public string? TrialChange { get; init; }

    /// <summary>For the "autotune" report at a trial's end: the trial, with its own validation accuracy
    /// (<see cref="ValidationAccuracy"/> is the kept settings'), or marked <see cref="Tuning.AutotuneTrial.Diverged"/>;
    /// null while a trial runs (<see cref="EpochShare"/> set) and for every other phase. A trial the time budget cut
    /// off ends the search with no report of its own.</summary>
    public Tuning.AutotuneTrial? Trial { get; init; }
}
