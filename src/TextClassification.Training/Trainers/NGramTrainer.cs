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
/// (early stopping), then the model is trained again on all the data for that many epochs. By default a second model on
/// word and char n-grams (<see cref="NGramTrainerOptions.EnsembleTokenizer"/>) is trained beside it and the classifier
/// averages the two models' probabilities. Deterministic for a given seed and thread count.
/// With <see cref="NGramTrainerOptions.MultiLabelDelimiter"/> set, each example's label cell holds several labels and
/// the head is one-vs-all (a sigmoid per label, binary cross-entropy); early stopping then follows validation micro-F1,
/// and every label's decision threshold is chosen for its F1 on the validation split, from the probabilities of the
/// models before the refit on all data.
/// </summary>
public static class NGramTrainer
{
    /// <summary>Trains a classifier on labelled examples.</summary>
    /// <exception cref="ArgumentException">No examples, an example without a label, or fewer than two labels.</exception>
    public static NGramTrainingResult Train(
        IReadOnlyList<LabeledText> examples,
        NGramTrainerOptions? options = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new NGramTrainerOptions();
        options.Validate();
        var clock = Stopwatch.StartNew();

        int[][]? labelSets = null;
        string[] labels;
        int[] targets;
        if (options.MultiLabelDelimiter is { } delimiter)
        {
            (labels, targets, labelSets) = EncodeLabelSets(examples, delimiter);
        }
        else
        {
            (labels, targets) = EncodeLabels(examples);
        }

        var texts = new string[examples.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = examples[i].Text;
        }

        MemberResult primary;
        NGramModel[] members;
        HashedNGramOptions? second = options.EnsembleTokenizer;
        if (second is null)
        {
            primary = TrainMember(texts, targets, labelSets, labels.Length, options, options.Tokenizer, progress, cancellationToken);
            members = [primary.Model];
        }
        else
        {
            // The two models are independent: train them side by side (each single-threaded, so still deterministic).
            var combined = progress is null ? null : new CombinedProgress(progress, 2);
            int threadsEach = Math.Max(1, options.Threads / 2);
            NGramTrainerOptions each = options with { Threads = threadsEach };
            MemberResult Train(HashedNGramOptions tokenizer, int slot) =>
                TrainMember(texts, targets, labelSets, labels.Length, each, tokenizer, combined?.For(slot), cancellationToken);

            MemberResult secondary;
            if (options.Threads >= 2)
            {
                Task<MemberResult> other = Task.Run(() => Train(second, 1), cancellationToken);
                primary = Train(options.Tokenizer, 0);
                secondary = other.GetAwaiter().GetResult();
            }
            else
            {
                primary = Train(options.Tokenizer, 0);
                secondary = Train(second, 1);
            }

            members = [primary.Model, secondary.Model];
            if (primary.ValidationScores is { } first && secondary.ValidationScores is { } secondScores)
            {
                // The classifier averages the members' probabilities, so the thresholds are chosen on the average.
                for (int k = 0; k < first.Length; k++)
                {
                    first[k] = (first[k] + secondScores[k]) / 2f;
                }
            }
        }

        float[]? thresholds = null;
        if (labelSets is not null)
        {
            if (primary.ValidationScores is { } validationScores)
            {
                int[][] validationSets = new int[primary.ValidationIndices.Length][];
                for (int k = 0; k < validationSets.Length; k++)
                {
                    validationSets[k] = labelSets[primary.ValidationIndices[k]];
                }

                thresholds = MultiLabelThresholds.Choose(validationScores, labels.Length, validationSets);
            }
            else
            {
                thresholds = new float[labels.Length];
                Array.Fill(thresholds, MultiLabelThresholds.Default);
            }
        }

        clock.Stop();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!double.IsNaN(primary.ValidationAccuracy))
        {
            metrics[labelSets is null ? "validationAccuracy" : "validationMicroF1"] = primary.ValidationAccuracy;
        }

        Dictionary<string, string> settings = DescribeSettings(options, primary.Epochs);
        if (options.MultiLabelDelimiter is { } recordedDelimiter)
        {
            settings[MultiLabelDelimiterSetting] = recordedDelimiter;
        }

        var training = new TrainingSection
        {
            Trainer = "ngram-sgd",
            Settings = settings,
            Metrics = metrics.Count == 0 ? null : metrics,
            TrainedAt = DateTimeOffset.UtcNow,
        };
        var classifier = new TextClassifier(labels, members, training, abstain: null, thresholds);
        progress?.Report(new TrainingProgress("done", primary.Epochs, primary.Epochs, 1, double.NaN, primary.ValidationAccuracy));
        return new NGramTrainingResult(classifier, primary.Epochs, primary.TrainExamples, primary.ValidationExamples, primary.ValidationAccuracy, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The key of <see cref="TrainingSection.Settings"/> that records the label delimiter of a multi-label model,
    /// so evaluation can split test labels the same way.</summary>
    public const string MultiLabelDelimiterSetting = "multiLabelDelimiter";

    // ValidationScores (multi-label with a validation split only): the probabilities of the validation rows, row-major, by
    // the model before any refit, in ValidationIndices order.
    private readonly record struct MemberResult(
        NGramModel Model, int Epochs, int TrainExamples, int ValidationExamples, double ValidationAccuracy, int[] ValidationIndices, float[]? ValidationScores);

    private static MemberResult TrainMember(
        string[] texts,
        int[] targets,
        int[][]? labelSets,
        int classes,
        NGramTrainerOptions options,
        HashedNGramOptions tokenizer,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        progress?.Report(new TrainingProgress("tokenizing", 0, options.MaxEpochs, 0, double.NaN, double.NaN));
        var featurizer = new HashedNGramFeaturizer(tokenizer);
        FeatureMatrix matrix = FeatureMatrix.Build(texts, featurizer, options.Pooling, options.Threads, cancellationToken);
        float[] classWeights = ClassWeights(targets, classes, options.ClassWeighting);

        int[] all = new int[targets.Length];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        bool validate = options.ValidationFraction > 0 && targets.Length >= 20;
        int epochs = options.MaxEpochs;
        double validationAccuracy = double.NaN;
        int[] trainIndices = all;
        int[] validationIndices = [];
        SgdClassifierState? state = null;
        bool[]? trainedRows = null;
        float[]? validationScores = null;
        if (validate)
        {
            (trainIndices, validationIndices) = StratifiedSplitter.Split(targets, classes, options.ValidationFraction, options.Seed);
            trainedRows = MarkRows(matrix, trainIndices);
            var search = new EpochSearch(matrix, targets, classWeights, trainIndices, validationIndices, trainedRows, options, progress, cancellationToken, labelSets);
            (epochs, validationAccuracy, state) = search.Run();
            if (labelSets is not null)
            {
                validationScores = new float[validationIndices.Length * classes];
                for (int k = 0; k < validationIndices.Length; k++)
                {
                    int i = validationIndices[k];
                    state.Predict(matrix.Features(i), matrix.FeatureWeights(i), trainedRows).CopyTo(validationScores.AsSpan(k * classes, classes));
                }
            }
        }

        if (!validate || options.RefitOnAllData)
        {
            state = new SgdClassifierState(matrix.BucketsByRow.Length, options.Dimension, classes, options.Pooling, options.Seed, labelSets is not null);
            var refit = new EpochRunner(state, matrix, targets, classWeights, all, options, labelSets);
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double loss = refit.RunEpoch(epoch, epochs);
                double fraction = validate ? 0.5 + (0.5 * (epoch + 1) / epochs) : (epoch + 1.0) / epochs;
                progress?.Report(new TrainingProgress(validate ? "refitting" : "training", epoch + 1, epochs, fraction, loss, validationAccuracy));
            }

            trainedRows = null;
        }

        NGramModel model = BuildModel(featurizer, matrix, state!, trainedRows, options.Dimension, sigmoid: labelSets is not null);
        return new MemberResult(model, epochs, trainIndices.Length, validationIndices.Length, validationAccuracy, validationIndices, validationScores);
    }

    private static (string[] Labels, int[] Targets) EncodeLabels(IReadOnlyList<LabeledText> examples)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.", nameof(examples));
        }

        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (LabeledText example in examples)
        {
            if (example.Text is null || string.IsNullOrEmpty(example.Label))
            {
                throw new ArgumentException($"Example from line {example.LineNumber} has no text or no label.", nameof(examples));
            }

            distinct.Add(example.Label);
        }

        if (distinct.Count < 2)
        {
            throw new ArgumentException($"Training needs at least two labels; the data has only '{distinct.Min}'.", nameof(examples));
        }

        string[] labels = [.. distinct];
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            indexOf[labels[i]] = i;
        }

        int[] targets = new int[examples.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = indexOf[examples[i].Label];
        }

        return (labels, targets);
    }

    // Multi-label: labels are the sorted distinct parts of every cell; Targets holds each example's first (smallest) label,
    // which the validation split stratifies on.
    private static (string[] Labels, int[] Targets, int[][] LabelSets) EncodeLabelSets(IReadOnlyList<LabeledText> examples, string delimiter)
    {
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.", nameof(examples));
        }

        var parsed = new string[examples.Count][];
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < parsed.Length; i++)
        {
            LabeledText example = examples[i];
            string[] parts = example.Text is null || example.Label is null ? [] : LabelSet.Parse(example.Label, delimiter);
            if (parts.Length == 0)
            {
                throw new ArgumentException($"Example from line {example.LineNumber} has no text or no label.", nameof(examples));
            }

            parsed[i] = parts;
            distinct.UnionWith(parts);
        }

        if (distinct.Count < 2)
        {
            throw new ArgumentException($"Training needs at least two labels; the data has only '{distinct.Min}'.", nameof(examples));
        }

        string[] labels = [.. distinct];
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            indexOf[labels[i]] = i;
        }

        int[] targets = new int[parsed.Length];
        int[][] sets = new int[parsed.Length][];
        for (int i = 0; i < parsed.Length; i++)
        {
            // Parse sorts the parts by ordinal, as the labels are sorted, so the indices come out sorted too.
            int[] set = new int[parsed[i].Length];
            for (int k = 0; k < set.Length; k++)
            {
                set[k] = indexOf[parsed[i][k]];
            }

            sets[i] = set;
            targets[i] = set[0];
        }

        return (labels, targets, sets);
    }

    private static float[] ClassWeights(int[] targets, int classes, ClassWeighting weighting)
    {
        float[] weights = new float[classes];
        Array.Fill(weights, 1f);
        if (weighting == ClassWeighting.Balanced)
        {
            int[] counts = new int[classes];
            foreach (int target in targets)
            {
                counts[target]++;
            }

            for (int c = 0; c < classes; c++)
            {
                weights[c] = counts[c] == 0 ? 0f : (float)targets.Length / (classes * counts[c]);
            }
        }

        return weights;
    }

    private static bool[] MarkRows(FeatureMatrix matrix, int[] indices)
    {
        bool[] marked = new bool[matrix.BucketsByRow.Length];
        foreach (int i in indices)
        {
            foreach (int row in matrix.Features(i))
            {
                marked[row] = true;
            }
        }

        return marked;
    }

    private static NGramModel BuildModel(HashedNGramFeaturizer featurizer, FeatureMatrix matrix, SgdClassifierState state, bool[]? keepRows, int dimension, bool sigmoid)
    {
        int[] buckets = matrix.BucketsByRow;
        float[] table = state.Embeddings;
        float[]? idf = matrix.Idf;
        if (keepRows is not null)
        {
            // Rows seen only in the validation split were never trained: drop them, as unseen features are at inference.
            var keptBuckets = new List<int>(buckets.Length);
            var keptTable = new List<float>(table.Length);
            var keptIdf = new List<float>(idf is null ? 0 : buckets.Length);
            for (int row = 0; row < buckets.Length; row++)
            {
                if (keepRows[row])
                {
                    keptBuckets.Add(buckets[row]);
                    keptTable.AddRange(table.AsSpan(row * dimension, dimension));
                    if (idf is not null)
                    {
                        keptIdf.Add(idf[row]);
                    }
                }
            }

            buckets = [.. keptBuckets];
            table = [.. keptTable];
            idf = idf is null ? null : [.. keptIdf];
        }

        var encoder = new EmbeddingBag(new FeatureIndex(buckets), table, dimension, idf);
        var head = new LinearHead(state.HeadWeights, state.HeadBias, dimension);
        return new NGramModel(featurizer, encoder, head, sigmoid);
    }

    private static Dictionary<string, string> DescribeSettings(NGramTrainerOptions options, int epochs)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dimension"] = options.Dimension.ToString(inv),
            ["pooling"] = options.Pooling.ToString(),
            ["learningRate"] = options.LearningRate.ToString(inv),
            ["learningRateDecay"] = options.LearningRateDecay.ToString(inv),
            ["epochs"] = epochs.ToString(inv),
            ["maxEpochs"] = options.MaxEpochs.ToString(inv),
            ["patience"] = options.Patience.ToString(inv),
            ["validationFraction"] = options.ValidationFraction.ToString(inv),
            ["refitOnAllData"] = options.RefitOnAllData ? "true" : "false",
            ["classWeighting"] = options.ClassWeighting.ToString(),
            ["seed"] = options.Seed.ToString(inv),
            ["ensemble"] = options.EnsembleTokenizer is { } second
                ? string.Create(inv, $"second model on word n-grams 1-{second.WordNGrams} and char n-grams {second.CharNGramMin}-{second.CharNGramMax}; probabilities averaged")
                : "none",
        };
    }
}
