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
/// </summary>
public static class NGramTrainer
{
    /// <summary>Trains a classifier on labelled examples.</summary>
    /// <exception cref="ArgumentException">No examples, or fewer than two labels.</exception>
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

        (string[] labels, int[] targets) = EncodeLabels(examples);
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
            primary = TrainMember(texts, targets, labels.Length, options, options.Tokenizer, progress, cancellationToken);
            members = [primary.Model];
        }
        else
        {
            // The two models are independent: train them side by side (each single-threaded, so still deterministic).
            var combined = progress is null ? null : new CombinedProgress(progress, 2);
            int threadsEach = Math.Max(1, options.Threads / 2);
            NGramTrainerOptions each = options with { Threads = threadsEach };
            MemberResult Train(HashedNGramOptions tokenizer, int slot) =>
                TrainMember(texts, targets, labels.Length, each, tokenizer, combined?.For(slot), cancellationToken);

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
        }

        clock.Stop();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!double.IsNaN(primary.ValidationAccuracy))
        {
            metrics["validationAccuracy"] = primary.ValidationAccuracy;
        }

        var training = new TrainingSection
        {
            Trainer = "ngram-sgd",
            Settings = DescribeSettings(options, primary.Epochs),
            Metrics = metrics.Count == 0 ? null : metrics,
            TrainedAt = DateTimeOffset.UtcNow,
        };
        var classifier = new TextClassifier(labels, members, training);
        progress?.Report(new TrainingProgress("done", primary.Epochs, primary.Epochs, 1, double.NaN, primary.ValidationAccuracy));
        return new NGramTrainingResult(classifier, primary.Epochs, primary.TrainExamples, primary.ValidationExamples, primary.ValidationAccuracy, clock.Elapsed.TotalSeconds);
    }

    private readonly record struct MemberResult(NGramModel Model, int Epochs, int TrainExamples, int ValidationExamples, double ValidationAccuracy);

    private static MemberResult TrainMember(
        string[] texts,
        int[] targets,
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
        if (validate)
        {
            (trainIndices, validationIndices) = StratifiedSplitter.Split(targets, classes, options.ValidationFraction, options.Seed);
            trainedRows = MarkRows(matrix, trainIndices);
            var search = new EpochSearch(matrix, targets, classWeights, trainIndices, validationIndices, trainedRows, options, progress, cancellationToken);
            (epochs, validationAccuracy, state) = search.Run();
        }

        if (!validate || options.RefitOnAllData)
        {
            state = new SgdClassifierState(matrix.BucketsByRow.Length, options.Dimension, classes, options.Pooling, options.Seed);
            var refit = new EpochRunner(state, matrix, targets, classWeights, all, options);
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double loss = refit.RunEpoch(epoch, epochs);
                double fraction = validate ? 0.5 + (0.5 * (epoch + 1) / epochs) : (epoch + 1.0) / epochs;
                progress?.Report(new TrainingProgress(validate ? "refitting" : "training", epoch + 1, epochs, fraction, loss, validationAccuracy));
            }

            trainedRows = null;
        }

        NGramModel model = BuildModel(featurizer, matrix, state!, trainedRows, options.Dimension);
        return new MemberResult(model, epochs, trainIndices.Length, validationIndices.Length, validationAccuracy);
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

    private static NGramModel BuildModel(HashedNGramFeaturizer featurizer, FeatureMatrix matrix, SgdClassifierState state, bool[]? keepRows, int dimension)
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
        return new NGramModel(featurizer, encoder, head);
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
