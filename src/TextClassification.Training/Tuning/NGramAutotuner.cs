using System.Diagnostics;
using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Encoders;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Training.Tuning;

/// <summary>
/// Searches the settings of <see cref="NGramTrainer"/> within a time budget: coordinate descent from the defaults over
/// the second model (linear on chars, SGD on chars, none), char n-grams, learning rate, word n-gram order (and
/// skip-bigrams), embedding width, pooling and bucket count, each
/// configuration scored
/// by the accuracy of the whole classifier (every ensemble member, probabilities averaged) on a stratified validation split of <see cref="TrialValidationFraction"/> of the data (the same split for
/// every trial, as the seed fixes it; larger than the trainer's default so that small differences are not noise).
/// A trial replaces the best only when it wins by more than <see cref="Margin"/> (one standard error). Passes repeat
/// until one changes nothing, the third ends or the budget is spent; the best settings then train the final model on all the data. Deterministic for a given seed, except where the budget cuts a search short.
/// </summary>
public static class NGramAutotuner
{
    /// <summary>The budget of <c>textclf train --autotune</c> when none is given.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(60);

    /// <summary>Share of the data each trial holds out to be scored on.</summary>
    public const double TrialValidationFraction = 0.2;

    // The part of the progress fraction the search fills as its budget runs; the final training fills the rest.
    private const double SearchShare = 0.9;

    private delegate NGramTrainerOptions Change(NGramTrainerOptions options);

    /// <summary>The models averaged with the word model, as <c>textclf train --second-model</c> names them:
    /// <c>linear</c>, <c>sgd</c> or <c>none</c>.</summary>
    /// <param name="options">The trainer settings to describe.</param>
    /// <returns><c>linear</c>, <c>sgd</c> or <c>none</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static string SecondModelOf(NGramTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.LinearModel is not null ? "linear" : options.EnsembleTokenizer is not null ? "sgd" : "none";
    }

    /// <summary>Tunes settings on <paramref name="examples"/> and trains the final model.</summary>
    /// <param name="examples">Labelled training data.</param>
    /// <param name="budget">Time for the search; a trial still running when it ends is abandoned. The final training
    /// on all the data runs after the search.</param>
    /// <param name="baseOptions">Where the search starts (seed, threads, class weighting and max epochs are kept). A
    /// <see cref="NGramTrainerOptions.ValidationFraction"/> of 0 is raised to the default for the final model, whose epoch
    /// count early stopping picks as it does in every trial (which hold out <see cref="TrialValidationFraction"/>). A
    /// second model a trial brings in reads text (markup, case, folds, token limit) as this one's second model does, or
    /// its first model where it has none.</param>
    /// <param name="progress">Receives a report after every trial that finishes (phase "autotune", with the validation
    /// accuracy of the settings kept so far and the trial as <see cref="TrainingProgress.Trial"/>, its own score or that it
    /// diverged; none after a trial the budget cut off),
    /// reports while a trial runs (phase "autotune", the trial under way as
    /// <see cref="TrainingProgress.Epoch"/> and its share done as <see cref="TrainingProgress.EpochShare"/>) and the final
    /// training's reports.</param>
    /// <param name="cancellationToken">Cancels the search and the training.</param>
    /// <returns>The chosen settings, every trial and the final model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> is zero or negative (other than
    /// <see cref="Timeout.InfiniteTimeSpan"/>, which sets no limit, as does a budget over about 49 days).</exception>
    /// <exception cref="ArgumentException">Multi-label options (<see cref="NGramTrainerOptions.MultiLabelDelimiter"/>): the
    /// search ranks trials by single-label accuracy, so it does not support them yet; or
    /// <see cref="TermWeighting.Supervised"/> (its pooling trial has no IDF to replace; with
    /// <see cref="TermWeighting.Auto"/>, the default, the trials train with IDF and the final model with Auto).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled (the budget
    /// running out is not an error).</exception>
    public static AutotuneResult Tune(
        IReadOnlyList<LabeledText> examples,
        TimeSpan budget,
        NGramTrainerOptions? baseOptions = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        TuneWithTrialLimit(examples, budget, baseOptions, progress, int.MaxValue, cancellationToken);

    /// <summary>As the public overload; the budget also runs out after <paramref name="maxTrials"/> trials (at least
    /// the start's) or when <paramref name="budgetEnds"/> is canceled (cutting off the trial under way as the clock
    /// would): budgets the tests can count on, where a clock on 2 busy cores cannot be.</summary>
    internal static AutotuneResult TuneWithTrialLimit(
        IReadOnlyList<LabeledText> examples,
        TimeSpan budget,
        NGramTrainerOptions? baseOptions,
        IProgress<TrainingProgress>? progress,
        int maxTrials,
        CancellationToken cancellationToken,
        CancellationToken budgetEnds = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        // Timeout.InfiniteTimeSpan (or more than a timer can count, about 49 days): no limit; the search ends when a
        // pass over every axis changes nothing, or after the third.
        bool unlimited = budget == Timeout.InfiniteTimeSpan || budget.TotalMilliseconds >= uint.MaxValue - 1.0;
        if (!unlimited)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        }
        baseOptions ??= new NGramTrainerOptions();
        baseOptions.Validate();
        if (baseOptions.MultiLabelDelimiter is not null)
        {
            throw new ArgumentException("Autotune does not support multi-label training yet.", nameof(baseOptions));
        }

        if (baseOptions.TermWeighting == TermWeighting.Supervised)
        {
            // Its pooling trial (mean) has no IDF for the supervised weight to replace.
            throw new ArgumentException("Autotune does not support NGramTrainerOptions.TermWeighting Supervised yet (Auto and Idf it does).", nameof(baseOptions));
        }

        if (baseOptions.ValidationFraction <= 0)
        {
            baseOptions = baseOptions with { ValidationFraction = new NGramTrainerOptions().ValidationFraction };
        }

        var clock = Stopwatch.StartNew();
        double searchFraction = 0;
        using var budgetSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budgetEnds);
        if (!unlimited)
        {
            budgetSource.CancelAfter(budget);
        }
        var trials = new List<AutotuneTrial>();
        var tried = new HashSet<NGramTrainerOptions>();
        NGramTrainerOptions best = baseOptions;
        double bestAccuracy = double.NaN;

        // The budget's share spent, never lower than reported before: a trial's reports raise it while it runs, and the
        // final training's bar starts where the search left it. (A trial's reports come one at a time: the trainer
        // passes them through one lock.)
        double AdvanceSearch()
        {
            searchFraction = Math.Max(searchFraction, unlimited ? 0 : SearchShare * Math.Min(1, clock.Elapsed / budget));
            return searchFraction;
        }

        bool Try(NGramTrainerOptions candidate, string change)
        {
            if (trials.Count > 0 && (trials.Count >= maxTrials || (!unlimited && clock.Elapsed >= budget)))
            {
                // Out of budget even where its timer has not fired yet (no free thread-pool thread to run it).
                budgetSource.Cancel();
                return false;
            }

            if (!tried.Add(candidate))
            {
                return false;
            }

            var trialClock = Stopwatch.StartNew();
            NGramTrainingResult result;
            try
            {
                // A trial trains with IDF (Auto's second word model would halve the trials a budget buys); the final model
                // with the weight asked for, so Auto (the default) still keeps the supervised weight where it is clearly better.
                result = NGramTrainer.Train(
                    examples,
                    candidate with { RefitOnAllData = false, ValidationFraction = TrialValidationFraction, HalveDivergedLearningRate = false, TermWeighting = TermWeighting.Idf },
                    TrialProgress.Of(progress, trials.Count + 1, change, bestAccuracy, AdvanceSearch),
                    budgetSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                trials.Add(new AutotuneTrial(candidate, change, double.NaN, 0, trialClock.Elapsed.TotalSeconds, CutOff: true));
                return false;
            }
            catch (OperationCanceledException)
            {
                // The caller's cancellation, thrown with the caller's token rather than the budget's linked one.
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
            catch (TrainingDivergedException)
            {
                // Settings this data cannot train with (a learning rate too high for it): scored as no accuracy at all.
                ReportEnd(new AutotuneTrial(candidate, change, double.NaN, 0, trialClock.Elapsed.TotalSeconds) { Diverged = true });
                return false;
            }

            var finished = new AutotuneTrial(candidate, change, result.ValidationAccuracy, result.Epochs, trialClock.Elapsed.TotalSeconds, result.ValidationExamples);
            bool better = double.IsNaN(bestAccuracy) || result.ValidationAccuracy > bestAccuracy + Margin(bestAccuracy, result.ValidationExamples);
            if (better)
            {
                best = candidate;
                bestAccuracy = result.ValidationAccuracy;
            }

            ReportEnd(finished);
            return better;
        }

        // A finished trial, reported with the kept settings' accuracy, which never goes down (a trial within the margin
        // of it does not replace them), and the trial itself: a log names the setting tried and its own score.
        void ReportEnd(AutotuneTrial finished)
        {
            trials.Add(finished);
            progress?.Report(new TrainingProgress("autotune", trials.Count, 0, AdvanceSearch(), double.NaN, bestAccuracy)
            {
                TrialChange = finished.Change,
                Trial = finished,
            });
        }

        Try(baseOptions, "start");
        // Without a score (too few texts to hold a validation split out) there is nothing to compare; settings that
        // diverged are searched from, so another learning rate can replace them.
        bool searchable = !double.IsNaN(bestAccuracy) || trials[0].Diverged;
        for (int pass = 0; searchable && pass < 3 && !budgetSource.IsCancellationRequested; pass++)
        {
            bool improved = false;
            foreach ((string name, (string Label, Change Apply)[] values) in Axes(baseOptions))
            {
                NGramTrainerOptions center = best;
                foreach ((string label, Change apply) in values)
                {
                    if (budgetSource.IsCancellationRequested)
                    {
                        break;
                    }

                    improved |= Try(apply(center), $"{name} {label}");
                }
            }

            if (!improved)
            {
                break;
            }
        }

        // Read now: the budget's timer keeps running during the final training below.
        bool budgetRanOut = budgetSource.IsCancellationRequested;
        cancellationToken.ThrowIfCancellationRequested();
        double searchSeconds = clock.Elapsed.TotalSeconds;
        // The final model is trained exactly as the trainer trains the winning settings (its own early stopping on its
        // own split, then the refit), so a search that keeps the defaults returns the default model.
        // Its progress fills what the search left of the bar, so the fraction only rises.
        NGramTrainingResult final = NGramTrainer.Train(examples, best, ProgressRange.Of(progress, searchFraction, 1), cancellationToken);

        // Axes the budget left without a single finished trial. A search that stopped because a pass changed nothing
        // (or because there was nothing to score) reached every axis it could.
        var untried = new List<string>();
        if (budgetRanOut)
        {
            foreach ((string name, _) in Axes(baseOptions))
            {
                if (!trials.Exists(trial => trial.Completed && trial.Change.StartsWith(name + " ", StringComparison.Ordinal)))
                {
                    untried.Add(name);
                }
            }
        }

        // Counted as textclf train's summary counts them: a trial the budget cut off is not one tried (it said 2 trials
        // where the summary said "1 trial and 1 cut off").
        int cutOff = AutotuneResult.CountCutOff(trials);
        TextClassifier classifier = final.Classifier;
        TrainingSection training = classifier.Training ?? new TrainingSection();
        var settings = new Dictionary<string, string>(training.Settings ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["autotune"] = "true",
            ["autotuneBudgetSeconds"] = unlimited ? "unlimited" : budget.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["autotuneSearchSeconds"] = searchSeconds.ToString("F1", CultureInfo.InvariantCulture),
            ["autotuneTrials"] = (trials.Count - cutOff).ToString(CultureInfo.InvariantCulture),
            ["wordNGrams"] = best.Tokenizer.WordNGrams.ToString(CultureInfo.InvariantCulture),
            ["skipBigrams"] = best.Tokenizer.SkipBigrams ? "true" : "false",
            ["charNGrams"] = string.Create(CultureInfo.InvariantCulture, $"{best.Tokenizer.CharNGramMin}:{best.Tokenizer.CharNGramMax}"),
            ["buckets"] = best.Tokenizer.Buckets.ToString(CultureInfo.InvariantCulture),
            ["secondModel"] = SecondModelOf(best),
        };
        if (cutOff > 0)
        {
            settings["autotuneTrialsCutOff"] = cutOff.ToString(CultureInfo.InvariantCulture);
        }

        if (untried.Count > 0)
        {
            // A search the budget cut short, as textclf train says: these axes kept the values it started from.
            settings["autotuneUntried"] = string.Join(", ", untried);
        }

        var metrics = new Dictionary<string, double>(training.Metrics ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        if (!double.IsNaN(bestAccuracy))
        {
            metrics["autotuneValidationAccuracy"] = bestAccuracy;
        }

        // Its seconds are the whole cost of the tuned model, search included (as AbstainTraining counts both of its fits),
        // in the result and in the manifest alike.
        double seconds = searchSeconds + final.Seconds;
        classifier = classifier.WithTraining(training with { Trainer = "ngram-sgd-autotune", Settings = settings, Metrics = metrics, Seconds = seconds });
        NGramTrainingResult tuned = final.With(classifier, seconds);
        return new AutotuneResult(best, bestAccuracy, trials, tuned, searchSeconds, untried);
    }

    /// <summary>
    /// How much a trial must beat the best so far to replace it: one standard error of the difference of two
    /// accuracies near <paramref name="accuracy"/> on <paramref name="examples"/> validation texts,
    /// <c>√(2·p·(1 − p) / n)</c>. Smaller differences are what another split of the same data would give; taking them
    /// fitted the validation split rather than the task on the shared datasets (test accuracy fell on 7 of 11 when any
    /// gain was accepted). So the search leaves the defaults only on clear evidence.
    /// </summary>
    /// <param name="accuracy">The validation accuracy of the best configuration so far.</param>
    /// <param name="examples">The number of validation texts.</param>
    /// <returns>The margin; 0 when there are no validation texts.</returns>
    public static double Margin(double accuracy, int examples) =>
        examples <= 0 ? 0 : Math.Sqrt(2 * accuracy * (1 - accuracy) / examples);

    /// <summary>
    /// The tokenizer of a trial's new second model: the default second model's n-grams (word n-grams, char 3–5-grams,
    /// case shapes, buckets), reading text as the caller's own second model does, or its first model where it has none:
    /// markup, letter case, accents, diacritics, Arabic and Hebrew marks, Hangul, width, symbol suffixes, unspaced
    /// scripts and the token limit. A setting the caller turned off stays off in every trial.
    /// </summary>
    internal static HashedNGramOptions SecondTokenizer(NGramTrainerOptions options)
    {
        HashedNGramOptions reading = options.LinearModel?.Tokenizer ?? options.EnsembleTokenizer ?? options.Tokenizer;
        HashedNGramOptions grams = new LinearModelOptions().Tokenizer!;
        return reading with
        {
            WordNGrams = grams.WordNGrams,
            CharNGramMin = grams.CharNGramMin,
            CharNGramMax = grams.CharNGramMax,
            Buckets = grams.Buckets,
            CaseShapes = grams.CaseShapes,
            SkipBigrams = grams.SkipBigrams,
            UnspacedRunNGrams = grams.UnspacedRunNGrams,
        };
    }

    /// <summary>
    /// <paramref name="center"/> with a new second model (a linear one, or SGD on chars), reading text as the caller's
    /// <paramref name="start"/> does (<see cref="SecondTokenizer"/>). Read from the start, not the center: a later pass
    /// searches from the best settings, which may have no second model ('none' won), and the caller's own second model's
    /// reading (a fold it turned off) had been lost then (review 41); a linear one keeps the caller's linear settings.
    /// </summary>
    internal static NGramTrainerOptions WithNewSecondModel(NGramTrainerOptions center, NGramTrainerOptions start, bool linear) =>
        linear
            ? center with { EnsembleTokenizer = null, LinearModel = (center.LinearModel ?? start.LinearModel ?? new LinearModelOptions()) with { Tokenizer = SecondTokenizer(start) } }
            : center with { EnsembleTokenizer = SecondTokenizer(start), LinearModel = null };

    // The axes in the order they are searched: the ones that moved accuracy most across the reference datasets first.
    private static IEnumerable<(string Name, (string Label, Change Apply)[] Values)> Axes(NGramTrainerOptions start)
    {
        yield return ("second model", [
            // A new second model reads text as the caller's tokenizers do (textclf train --keep-markup --autotune).
            ("linear chars", o => WithNewSecondModel(o, start, linear: true)),
            ("sgd chars", o => WithNewSecondModel(o, start, linear: false)),
            ("none", o => o with { EnsembleTokenizer = null, LinearModel = null }),
        ]);
        yield return ("char n-grams", [
            ("none", o => o with { Tokenizer = o.Tokenizer with { CharNGramMin = 0, CharNGramMax = 0 } }),
            ("3:5", o => o with { Tokenizer = o.Tokenizer with { CharNGramMin = 3, CharNGramMax = 5 } }),
            ("2:4", o => o with { Tokenizer = o.Tokenizer with { CharNGramMin = 2, CharNGramMax = 4 } }),
        ]);
        yield return ("lr", [
            ("0.25", o => o with { LearningRate = 0.25f }),
            ("0.5", o => o with { LearningRate = 0.5f }),
            ("0.1", o => o with { LearningRate = 0.1f }),
        ]);
        yield return ("word n-grams", [
            ("2", o => o with { Tokenizer = o.Tokenizer with { WordNGrams = 2, SkipBigrams = false } }),
            ("1", o => o with { Tokenizer = o.Tokenizer with { WordNGrams = 1, SkipBigrams = false } }),
            ("3", o => o with { Tokenizer = o.Tokenizer with { WordNGrams = 3, SkipBigrams = false } }),
            ("2 + skip-bigrams", o => o with { Tokenizer = o.Tokenizer with { WordNGrams = 2, SkipBigrams = true } }),
        ]);
        yield return ("dim", [
            ("64", o => o with { Dimension = 64 }),
            ("128", o => o with { Dimension = 128 }),
            ("32", o => o with { Dimension = 32 }),
        ]);
        yield return ("pooling", [
            ("tfidf", o => o with { Pooling = NGramPooling.TfIdf }),
            ("mean", o => o with { Pooling = NGramPooling.Mean }),
        ]);
        yield return ("buckets", [
            ("2M", o => o with { Tokenizer = o.Tokenizer with { Buckets = 2_000_000 } }),
            ("500k", o => o with { Tokenizer = o.Tokenizer with { Buckets = 500_000 } }),
        ]);
    }
}
