using System.Diagnostics;
using System.Globalization;
using TextClassification.Bundles;
using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Splitting;

namespace TextClassification.Training.Trainers;

/// <summary>
/// Trains the fastText-style model: hashed word (and optionally char) n-grams → embedding bag → TF-IDF or mean pooling →
/// linear head → softmax, by SGD with a decaying learning rate. A stratified validation split picks the number of epochs
/// (early stopping), then the model is trained again on all the data for that many epochs. By default a logistic
/// regression member and a naive Bayes member on word and char n-grams (<see cref="NGramTrainerOptions.LinearModel"/>)
/// are trained beside it and the classifier combines the members' probabilities by their root mean
/// (<see cref="EnsembleCombination.RootMean"/>); <see cref="NGramTrainerOptions.EnsembleTokenizer"/> adds a second SGD
/// model instead. Deterministic: a seed gives the same model whatever the thread count (on CPUs of one vector width).
/// With <see cref="NGramTrainerOptions.MultiLabelDelimiter"/> set, each example's label cell holds several labels and
/// the head is one-vs-all (a sigmoid per label, binary cross-entropy); early stopping then follows validation micro-F1,
/// and every label's decision threshold is chosen for its F1 on the validation split, from the probabilities of the
/// models before the refit on all data.
/// </summary>
public static class NGramTrainer
{
    /// <summary>Trains a classifier on labelled examples.</summary>
    /// <param name="examples">The labelled texts (line numbers are used in error messages).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Receives reports while the members train (<see cref="TrainingProgress"/>). Members train
    /// side by side on two threads, so reports come from either, one call at a time (<see cref="Progress{T}"/> then runs
    /// its callbacks on its own schedule);
    /// <see cref="TrainingProgress.Model"/> names the member; <see cref="TrainingProgress.Fraction"/> never decreases
    /// from one call to the next and is 1 in the last call ("done"). A <see cref="Progress{T}"/> without a
    /// synchronization context runs its handler on the thread pool, where the handlers of calls close together may run
    /// at once and out of order: such a handler can see the fraction go back, or "done" before the last epochs, so one
    /// that needs the order keeps the highest fraction it has seen, or the caller passes an
    /// <see cref="IProgress{T}"/> that handles each call as it is made.</param>
    /// <param name="cancellationToken">Stops training between epochs and iterations.</param>
    /// <returns>The trained classifier with the epochs run and the validation accuracy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of
    /// range.</exception>
    /// <exception cref="ArgumentException">No examples, an example without a label, or fewer than two labels (for
    /// multi-label training one label is enough when some texts have none).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite (a learning rate too high for the
    /// data).</exception>
    public static NGramTrainingResult Train(
        IReadOnlyList<LabeledText> examples,
        NGramTrainerOptions? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        TrainCore(examples, options, progress, trimmedCopies: null, cancellationToken);

    /// <summary><see cref="Train(IReadOnlyList{LabeledText}, NGramTrainerOptions?, IProgress{TrainingProgress}?, CancellationToken)"/>
    /// for a caller that left out the surplus copies itself (<see cref="CopyTrimming"/>, before a split of its own):
    /// <paramref name="trimmedCopies"/> says how many, and the rows are not trimmed again (a second trim would count a
    /// row given n times round(1 + ln round(1 + ln n)) times). Null trims as <see cref="NGramTrainerOptions.RepeatedRows"/>
    /// says.</summary>
    internal static NGramTrainingResult TrainCore(
        IReadOnlyList<LabeledText> examples,
        NGramTrainerOptions? options,
        IProgress<TrainingProgress>? progress,
        int? trimmedCopies,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new NGramTrainerOptions();
        options.Validate();
        // One rising fraction for the whole run: a member trained again (a halved learning rate, a search without the
        // rare-label boost) starts its fractions over, and the caller's bar stepped back.
        progress = MonotoneProgress.Of(progress);
        var clock = Stopwatch.StartNew();
        int surplusCopies = trimmedCopies ?? 0;
        if (trimmedCopies is null)
        {
            examples = CopyTrimming.ForTraining(examples, options, out surplusCopies, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();

        int[][]? labelSets = null;
        string[] labels;
        int[] targets;
        if (options.MultiLabelDelimiter is { } delimiter)
        {
            (labels, targets, labelSets) = TrainingLabels.EncodeSets(examples, delimiter);
        }
        else
        {
            (labels, targets) = TrainingLabels.Encode(examples);
        }

        var texts = new string[examples.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = examples[i].Text;
        }

        // One validation split for every member (the same seed, fraction and targets), so their validation probabilities
        // line up and can be averaged. Copies of a text stay on one side: a validation text whose copy was trained on
        // would reward memorising, which picks too many epochs and too little smoothing (on a set of three copies of
        // each text the word model ran all 30 epochs, twice). So do texts found inside a longer training text (SST-2's
        // phrases of its sentences): on held-out phrases whose sentences were trained on, memorising looks like skill.
        // Said before it runs: on two million texts this grouping takes 13 s, which passed without a line (an outside user).
        progress?.Report(new TrainingProgress("grouping repeated texts", 0, options.MaxEpochs, 0, double.NaN, double.NaN));
        int[] leaders = DuplicateTexts.Leaders(texts, cancellationToken);
        int inside = 0;
        (int[] Train, int[] Validation)? split = options.ValidationFraction > 0 && targets.Length >= 20
            ? StratifiedSplitter.Split(targets, labels.Length + (labelSets is null ? 0 : 1), options.ValidationFraction, options.Seed, ContainedTexts.Leaders(texts, leaders, out inside, cancellationToken))
            : null;
        if (split is { Validation.Length: 0 })
        {
            // Every label's rows are copies of one text: nothing to validate on, so train as without a split.
            split = null;
        }

        HashedNGramOptions? second = options.EnsembleTokenizer == options.Tokenizer ? null : options.EnsembleTokenizer;
        LinearModelOptions? linear = options.LinearModel;
        bool linearSharesFirst = linear is not null && (linear.Tokenizer is null || linear.Tokenizer == options.Tokenizer);

        // A linear member on the first model's features is added where it can be fitted (single-label only). One on
        // features of its own is replaced where it cannot: past LinearModelOptions.MaxWeights by the naive Bayes member
        // alone (single-label, where it applies), else (multi-label) by an SGD model on them, so the ensemble
        // keeps its char n-gram model either way.
        bool linearOnFirst = linearSharesFirst && labelSets is null;
        bool linearOnOwn = linear is not null && !linearSharesFirst;
        int parts = 1 + (second is null ? 0 : 1) + (linearOnFirst || linearOnOwn ? 1 : 0);
        // Multi-label, an SGD model trains in the linear member's place on its features.
        string linearName = labelSets is null ? "linear member" : "char model";
        string[] partNames = second is null ? ["word model", linearName] : linearOnFirst || linearOnOwn ? ["word model", "second model", linearName] : ["word model", "second model"];
        var combined = progress is null || parts == 1 ? null : new CombinedProgress(progress, partNames);
        IProgress<TrainingProgress>? ProgressOf(int slot) => combined is null ? progress : combined.For(slot);

        // The closing report of the linear member's slot where no fit of its own reports to its end.
        static void LinearSlotDone(IProgress<TrainingProgress>? slot, string phase) =>
            slot?.Report(new TrainingProgress(phase, 0, 0, 1, double.NaN, double.NaN));

        // The members are independent. The first lane trains the word model (then the linear member when it shares the
        // word model's features); the second lane trains the others. Each model's SGD is single-threaded, so the result
        // does not depend on the schedule.
        bool twoLanes = second is not null || linearOnOwn;
        int threadsEach = twoLanes ? Math.Max(1, options.Threads / 2) : options.Threads;
        NGramTrainerOptions each = options with { Threads = threadsEach };
        MemberResult? linearResult = null;
        double? linearC = null;
        MemberResult? naiveBayesResult = null;
        NaiveBayesTrainer.Choice? naiveBayesChoice = null;
        // Set when naive Bayes would stand alone in the linear member's place but its table is past
        // LinearModelOptions.MaxNaiveBayesWeights (the SGD model on those features trains instead).
        bool naiveBayesTooLarge = false;
        // Set to the weights the linear member would need when they pass LinearModelOptions.MaxWeights (single-label,
        // features of its own): naive Bayes or an SGD model stands in its place.
        long linearTooLarge = 0;
        // Set where the member with features of its own learned from a sample of the training texts (LinearLane).
        LinearLane? linearSample = null;
        // The lanes' token: with two lanes, also canceled when either lane fails (below).
        CancellationToken lane = cancellationToken;
        // Whether the word model kept the supervised weight, where it trained with it (single-label, TF-IDF): null for IDF alone.
        bool? supervisedKept = null;
        MemberResult TrainFirst()
        {
            (HashedNGramFeaturizer featurizer, FeatureMatrix matrix) = Features(texts, options.Tokenizer, each, ProgressOf(0), lane);
            // Auto (the default) chooses where it can: a validation split to choose on, and an IDF to replace (TF-IDF pooling,
            // single-label). Elsewhere it is IDF.
            MemberResult result;
            if (options.TermWeighting == TermWeighting.Auto && split is { } toChooseOn && options.Pooling == NGramPooling.TfIdf && labelSets is null)
            {
                result = TrainAutoWordModel(targets, labels.Length, toChooseOn, each, featurizer, matrix, ProgressOf(0), out bool kept, lane);
                supervisedKept = kept;
            }
            else if (options.TermWeighting == TermWeighting.Supervised)
            {
                // The word model's copy of the matrix; the linear and naive Bayes members below keep the IDF one.
                FeatureMatrix supervised = SupervisedTermWeights.Apply(matrix, targets, labels.Length, split?.Train ?? IndexRange.All(targets.Length), lane);
                result = new SgdMember(targets, labelSets, labels.Length, split, WithSupervisedRate(each), featurizer, supervised, lane) { GuardsRareBoost = true }.Train(ProgressOf(0));
                supervisedKept = true;
            }
            else
            {
                // IDF, or Auto without a validation split or an IDF to choose on.
                result = new SgdMember(targets, labelSets, labels.Length, split, each, featurizer, matrix, lane) { GuardsRareBoost = true }.Train(ProgressOf(0));
            }

            if (linearOnFirst && MemberWeights(matrix, labels.Length) <= linear!.MaxWeights)
            {
                NaiveBayesFit? naiveBayes = FitNaiveBayes(matrix, targets, labels.Length, split, linear!, options.RefitOnAllData, lane);
                // The linear member keeps the rare-label weights where the word model dropped them (RareLabels.LookNoisy).
                float[] linearWeights = result.RareBoostDropped ? LossWeights(targets, labels.Length, each) : result.ClassWeights;
                linearResult = TrainLinear(LinearInputs.Of(result) with { Matrix = matrix, ClassWeights = linearWeights }, texts, targets, labels.Length, linear!, options.RefitOnAllData, threadsEach, ProgressOf(parts - 1), out double firstC, lane);
                linearC = firstC;
                naiveBayesResult = naiveBayes?.Build(linearResult.Value.Model, matrix, labels.Length);
                naiveBayesChoice = naiveBayes?.Choice;
            }
            else if (linearOnFirst)
            {
                // Left out for size: its share of the bar is full, not held at zero until "done" (review 51e).
                LinearSlotDone(ProgressOf(parts - 1), "linear member left out");
            }

            return result;
        }

        MemberResult? TrainSecond()
        {
            MemberResult? result = null;
            (HashedNGramFeaturizer Featurizer, FeatureMatrix Matrix)? secondFeatures = null;
            if (second is not null)
            {
                secondFeatures = Features(texts, second, each, ProgressOf(1), lane);
                result = new SgdMember(targets, labelSets, labels.Length, split, each, secondFeatures.Value.Featurizer, secondFeatures.Value.Matrix, lane).Train(ProgressOf(1));
            }

            if (linearOnOwn)
            {
                IProgress<TrainingProgress>? slot = ProgressOf(parts - 1);
                // Its own features of long texts can pass LinearModelOptions.MaxEntries: then it learns from a sample of
                // the training texts (LinearLane), and every validation text, last and in the split's order.
                LinearLane data = linear!.Tokenizer == second
                    ? LinearLane.All(texts, targets, labelSets, split)
                    : LinearLane.Choose(texts, targets, labelSets, labels.Length + (labelSets is null ? 0 : 1), split, linear.Tokenizer!, options.Pooling, linear.MaxEntries, options.Seed, lane);
                linearSample = data.Sampled ? data : null;
                (HashedNGramFeaturizer featurizer, FeatureMatrix matrix) = linear.Tokenizer == second
                    ? secondFeatures!.Value
                    : Features(data.Texts, linear.Tokenizer!, each, slot, lane);
                long weights = MemberWeights(matrix, labels.Length);
                bool fits = labelSets is null && weights <= linear.MaxWeights;
                linearTooLarge = labelSets is null && !fits ? weights : 0;
                naiveBayesTooLarge = !fits && labelSets is null && linear.NaiveBayes && NaiveBayesApplies(data.Split, matrix) && !NaiveBayesFits(matrix, labels.Length, linear);
                if (fits)
                {
                    // Naive Bayes first: it is single-threaded, so it runs while the word model still holds the other core.
                    // The linear member's gradient is summed over two fixed slices of the data, by up to two threads: it
                    // gets the first lane's core too once the word model is done (the same bits for any thread count).
                    NaiveBayesFit? naiveBayes = FitNaiveBayes(matrix, data.Targets, labels.Length, data.Split, linear, options.RefitOnAllData, lane);
                    linearResult = TrainLinear(LinearInputs.For(featurizer, matrix, data.Targets, labels.Length, data.Split, each), data.Texts, data.Targets, labels.Length, linear, options.RefitOnAllData, options.Threads, slot, out double ownC, lane);
                    linearC = ownC;
                    naiveBayesResult = naiveBayes?.Build(linearResult.Value.Model, matrix, labels.Length);
                    naiveBayesChoice = naiveBayes?.Choice;
                }
                else if (labelSets is null && FitNaiveBayes(matrix, data.Targets, labels.Length, data.Split, linear, options.RefitOnAllData, lane) is { } naiveBayes)
                {
                    // Too many weights for L-BFGS: naive Bayes alone keeps the char n-grams in the ensemble. It needs no
                    // optimiser memory and one counting pass, where an SGD model on these features would train for
                    // several times longer (docs/benchmarks.md, "Session 10").
                    naiveBayesResult = naiveBayes.BuildAlone(featurizer, matrix, labels.Length);
                    naiveBayesChoice = naiveBayes.Choice;
                    // Naive Bayes reports nothing as it counts: without this its share of the bar (half of it) stayed
                    // empty until "done" (review 51e: 175k texts of 143 labels sat at 0.50 or less for 35 s).
                    LinearSlotDone(slot, "naive Bayes fitted");
                }
                else if (linear.Tokenizer != second)
                {
                    linearResult = new SgdMember(data.Targets, data.LabelSets, labels.Length, data.Split, each, featurizer, matrix, lane).Train(slot);
                }
                else
                {
                    LinearSlotDone(slot, "linear member left out");
                }
            }

            return result;
        }

        MemberResult primary;
        MemberResult? secondary;
        if (twoLanes && options.Threads >= 2)
        {
            using var lanes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            lane = lanes.Token;
            Task<MemberResult?> other = Task.Run(
                () =>
                {
                    try
                    {
                        return TrainSecond();
                    }
                    catch
                    {
                        // Its failure stops the word model now, instead of surfacing only once the word model is done.
                        lanes.Cancel();
                        throw;
                    }
                },
                lane);
            try
            {
                primary = TrainFirst();
            }
            catch
            {
                // One lane failed (a training that diverged, a cancellation, or the other lane's failure, which canceled
                // this one): stop the other instead of leaving it to hold a core for a model nobody gets, and wait for
                // it, so nothing of this call runs on after it returns.
                lanes.Cancel();
                _ = Task.WhenAny(other).GetAwaiter().GetResult();
                if (other.IsFaulted && !cancellationToken.IsCancellationRequested)
                {
                    // The other lane failed first: its exception is the one to report.
                    other.GetAwaiter().GetResult();
                }

                _ = other.Exception; // observed here, so it is not reported as unobserved later
                // A cancellation by the caller carries the caller's token, not the lanes' linked one, so a task running
                // this training ends Canceled and `when (e.CancellationToken == token)` filters see it as theirs.
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }

            try
            {
                secondary = other.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
        }
        else
        {
            primary = TrainFirst();
            secondary = TrainSecond();
        }

        var members = new List<NGramModel>(4) { primary.Model };
        var validationScores = new List<float[]>(4);
        foreach (MemberResult? member in (ReadOnlySpan<MemberResult?>)[primary, secondary, linearResult, naiveBayesResult])
        {
            if (member is { } result)
            {
                if (!ReferenceEquals(result.Model, primary.Model))
                {
                    members.Add(result.Model);
                }

                if (result.ValidationScores is { } scores)
                {
                    validationScores.Add(scores);
                }
            }
        }

        // A word model under half as accurate on validation as another member has learned next to nothing (thousands
        // of labels with a few texts each can leave it near uniform); in the root mean it would only flatten every
        // probability the other members give (top scores of 0.5 for texts the others are sure of), so it is left out.
        bool wordModelDropped = labelSets is null && primary.ValidationScores is not null
            && primary.ValidationAccuracy < WeakMemberShare * BestOtherValidationAccuracy(validationScores, primary.ValidationScores, labels.Length, targets, primary.ValidationIndices);
        if (wordModelDropped)
        {
            members.Remove(primary.Model);
            validationScores.Remove(primary.ValidationScores!);
        }

        // Validation is judged (and multi-label thresholds are chosen) on the members' validation probabilities combined
        // as the classifier combines them (the root mean for a single-label ensemble, the mean for multi-label), from the
        // models before any refit. A member refitted on all the data before it could be scored (the linear member with
        // refit on) is left out of it.
        EnsembleCombination combination = labelSets is null && members.Count > 1 ? EnsembleCombination.RootMean : EnsembleCombination.Mean;
        float[]? averaged = ValidationScores.Combine(validationScores, combination, labels.Length);
        double validationAccuracy = primary.ValidationAccuracy;
        if (labelSets is null && averaged is not null && (validationScores.Count > 1 || wordModelDropped))
        {
            validationAccuracy = ValidationScores.Accuracy(averaged, labels.Length, targets, primary.ValidationIndices);
        }

        // Not on one member's validation probabilities for a classifier that combines several (the word model and the
        // refitted linear member without naive Bayes; a dropped word model): a root mean is softer than any one of its
        // members, so a temperature fitted on one member over-softened the ensemble (review 47: compare --no-naive-bayes,
        // seeds 42 and 1, mean ECE 0.026 -> 0.065 and 0.029 -> 0.066, worse on 11 and 9 of the 11 shared sets).
        bool fitSeesTheCombination = validationScores.Count > 1 || members.Count == 1;
        TemperatureFit.Result? fitted = labelSets is null && averaged is not null && options.FitTemperature && fitSeesTheCombination
            ? TemperatureFit.Fit(averaged, labels.Length, targets, primary.ValidationIndices, cancellationToken)
            : null;
        float temperature = fitted?.Temperature ?? 1f;

        float[]? thresholds = null;
        if (labelSets is not null)
        {
            if (averaged is not null)
            {
                int[][] validationSets = new int[primary.ValidationIndices.Length][];
                for (int k = 0; k < validationSets.Length; k++)
                {
                    validationSets[k] = labelSets[primary.ValidationIndices[k]];
                }

                thresholds = MultiLabelThresholds.Choose(averaged, labels.Length, validationSets);
                // The micro-F1 of the model as saved (the members combined, at its thresholds), not the word model's
                // alone at 0.5, which every second-model choice reported alike (an outside user).
                validationAccuracy = MultiLabelThresholds.MicroF1(averaged, labels.Length, validationSets, thresholds);
            }
            else
            {
                thresholds = new float[labels.Length];
                Array.Fill(thresholds, MultiLabelThresholds.Default);
            }
        }

        clock.Stop();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!double.IsNaN(validationAccuracy))
        {
            metrics[labelSets is null ? "validationAccuracy" : "validationMicroF1"] = validationAccuracy;
        }

        Dictionary<string, string> settings = TrainingSettings.Describe(options, primary.Epochs);
        var lowered = new List<string>(3);
        var decayed = new List<string>(3);
        foreach ((MemberResult? member, string name) in new[] { ((MemberResult?)primary, "word model"), (secondary, "second model"), (linearResult, linearName) })
        {
            if (member?.LoweredLearningRate is { } rate)
            {
                lowered.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {rate}"));
            }

            if (member?.RefitDecayed == true)
            {
                decayed.Add(name);
            }
        }

        if (decayed.Count > 0)
        {
            settings[RefitScheduleSetting] = $"{string.Join(", ", decayed)}: decaying (the annealed run's loss rose above its first epoch's)";
        }

        if (lowered.Count > 0)
        {
            settings[LearningRateLoweredSetting] = $"{string.Join(", ", lowered)}: the loss overflowed at higher learning rates";
        }

        if (supervisedKept == true && !wordModelDropped)
        {
            // Recorded where the word model's weight is not IDF only, so an IDF model's manifest is the same whatever was asked;
            // and only where the word model is in the bundle: the other members keep the IDF, so a bundle without it holds
            // no supervised weight (wordModel says it was left out).
            settings[TermWeightingSetting] = TermWeightingSupervised;
            if (options.TermWeighting == TermWeighting.Auto)
            {
                settings[TermWeightingRequestedSetting] = "auto";
            }
        }

        // The rare-label boost where it changed the training (or was turned off), so the manifest of data without a rare
        // label (or multi-label data, which it leaves alone) is the same as before the option.
        if (!options.BoostRareLabels)
        {
            settings[BoostRareLabelsSetting] = "false";
        }
        else if (labelSets is null
            && RareLabels.Describe(labels, targets, split?.Train, options.ClassWeighting == ClassWeighting.None, options.MaxEpochs, primary.RareMinimumSetAside ? primary.Epochs : null, primary.RareBoostDropped) is { } rare)
        {
            settings[BoostRareLabelsSetting] = "true";
            settings[RareLabelsSetting] = rare;
        }

        if (wordModelDropped)
        {
            settings[WordModelSetting] = "left out: under half as accurate on validation as another member";
        }

        if (linearTooLarge > 0)
        {
            string standsIn = naiveBayesResult is not null ? "naive Bayes on its features stands in its place"
                : linear!.Tokenizer == second ? "the second model already reads its features"
                : "an SGD model on its features stands in its place";
            settings[LinearModelLeftOutSetting] = string.Create(
                CultureInfo.InvariantCulture,
                $"left out: {linearTooLarge} weights (features × labels, plus labels²) would pass LinearModelOptions.MaxWeights ({linear!.MaxWeights}); {standsIn}");
        }

        if (linearSample is { } sample)
        {
            int sampled = sample.Split?.Train.Length ?? sample.Texts.Length;
            int validation = sample.Split?.Validation.Length ?? 0;
            settings[LinearModelSampleSetting] = string.Create(
                CultureInfo.InvariantCulture,
                $"{sampled} of {sample.SampledFrom} training texts{(validation > 0 ? $" and all {validation} validation texts" : "")}: their features (about {sample.EstimatedEntries} entries in all) would pass LinearModelOptions.MaxEntries ({linear!.MaxEntries}); the word model read them all");
        }

        if (naiveBayesTooLarge)
        {
            settings[NaiveBayesSetting] = string.Create(
                CultureInfo.InvariantCulture,
                $"left out: its table (features × labels, plus labels²) would pass LinearModelOptions.MaxNaiveBayesWeights ({linear!.MaxNaiveBayesWeights})");
        }

        if (naiveBayesChoice is { } chosen)
        {
            // What the naive Bayes member's validation search chose, so a bundle says how its member was made; without
            // a validation split, that these are the defaults.
            settings[NaiveBayesSmoothingSetting] = chosen.Alpha.ToString(CultureInfo.InvariantCulture);
            if (chosen.ValidationScores is null)
            {
                settings[NaiveBayesDefaultsSetting] = "no validation split to choose on: the default smoothing, temperature and inputs";
            }

            settings[NaiveBayesTemperatureSetting] = chosen.Temperature.ToString("G6", CultureInfo.InvariantCulture);
            settings[NaiveBayesWeightingSetting] = chosen.Weighting == NaiveBayesWeighting.TermFrequency ? NaiveBayesTermFrequency : NaiveBayesPooled;
        }

        if (linearC is { } fittedC)
        {
            // C as fitted: LinearModelOptions.C, raised for small data (LinearModelOptions.SmallDataTexts).
            settings[LinearCSetting] = fittedC.ToString("G6", CultureInfo.InvariantCulture);
        }

        if (!options.FitTemperature && labelSets is null)
        {
            // Turned off: a bundle at temperature 1 otherwise reads alike whether it was asked for or its data was too
            // small (a multi-label model has none to turn off).
            settings[FitTemperatureSetting] = "false";
        }

        if (fitted is { Temperature: not 1f } fit)
        {
            settings[TemperatureSetting] = string.Create(
                CultureInfo.InvariantCulture,
                $"{fit.Temperature}: fitted on {primary.ValidationIndices.Length} validation texts, log loss {fit.LogLossBefore:0.0000} → {fit.LogLossAfter:0.0000}");
        }

        if (options.MultiLabelDelimiter is { } recordedDelimiter)
        {
            settings[MultiLabelDelimiterSetting] = recordedDelimiter;
        }

        // The seconds too (docs/usage.md promises training.seconds): only the CLI had added them, so a bundle trained in code
        // had none, and eval of it reported trainSeconds null.
        double seconds = clock.Elapsed.TotalSeconds;
        var training = new TrainingSection
        {
            Trainer = "ngram-sgd",
            Settings = settings,
            Metrics = metrics.Count == 0 ? null : metrics,
            TrainedAt = DateTimeOffset.UtcNow,
            Seconds = seconds,
        };
        var classifier = new TextClassifier(labels, [.. members], training, abstain: null, thresholds, combination, temperature);
        progress?.Report(new TrainingProgress("done", primary.Epochs, primary.Epochs, 1, double.NaN, validationAccuracy) { MultiLabel = labelSets is not null });
        int repeated = leaders.Length - ContainedTexts.GroupCount(leaders);
        return new NGramTrainingResult(classifier, primary.Epochs, primary.TrainExamples, primary.ValidationExamples, validationAccuracy, seconds)
        {
            RepeatedTexts = repeated,
            SurplusCopies = surplusCopies,
            TextsInsideOthers = inside,
            TruncatedTexts = CountTruncated(texts, options.Tokenizer),
            SupervisedTermWeightKept = supervisedKept == true,
            RareLabelNoiseSeen = labelSets is null && (primary.RareMinimumSetAside || primary.RareBoostDropped),
        };
    }

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that records the label delimiter of a multi-label model,
    /// so evaluation can split test labels the same way.</summary>
    public const string MultiLabelDelimiterSetting = "multiLabelDelimiter";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that names the SGD members trained with a lower learning
    /// rate than <c>learningRate</c> (halved until their loss stayed finite, at most three times) and the rate each
    /// trained with; absent when every member trained at the rate given.</summary>
    public const string LearningRateLoweredSetting = "learningRateLowered";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that names the SGD members whose final run on all the data
    /// trained with the epoch search's decaying learning rate instead of the annealed one (linear to 0), the annealed
    /// run's mean loss having risen above its first epoch's; absent when every member's final run was annealed.</summary>
    public const string RefitScheduleSetting = "refitSchedule";

    /// <summary>Manifest setting: <c>true</c> where <see cref="NGramTrainerOptions.BoostRareLabels"/> changed the
    /// training (single-label data with a rare label; <see cref="RareLabelsSetting"/> says how), <c>false</c> where it
    /// was turned off; absent where it changed nothing.</summary>
    public const string BoostRareLabelsSetting = "boostRareLabels";

    /// <summary>Manifest setting: the rare labels the boost raised (their texts, and their loss weight where
    /// <see cref="NGramTrainerOptions.ClassWeighting"/> is <see cref="ClassWeighting.None"/>) and the SGD models'
    /// minimum epoch count, or that the word model trained unboosted (<see cref="RareLabels.LookNoisy"/>); present with
    /// <see cref="BoostRareLabelsSetting"/> <c>true</c>.</summary>
    public const string RareLabelsSetting = "rareLabels";

    /// <summary>Manifest setting: the word model's term weight, <c>supervised</c>; present only where the word model kept
    /// the supervised weight (absent = IDF, whatever <see cref="NGramTrainerOptions.TermWeighting"/> asked for).</summary>
    public const string TermWeightingSetting = "termWeighting";

    /// <summary>Manifest setting: <c>auto</c> where <see cref="TermWeighting.Auto"/> chose the supervised weight.</summary>
    public const string TermWeightingRequestedSetting = "termWeightingRequested";

    /// <summary>Value of <see cref="TermWeightingSetting"/>: the inverse document frequency. Written by session 41's
    /// builds where <see cref="TermWeighting.Auto"/> or <see cref="TermWeighting.Idf"/> was asked for; no longer written
    /// (an IDF model records no term weight).</summary>
    public const string TermWeightingIdf = "idf";

    /// <summary>Value of <see cref="TermWeightingSetting"/>: the supervised (leave-one-out KL) weight.</summary>
    public const string TermWeightingSupervised = "supervised";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that says the word model was left out of the ensemble
    /// (absent when it is a member): it was under half as accurate on the validation split as another member.</summary>
    public const string WordModelSetting = "wordModel";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that says the linear member (logistic regression on
    /// features of its own) was left out because its weights would pass <see cref="LinearModelOptions.MaxWeights"/>, and
    /// what stands in its place; absent otherwise (<c>linearModel</c> describes the member as configured).</summary>
    public const string LinearModelLeftOutSetting = "linearModelLeftOut";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that says the members on the linear member's features
    /// learned from a sample of the training texts (how many of how many, and why: <see cref="LinearModelOptions.MaxEntries"/>);
    /// absent where they learned from all of them.</summary>
    public const string LinearModelSampleSetting = "linearModelSample";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that records the C the linear member was fitted with
    /// (<see cref="LinearModelOptions.EffectiveC"/>; absent without that member).</summary>
    public const string LinearCSetting = "linearC";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that records the naive Bayes member's smoothing α, chosen
    /// on the validation split or the default without one (absent without that member).</summary>
    public const string NaiveBayesSmoothingSetting = "naiveBayesSmoothing";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that says the naive Bayes member was left out because
    /// its table would be too large (<see cref="LinearModelOptions.MaxNaiveBayesWeights"/>); absent otherwise.</summary>
    public const string NaiveBayesSetting = "naiveBayes";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> present when the naive Bayes member was fitted without a
    /// validation split (under 20 texts, <see cref="NGramTrainerOptions.ValidationFraction"/> 0, or one text per label),
    /// so with the default smoothing and temperature; absent otherwise.</summary>
    public const string NaiveBayesDefaultsSetting = "naiveBayesDefaults";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that records the inputs the naive Bayes member counted,
    /// chosen on the validation split: <c>"pooled"</c> (the pooling's weights, TF-IDF by default) or <c>"tf"</c> (term
    /// frequencies without the IDF). Absent without that member.</summary>
    public const string NaiveBayesWeightingSetting = "naiveBayesWeighting";

    /// <summary>Training setting naming the temperature fitted on the validation split and the validation log loss before
    /// and after it (<see cref="NGramTrainerOptions.FitTemperature"/>); absent where the temperature is 1.</summary>
    public const string TemperatureSetting = "temperature";

    /// <summary>Manifest setting: <c>false</c> where <see cref="NGramTrainerOptions.FitTemperature"/> was turned off
    /// (<c>train --no-temperature</c>) for a single-label model; absent otherwise.</summary>
    public const string FitTemperatureSetting = "fitTemperature";

    private const string NaiveBayesPooled = "pooled";
    private const string NaiveBayesTermFrequency = "tf";

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that records the temperature that calibrates the naive
    /// Bayes member's probabilities, chosen on the validation split (absent without that member).</summary>
    public const string NaiveBayesTemperatureSetting = "naiveBayesTemperature";

    // ValidationScores (with a validation split only): the probabilities of the validation rows, row-major, by the model
    // before any refit, in ValidationIndices order. TrainedRows (with a validation split only): the rows the training split
    // holds.
    private readonly record struct MemberResult(
        NGramModel Model,
        int Epochs,
        int TrainExamples,
        int ValidationExamples,
        double ValidationAccuracy,
        int[] TrainIndices,
        int[] ValidationIndices,
        float[]? ValidationScores,
        FeatureMatrix Matrix,
        float[] ClassWeights,
        bool[]? TrainedRows)
    {
        /// <summary>The SGD learning rate the member trained with, where a higher one diverged (null otherwise).</summary>
        public float? LoweredLearningRate { get; init; }

        /// <summary>Whether the epoch search set the rare-label minimum epochs aside under label noise
        /// (<see cref="EpochSearch.MinimumSetAside"/>).</summary>
        public bool RareMinimumSetAside { get; init; }

        /// <summary>Whether the word model trained without the rare-label boost, its boosted search's validation
        /// predictions having shown the rare labels filled with wrong texts (<see cref="RareLabels.LookNoisy"/>).</summary>
        public bool RareBoostDropped { get; init; }

        /// <summary>Whether the refit left the annealed schedule for the search's decaying one, its loss having risen
        /// above its first epoch's.</summary>
        public bool RefitDecayed { get; init; }
    }

    // What the linear member learns from: a model's features, its class weights and its validation split.
    private sealed record LinearInputs(
        HashedNGramFeaturizer Featurizer, FeatureMatrix Matrix, float[] ClassWeights, int[] TrainIndices, int[] ValidationIndices, bool[]? TrainedRows)
    {
        public static LinearInputs Of(MemberResult member) =>
            new(member.Model.Featurizer, member.Matrix, member.ClassWeights, member.TrainIndices, member.ValidationIndices, member.TrainedRows);

        // Features of its own, with the validation split the SGD members use. With a refit the member learns from all
        // the data and is not scored on the split, so it needs neither the split nor a pass marking the split's rows.
        public static LinearInputs For(
            HashedNGramFeaturizer featurizer, FeatureMatrix matrix, int[] targets, int classes, (int[] Train, int[] Validation)? split, NGramTrainerOptions options)
        {
            float[] classWeights = LossWeights(targets, classes, options);
            return split is { } parts && !options.RefitOnAllData
                ? new LinearInputs(featurizer, matrix, classWeights, parts.Train, parts.Validation, NGramModelBuilder.MarkRows(matrix, parts.Train))
                : new LinearInputs(featurizer, matrix, classWeights, IndexRange.All(targets.Length), [], null);
        }
    }

    // Every label's loss weight: the class weights, with the rare labels' raised (NGramTrainerOptions.BoostRareLabels;
    // single-label only, and not on top of balanced weights).
    private static float[] LossWeights(int[] targets, int classes, NGramTrainerOptions options)
    {
        float[] classWeights = TrainingLabels.ClassWeights(targets, classes, options.ClassWeighting);
        return options.BoostRareLabels && options.ClassWeighting == ClassWeighting.None && options.MultiLabelDelimiter is null
            ? RareLabels.Boost(classWeights, targets, classes)
            : classWeights;
    }

    // The linear member: logistic regression on n-gram features, run as an n-gram model whose embedding width is the
    // label count and whose head is the identity. Without a refit it learns from the training split only (and is scored
    // on the validation split); with one, from all the data.
    private static MemberResult TrainLinear(
        LinearInputs inputs,
        string[] texts,
        int[] targets,
        int classes,
        LinearModelOptions linear,
        bool refitOnAllData,
        int threads,
        IProgress<TrainingProgress>? progress,
        out double fittedC,
        CancellationToken cancellationToken)
    {
        bool holdOut = inputs.TrainedRows is not null && !refitOnAllData;
        int[] examples = holdOut ? inputs.TrainIndices : IndexRange.All(targets.Length);
        progress?.Report(new TrainingProgress("linear", 0, linear.MaxIterations, 0, double.NaN, double.NaN));
        (float[] table, float[] bias, int iterations, fittedC) = LinearModelTrainer.Train(
            inputs.Matrix,
            examples,
            targets,
            inputs.ClassWeights,
            classes,
            linear,
            threads,
            // Every tenth iteration: L-BFGS iterations are many and short.
            progress is null ? null : (iteration, loss) =>
            {
                if (iteration % 10 == 0)
                {
                    progress.Report(new TrainingProgress("linear", iteration, linear.MaxIterations, (double)iteration / linear.MaxIterations, loss, double.NaN));
                }
            },
            cancellationToken);
        progress?.Report(new TrainingProgress("linear", iterations, linear.MaxIterations, 1, double.NaN, double.NaN));

        NGramModel model = NGramModelBuilder.Build(inputs.Featurizer, inputs.Matrix, table, LinearHead.Identity(classes, bias), holdOut ? inputs.TrainedRows : null, sigmoid: false);
        float[]? validationScores = null;
        if (holdOut)
        {
            validationScores = new float[inputs.ValidationIndices.Length * classes];
            for (int k = 0; k < inputs.ValidationIndices.Length; k++)
            {
                model.Score(texts[inputs.ValidationIndices[k]], validationScores.AsSpan(k * classes, classes));
            }
        }

        return new MemberResult(
            model, 0, examples.Length, inputs.ValidationIndices.Length, double.NaN, inputs.TrainIndices, inputs.ValidationIndices, validationScores, inputs.Matrix, inputs.ClassWeights, inputs.TrainedRows);
    }

    // The naive Bayes member (NaiveBayesTrainer) on the linear member's features: smoothing and temperature chosen on the
    // validation split, then counted again on all the data (with a refit) or kept as fitted on the training split (without
    // one, when it is also scored); without a split, the defaults on all the data (TF-IDF pooling only). Null where it
    // does not apply (NaiveBayesApplies), past MaxNaiveBayesWeights, or when LinearModelOptions.NaiveBayes is off.
    // Whether naive Bayes can be fitted: with a validation split to choose on, or without one on TF-IDF pooling, where its
    // default (NaiveBayesTrainer.WithoutValidation) lies inside what the search picks. Mean pooling makes other inputs,
    // for which the search picks temperatures near 80: the default 1 would flatten every probability of the ensemble.
    private static bool NaiveBayesApplies((int[] Train, int[] Validation)? split, FeatureMatrix matrix) =>
        split is not null || matrix.Pooling == NGramPooling.TfIdf;

    // Whether the naive Bayes member's dense table stays within LinearModelOptions.MaxNaiveBayesWeights.
    private static bool NaiveBayesFits(FeatureMatrix matrix, int classes, LinearModelOptions linear) =>
        MemberWeights(matrix, classes) <= linear.MaxNaiveBayesWeights;

    // The size measure of a member whose table rows hold per-label scores (linear, naive Bayes): features × labels, plus
    // labels × labels. The second term was its identity head's, stored densely before format version 5; the identity
    // head keeps no matrix now, but the term stays in the measure so that a model with many labels and few features
    // (67k labels when the text and label columns are swapped) gets the members it got before, not an L-BFGS fit whose
    // every step scores each row against every label.
    private static long MemberWeights(FeatureMatrix matrix, int classes) =>
        ((long)matrix.BucketsByRow.Length * classes) + ((long)classes * classes);

    private static NaiveBayesFit? FitNaiveBayes(
        FeatureMatrix matrix,
        int[] targets,
        int classes,
        (int[] Train, int[] Validation)? split,
        LinearModelOptions linear,
        bool refitOnAllData,
        CancellationToken cancellationToken)
    {
        if (!linear.NaiveBayes || !NaiveBayesApplies(split, matrix) || !NaiveBayesFits(matrix, classes, linear))
        {
            return null;
        }

        if (split is not { } parts)
        {
            // Nothing to choose on (under 20 texts, ValidationFraction 0, or every label a single text, which no split
            // can hold out): the middle of what the search picks on the shared sets. It used to be left out here: an
            // outside user's keyword task of 500 labels with one text each scored 0.696 (0.912 with it), and at 1,000
            // labels, past MaxWeights, an SGD model stood in the linear member's place instead.
            NaiveBayesTrainer.Choice fixedChoice = NaiveBayesTrainer.WithoutValidation;
            int[] all = IndexRange.All(targets.Length);
            double[] allCounts = NaiveBayesTrainer.Count(matrix, targets, classes, all, fixedChoice.Weighting, cancellationToken: cancellationToken);
            float[] allTable = NaiveBayesTrainer.Table(
                allCounts, classes, fixedChoice.Alpha, fixedChoice.Temperature, NaiveBayesTrainer.InputIdf(matrix, fixedChoice.Weighting), cancellationToken: cancellationToken);
            return new NaiveBayesFit(fixedChoice, allTable, null, (all, []), targets.Length);
        }

        bool[] trainedRows = NGramModelBuilder.MarkRows(matrix, parts.Train);
        (NaiveBayesTrainer.Choice choice, double[] counts) = NaiveBayesTrainer.CountAndChoose(
            matrix, targets, classes, parts.Train, parts.Validation, trainedRows, cancellationToken);
        if (refitOnAllData)
        {
            NaiveBayesTrainer.Count(matrix, targets, classes, parts.Validation, choice.Weighting, counts, cancellationToken);
        }

        // The labels the search smoothed towards the background stay so in the refit (NaiveBayesTrainer.Choice.Background).
        float[] table = NaiveBayesTrainer.Table(
            counts, classes, choice.Alpha, choice.Temperature, NaiveBayesTrainer.InputIdf(matrix, choice.Weighting), choice.Background, cancellationToken);
        return new NaiveBayesFit(choice, table, refitOnAllData ? null : trainedRows, parts, refitOnAllData ? targets.Length : parts.Train.Length);
    }

    // A fitted naive Bayes member before its model is built. It keeps the same rows as the linear member (all of them with
    // a refit, the training split's without), so its model takes that member's index and IDF — and, at inference, shares
    // its featurisation.
    private sealed record NaiveBayesFit(
        NaiveBayesTrainer.Choice Choice, float[] Table, bool[]? TrainedRows, (int[] Train, int[] Validation) Split, int Examples)
    {
        public MemberResult Build(NGramModel linearModel, FeatureMatrix matrix, int classes)
        {
            NGramModel model = NGramModelBuilder.Build(linearModel.Featurizer, matrix, Table, LinearHead.Identity(classes), TrainedRows, sigmoid: false, sameRowsAs: linearModel.Encoder);
            return Result(model, matrix);
        }

        /// <summary>The member with an index of its own, where there is no linear member to share one with.</summary>
        public MemberResult BuildAlone(HashedNGramFeaturizer featurizer, FeatureMatrix matrix, int classes) =>
            Result(NGramModelBuilder.Build(featurizer, matrix, Table, LinearHead.Identity(classes), TrainedRows, sigmoid: false), matrix);

        private MemberResult Result(NGramModel model, FeatureMatrix matrix) => new(
            model, 0, Examples, Split.Validation.Length, double.NaN, Split.Train, Split.Validation, Choice.ValidationScores, matrix, [], TrainedRows);
    }

    // Texts past the first model's MaxTokens (the other members' tokenizers read as many tokens by default).
    private static int CountTruncated(string[] texts, HashedNGramOptions tokenizer)
    {
        var featurizer = new HashedNGramFeaturizer(tokenizer);
        int truncated = 0;
        foreach (string text in texts)
        {
            truncated += featurizer.ExceedsMaxTokens(text) ? 1 : 0;
        }

        return truncated;
    }

    private static (HashedNGramFeaturizer Featurizer, FeatureMatrix Matrix) Features(
        string[] texts, HashedNGramOptions tokenizer, NGramTrainerOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new TrainingProgress("tokenizing", 0, options.MaxEpochs, 0, double.NaN, double.NaN));
        var featurizer = new HashedNGramFeaturizer(tokenizer);
        return (featurizer, FeatureMatrix.Build(texts, featurizer, options.Pooling, options.Threads, cancellationToken));
    }

    // How many times a member whose loss overflowed is trained again, each time with half the learning rate.
    private const int MaxLearningRateHalvings = 3;

    // The word model under TermWeighting.Auto: the epoch searches of the word model with IDF and with the supervised weight,
    // whose validation probabilities TermWeightChoice compares, then the refit on all the data of the one kept only (each
    // search a third of the progress and the refit the last; without a refit, each search a half). Both used to be
    // refitted and one thrown away: 3.7 s where IDF alone took 2.5 s on imdb (docs/benchmarks.md, "Session 43"). One
    // embedding table at a time: the search that is done gives its memory to the next training. Where the supervised
    // weight's training diverges (TrainingDivergedException after the halvings), the IDF model is kept instead of failing
    // the training; IDF's own divergence still fails it, as does either under TermWeighting.Idf or Supervised.
    private static MemberResult TrainAutoWordModel(
        int[] targets,
        int classes,
        (int[] Train, int[] Validation) split,
        NGramTrainerOptions options,
        HashedNGramFeaturizer featurizer,
        FeatureMatrix matrix,
        IProgress<TrainingProgress>? progress,
        out bool supervisedKept,
        CancellationToken cancellationToken)
    {
        double share = options.RefitOnAllData ? 2.0 / 3 : 0.5;
        var idf = new SgdMember(targets, null, classes, split, options, featurizer, matrix, cancellationToken) { GuardsRareBoost = true };
        idf.Search(ScaledProgress.Of(progress, 0, share));
        SgdClassifierState? spare = idf.ReleaseState();

        // The word model's copy of the matrix; the linear and naive Bayes members keep the IDF one.
        IProgress<TrainingProgress>? supervisedProgress = ScaledProgress.Of(progress, 1 - share, share);
        // Where IDF's search dropped the rare-label boost, the supervised search trains without it too (the same labels).
        NGramTrainerOptions supervisedOptions = WithSupervisedRate(idf.RareBoostDropped ? options with { BoostRareLabels = false } : options);
        SgdMember? supervised = new(targets, null, classes, split, supervisedOptions, featurizer, SupervisedTermWeights.Apply(matrix, targets, classes, split.Train, cancellationToken), cancellationToken)
        {
            GuardsRareBoost = true,
        };
        supervisedKept = false;
        // Said before its epochs: a log showed the word model's "training epoch 1/…" a second time, unexplained.
        supervisedProgress?.Report(new TrainingProgress(
            "searching the epochs again with the supervised term weight (kept only where clearly more accurate than IDF)", 0, options.MaxEpochs, 0, double.NaN, double.NaN));
        try
        {
            supervised.Search(supervisedProgress, spare);
            // The supervised weight is kept only where validation shows it clearly better (TermWeightChoice).
            supervisedKept = TermWeightChoice.PrefersSupervised(idf.ValidationScores!, supervised.ValidationScores!, classes, targets, idf.ValidationIndices);
            if (supervisedKept)
            {
                MemberResult kept = supervised.Finish(supervisedProgress);
                return idf.RareBoostDropped ? kept with { RareBoostDropped = true } : kept;
            }
        }
        catch (TrainingDivergedException diverged)
        {
            supervisedKept = false;
            progress?.Report(new TrainingProgress(
                string.Create(CultureInfo.InvariantCulture, $"the supervised term weight diverged (learning rate {diverged.LearningRate}): keeping IDF"), 0, options.MaxEpochs, 1 - share, double.NaN, double.NaN));
        }

        // The supervised model and its copy of the matrix go before the IDF model's refit, which takes its table's memory.
        spare = supervised.ReleaseState() ?? spare;
        supervised = null;
        return idf.Finish(supervisedProgress, spare);
    }

    // The options of the word model with the supervised term weight (NGramTrainerOptions.SupervisedLearningRateScale, a
    // test seam: the same options unless a test sets it).
    private static NGramTrainerOptions WithSupervisedRate(NGramTrainerOptions options) =>
        options.SupervisedLearningRateScale == 1 ? options : options with { LearningRate = options.LearningRate * options.SupervisedLearningRateScale };

    // An SGD member trained in two steps, so that TermWeighting.Auto can compare two word models' searches and refit only
    // the one it keeps: Search, the epoch search on the validation split (EpochSearch; nothing without a split), then
    // Finish, the refit on all the data for the epochs found (NGramTrainerOptions.RefitOnAllData; without a split the
    // training), and the model. Where the loss overflows (TrainingDivergedException) in either step, the member is
    // trained again from the start, search and refit, with half the learning rate, up to MaxLearningRateHalvings times in
    // all. A multi-label model over about 1,000 labels diverged at the default rate (its loss sums over every label) and
    // the whole training failed where half the rate trains (an outside check); a member that trains at the rate given is
    // unchanged.
    private sealed class SgdMember(
        int[] targets,
        int[][]? labelSets,
        int classes,
        (int[] Train, int[] Validation)? split,
        NGramTrainerOptions options,
        HashedNGramFeaturizer featurizer,
        FeatureMatrix matrix,
        CancellationToken cancellationToken)
    {
        private NGramTrainerOptions _tried = options;
        private int _halvings;
        private float[] _classWeights = [];
        private int _epochs;
        private double _validationAccuracy = double.NaN;
        private int[] _trainIndices = [];
        private int[] _validationIndices = [];
        private float[]? _validationScores;
        private bool[]? _trainedRows;
        private SgdClassifierState? _state;
        private bool _minimumSetAside;
        private bool _refitDecayed;

        /// <summary>Whether this member is the word model, whose search drops the rare-label boost where the rare labels
        /// look filled with wrong texts (<see cref="RareLabels.LookNoisy"/>).</summary>
        public bool GuardsRareBoost { get; init; }

        /// <summary>Whether its search dropped the rare-label boost (<see cref="GuardsRareBoost"/>).</summary>
        public bool RareBoostDropped { get; private set; }

        /// <summary>The search's validation probabilities (row-major, in <see cref="ValidationIndices"/> order); null
        /// without a split.</summary>
        public float[]? ValidationScores => _validationScores;

        public int[] ValidationIndices => _validationIndices;

        /// <summary>The member: <see cref="Search"/>, then <see cref="Finish"/>.</summary>
        public MemberResult Train(IProgress<TrainingProgress>? progress)
        {
            Search(progress);
            return Finish(progress);
        }

        /// <summary>The epoch search; <paramref name="spare"/>: a state whose memory it may take.</summary>
        public void Search(IProgress<TrainingProgress>? progress, SgdClassifierState? spare = null)
        {
            while (true)
            {
                try
                {
                    SearchAt(spare);
                    return;
                }
                catch (TrainingDivergedException) when (CanHalve)
                {
                    Halve(progress);
                }

                void SearchAt(SgdClassifierState? spare)
                {
                    _classWeights = LossWeights(targets, classes, _tried);
                    _epochs = _tried.MaxEpochs;
                    _minimumSetAside = false;
                    if (split is not { } parts)
                    {
                        _trainIndices = IndexRange.All(targets.Length);
                        return;
                    }

                    (_trainIndices, _validationIndices) = parts;
                    _trainedRows = NGramModelBuilder.MarkRows(matrix, _trainIndices);
                    SgdClassifierState? reuse = _state ?? spare;
                    _state = null;
                    var search = new EpochSearch(matrix, targets, _classWeights, _trainIndices, _validationIndices, _trainedRows, _tried, progress, cancellationToken, labelSets);
                    (_epochs, _validationAccuracy, _validationScores, _state) = search.Run(reuse);
                    _minimumSetAside = search.MinimumSetAside;
                    // The rare labels filled with wrong texts (label noise; atis with 10–25 % of its labels replaced kept
                    // some fifteen such labels of ~50 texts): weighed up, they drew wrong predictions from the word
                    // model, so it is searched again, from the same initial weights, without the boost (weights and
                    // minimum epochs). The linear and naive Bayes members keep it.
                    if (GuardsRareBoost && labelSets is null && _tried.BoostRareLabels && _tried.ClassWeighting == ClassWeighting.None
                        && RareLabels.LookNoisy(targets, classes, _validationIndices, _validationScores))
                    {
                        progress?.Report(new TrainingProgress(
                            "the rare labels look filled with wrong texts: searching again without their boost", 0, _tried.MaxEpochs, 0, double.NaN, double.NaN));
                        _tried = _tried with { BoostRareLabels = false };
                        RareBoostDropped = true;
                        SearchAt(null);
                    }
                }
            }
        }

        /// <summary>The memory of the search's state, for another training, where the refit does not need its weights
        /// (null without a refit, where they are the model).</summary>
        public SgdClassifierState? ReleaseState()
        {
            if (split is not null && !_tried.RefitOnAllData)
            {
                return null;
            }

            SgdClassifierState? state = _state;
            _state = null;
            return state;
        }

        /// <summary>The refit (or, without a split, the training) after <see cref="Search"/>, and the member;
        /// <paramref name="spare"/>: a state whose memory it may take.</summary>
        public MemberResult Finish(IProgress<TrainingProgress>? progress, SgdClassifierState? spare = null)
        {
            while (true)
            {
                try
                {
                    MemberResult result = FinishAt(progress, spare);
                    return _halvings == 0 ? result : result with { LoweredLearningRate = _tried.LearningRate };
                }
                catch (TrainingDivergedException) when (CanHalve)
                {
                    // Trained again from the start: the search at the lower rate picks the epochs of the refit.
                    Halve(progress);
                    Search(progress, spare);
                }
            }
        }

        private bool CanHalve => _tried.HalveDivergedLearningRate && _halvings < MaxLearningRateHalvings;

        private void Halve(IProgress<TrainingProgress>? progress)
        {
            float lower = _tried.LearningRate / 2;
            progress?.Report(new TrainingProgress(
                string.Create(CultureInfo.InvariantCulture, $"diverged at learning rate {_tried.LearningRate}: training again at {lower}"), 0, _tried.MaxEpochs, 0, double.NaN, double.NaN)
            {
                MultiLabel = labelSets is not null,
            });
            _tried = _tried with { LearningRate = lower };
            _halvings++;
        }

        private MemberResult FinishAt(IProgress<TrainingProgress>? progress, SgdClassifierState? spare)
        {
            NGramTrainerOptions options = _tried;
            bool validate = split is not null;
            int epochs = _epochs;
            bool[]? trainedRows = _trainedRows;
            if (!validate || options.RefitOnAllData)
            {
                // The search's state is not needed any more: the refit starts from the same initial weights in its memory.
                SgdClassifierState? reuse = _state ?? spare;
                _state = null;
                _state = SgdClassifierState.Reuse(reuse, matrix.BucketsByRow.Length, options.Dimension, classes, options.Pooling, options.Seed, labelSets is not null);
                _refitDecayed = false; // a refit after a halving starts annealed again
                if (!Refit(options, epochs, validate, annealed: true, progress))
                {
                    // The annealed run was unstable: trained again from the same initial weights with the search's
                    // schedule, under which the search found these epochs (its loss fell).
                    progress?.Report(new TrainingProgress(
                        "the loss rose above its first epoch's at the annealed learning rate: training again with the search's decaying rate", 0, epochs, 0, double.NaN, double.NaN)
                    {
                        MultiLabel = labelSets is not null,
                    });
                    _state.Reset(options.Seed);
                    Refit(options, epochs, validate, annealed: false, progress);
                    _refitDecayed = true;
                }

                trainedRows = null;
            }

            SgdClassifierState state = _state!;
            var head = new LinearHead(state.HeadWeights, state.HeadBias, options.Dimension);
            NGramModel model = NGramModelBuilder.Build(featurizer, matrix, state.Embeddings, head, trainedRows, sigmoid: labelSets is not null);
            return new MemberResult(
                model, epochs, _trainIndices.Length, _validationIndices.Length, _validationAccuracy, _trainIndices, _validationIndices, _validationScores, matrix, _classWeights, _trainedRows)
            {
                RareMinimumSetAside = _minimumSetAside,
                RareBoostDropped = RareBoostDropped,
                RefitDecayed = _refitDecayed,
            };
        }

        // The refit's epochs on all the data (without a split, the training), from _state's initial weights. Annealed:
        // the rate falls linearly from the learning rate to 0 over the run (fastText's schedule; docs/design.md), else
        // the search's open-ended decay. Returns false, stopping, where an annealed epoch's mean loss rises above the
        // first epoch's — a later pass fitting the data worse than the first did from nothing is overshoot, not noise: on
        // the 146,000 texts and 143 labels of the eleven shared sets together the loss went 0.99, 2.84, 6.33 and ended at
        // 0.18 (the search's schedule: 0.80, 0.35, … 0.011), test accuracy 0.830 against 0.848 (docs/benchmarks.md,
        // "Session 52"). No refit of the eleven sets alone comes near it (every epoch's loss falls).
        private bool Refit(NGramTrainerOptions options, int epochs, bool validate, bool annealed, IProgress<TrainingProgress>? progress)
        {
            var refit = new EpochRunner(_state!, matrix, targets, _classWeights, IndexRange.All(targets.Length), options, labelSets);
            double firstLoss = double.NaN;
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string phase = validate ? "refitting" : "training";
                int running = epoch;
                double FractionAt(double done) => validate ? 0.5 + (0.5 * (running + done) / epochs) : (running + done) / epochs;
                Action<double>? within = progress is null ? null : done => progress.Report(
                    new TrainingProgress(phase, running + 1, epochs, FractionAt(done), double.NaN, double.NaN) { EpochShare = done, MultiLabel = labelSets is not null });
                double loss = refit.RunEpoch(epoch, annealed ? epochs : 0, within, cancellationToken);
                progress?.Report(new TrainingProgress(phase, epoch + 1, epochs, FractionAt(1), loss, _validationAccuracy) { MultiLabel = labelSets is not null });
                if (epoch == 0)
                {
                    firstLoss = loss;
                }
                else if (annealed && loss > firstLoss)
                {
                    return false;
                }
            }

            return true;
        }
    }

    // A member this much less accurate on validation than the best other one is left out (see wordModelDropped).
    private const double WeakMemberShare = 0.5;

    // The highest validation accuracy among the members other than the word model (0 when none was scored).
    private static double BestOtherValidationAccuracy(List<float[]> validationScores, float[] wordScores, int classes, int[] targets, int[] indices)
    {
        double best = 0;
        foreach (float[] scores in validationScores)
        {
            if (!ReferenceEquals(scores, wordScores))
            {
                best = Math.Max(best, ValidationScores.Accuracy(scores, classes, targets, indices));
            }
        }

        return best;
    }

    // Progress of one of several trainings of a part: its fractions mapped to [start, start + share].
    private sealed class ScaledProgress(IProgress<TrainingProgress> target, double start, double share) : IProgress<TrainingProgress>
    {
        public static ScaledProgress? Of(IProgress<TrainingProgress>? target, double start, double share) =>
            target is null ? null : new ScaledProgress(target, start, share);

        public void Report(TrainingProgress value) => target.Report(value with { Fraction = start + (share * value.Fraction) });
    }
}
