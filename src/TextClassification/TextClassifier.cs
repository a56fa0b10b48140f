using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using TextClassification.Bundles;
using TextClassification.Diagnostics;
using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Tokenization;

namespace TextClassification;

/// <summary>
/// The pipeline of an n-gram model: hashed n-gram tokenizer → embedding bag → pooling (masked mean or sublinear
/// TF-IDF) → linear head → softmax (or, for multi-label models, a sigmoid per label with per-label thresholds); or an ensemble of such models (e.g. one on words, one on words and char n-grams)
/// whose probabilities are combined (<see cref="Combination"/>). Immutable once built, so one instance serves any number of threads.
/// </summary>
public sealed partial class TextClassifier : ITextClassifier
{
    private const int ParallelBatchThreshold = 512;
    private const int StackallocFloats = 1024;

    private readonly string[] _labels;
    private readonly NGramModel[] _members;
    private readonly float[]? _thresholds;

    // Read-only views of the two arrays, for Labels, Thresholds and every Prediction: the arrays themselves, cast back
    // from IReadOnlyList, let a caller rename a label of the shared model (and of every bundle it saved afterwards).
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<string> _labelView;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<float>? _thresholdView;
    private readonly FeatureGroup[] _featureGroups;
    private readonly EnsembleCombination _combination;
    private readonly float _temperature;

    internal TextClassifier(string[] labels, HashedNGramFeaturizer featurizer, EmbeddingBag encoder, LinearHead head, TrainingSection? training)
        : this(labels, [new NGramModel(featurizer, encoder, head)], training)
    {
    }

    internal TextClassifier(
        string[] labels, NGramModel[] members, TrainingSection? training, AbstainSection? abstain = null, float[]? thresholds = null,
        EnsembleCombination combination = EnsembleCombination.Mean, float temperature = 1f)
    {
        if (members.Length == 0)
        {
            throw new ArgumentException("A classifier needs at least one model.", nameof(members));
        }

        if (combination != EnsembleCombination.Mean && (thresholds is not null || !Enum.IsDefined(combination)))
        {
            throw new ArgumentException($"Combination {combination} is not supported here (multi-label models average their members).", nameof(combination));
        }

        foreach (NGramModel member in members)
        {
            if (labels.Length != member.Outputs)
            {
                throw new ArgumentException($"{labels.Length} labels but a head has {member.Outputs} outputs.", nameof(labels));
            }

            if (member.Sigmoid != thresholds is not null)
            {
                throw new ArgumentException("A multi-label classifier (with thresholds) needs sigmoid heads, a single-label one softmax heads.", nameof(members));
            }
        }

        if (thresholds is not null)
        {
            if (thresholds.Length != labels.Length)
            {
                throw new ArgumentException($"{labels.Length} labels but {thresholds.Length} thresholds.", nameof(thresholds));
            }

            foreach (float threshold in thresholds)
            {
                if (!(threshold >= 0f && threshold <= 1f))
                {
                    throw new ArgumentOutOfRangeException(nameof(thresholds), threshold, "Every threshold must be in [0, 1].");
                }
            }

            if (abstain is not null)
            {
                throw new ArgumentException("Multi-label models have per-label thresholds and no abstain threshold.", nameof(abstain));
            }
        }

        if (!IsValidTemperature(temperature) || (temperature != 1f && thresholds is not null))
        {
            throw new ArgumentOutOfRangeException(
                nameof(temperature), temperature, $"The temperature must be in [{MinTemperature}, {MaxTemperature}] (1 for none), and 1 for a multi-label model.");
        }

        if (abstain is not null && !AbstainSection.IsValidThreshold(abstain.Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(abstain), abstain.Threshold, "The confidence threshold must be in [0, 1] (or AbstainSection.AlwaysAbstain).");
        }

        _labels = labels;
        _members = members;
        _featureGroups = GroupByFeatures(members);
        _thresholds = thresholds;
        _labelView = Array.AsReadOnly(labels);
        _thresholdView = thresholds is null ? null : Array.AsReadOnly(thresholds);
        _combination = combination;
        _temperature = temperature;
        Training = training;
        Abstain = abstain;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _labelView;

    /// <summary>True for a multi-label model: a sigmoid per label, and <see cref="Prediction.PredictedLabels"/> holds
    /// every label whose probability reaches its entry of <see cref="Thresholds"/>.</summary>
    public bool IsMultiLabel => _thresholds is not null;

    /// <summary>The decision threshold of every label (aligned with <see cref="Labels"/>) of a multi-label model; null for
    /// a single-label model.</summary>
    public IReadOnlyList<float>? Thresholds => _thresholdView;

    /// <summary>What training recorded (settings and metrics), when known.</summary>
    public TrainingSection? Training { get; }

    /// <summary>How the confidence threshold was chosen, when the model has one.</summary>
    public AbstainSection? Abstain { get; }

    /// <summary>Predictions whose best probability is below this value are marked <see cref="Prediction.Abstained"/>
    /// ("none of these"); 0 when the model has no threshold.</summary>
    public float ConfidenceThreshold => (float)(Abstain?.Threshold ?? 0);

    /// <summary>The same model (weights shared) with a confidence threshold, or without one when
    /// <paramref name="abstain"/> is null.</summary>
    /// <param name="abstain">The confidence threshold and how it was chosen; null for none.</param>
    /// <returns>A new classifier over the same weights.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is outside [0, 1] and is not <see cref="AbstainSection.AlwaysAbstain"/>.</exception>
    /// <exception cref="ArgumentException">The model is multi-label (it has per-label thresholds instead).</exception>
    public TextClassifier WithAbstain(AbstainSection? abstain) => new(_labels, _members, Training, abstain, _thresholds, _combination, _temperature);

    /// <summary>The same single-label model (weights shared) at another temperature (<see cref="Temperature"/>).</summary>
    internal TextClassifier WithTemperature(float temperature) =>
        temperature == _temperature ? this : new(_labels, _members, Training, Abstain, _thresholds, _combination, temperature);

    /// <summary>The same multi-label model (weights shared) with other per-label thresholds.</summary>
    /// <param name="thresholds">One threshold per label, aligned with <see cref="Labels"/>; copied.</param>
    /// <returns>A new classifier over the same weights.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The model is single-label.</exception>
    /// <exception cref="ArgumentException">Not one threshold per label.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is outside [0, 1].</exception>
    public TextClassifier WithThresholds(IReadOnlyList<float> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (_thresholds is null)
        {
            throw new InvalidOperationException("Only multi-label models have per-label thresholds.");
        }

        return new TextClassifier(_labels, _members, Training, Abstain, [.. thresholds]);
    }

    /// <summary>The tokenizer stage (of the first model when this classifier averages several).</summary>
    public HashedNGramFeaturizer Featurizer => _members[0].Featurizer;

    /// <summary>Number of n-gram models whose probabilities are combined (1 for a single model).</summary>
    public int ModelCount => _members.Length;

    internal IReadOnlyList<NGramModel> Members => _members;

    /// <summary>How the members' probabilities are combined (<see cref="EnsembleCombination.Mean"/> for one model).</summary>
    public EnsembleCombination Combination => _combination;

    /// <summary>
    /// The temperature <c>T</c> the combined probabilities are scaled by: each text's probabilities are raised to
    /// <c>1/T</c> and rescaled to sum to 1 (log-probabilities divided by <c>T</c>). 1 (none) unless training fitted one
    /// on its validation split (<c>NGramTrainerOptions.FitTemperature</c>): under 1 sharpens probabilities that were
    /// less sure than the model is right, over 1 softens them. It keeps the order of a text's labels, so the label a text
    /// gets stays the same (save two labels within a float's rounding of each other, which can come out tied; a tie goes
    /// to the label listed first); it changes the confidences, so an abstain threshold is chosen on the scaled
    /// probabilities. Always 1 for a multi-label model.
    /// </summary>
    public float Temperature => _temperature;

    /// <summary>The lowest <see cref="Temperature"/> a classifier takes.</summary>
    public const float MinTemperature = 0.05f;

    /// <summary>The highest <see cref="Temperature"/> a classifier takes.</summary>
    public const float MaxTemperature = 20f;

    internal static bool IsValidTemperature(float temperature) => temperature >= MinTemperature && temperature <= MaxTemperature;

    /// <summary>The same model (weights shared, not copied) with a different training record, e.g. with test metrics
    /// added before saving so the bundle's manifest carries them.</summary>
    /// <param name="training">The training record the new instance carries.</param>
    /// <returns>A new classifier over the same weights.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="training"/> is null.</exception>
    public TextClassifier WithTraining(TrainingSection training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new TextClassifier(_labels, _members, training, Abstain, _thresholds, _combination, _temperature);
    }

    /// <summary>Loads a bundle folder (or its <c>textclassifier.json</c>). A relative path is read from the current
    /// directory only (registration through <c>AddTextClassifier</c> also tries the app's folder).</summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <returns>The loaded classifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file of the bundle is missing, corrupt or inconsistent.</exception>
    public static TextClassifier Load(string path) => ModelBundle.Load(path);

    /// <summary>As <see cref="Load(string)"/>, stopping when <paramref name="cancellationToken"/> is canceled (looked at
    /// before each file of the bundle and between 16 MiB pieces of a large one:
    /// <see cref="ModelBundle.Load(string, CancellationToken)"/>).</summary>
    /// <param name="path">A bundle folder or the path of its manifest.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <returns>The loaded classifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="BundleFormatException">A file of the bundle is missing, corrupt or inconsistent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static TextClassifier Load(string path, CancellationToken cancellationToken) => ModelBundle.Load(path, cancellationToken);

    /// <summary>Saves this model as a bundle folder, atomically: a failed save leaves an existing bundle intact.</summary>
    /// <param name="directory">The bundle folder to create or update.</param>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    /// <exception cref="IOException"><paramref name="directory"/> is a file (a bundle's manifest included: Save takes its
    /// folder) or holds other files, writing failed, or another save to the folder held it for two minutes.</exception>
    public void Save(string directory) => ModelBundle.Save(this, directory);

    /// <summary>Saves this model as a bundle folder, atomically, stopped by <paramref name="cancellationToken"/> until
    /// the bundle is replaced (<see cref="ModelBundle.Save(TextClassifier, string, CancellationToken)"/>): a canceled
    /// save leaves the folder as it was.</summary>
    /// <param name="directory">The bundle folder to create or update.</param>
    /// <param name="cancellationToken">Stops the save before the bundle is replaced.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled before the
    /// bundle was replaced.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    /// <exception cref="IOException"><paramref name="directory"/> is a file (a bundle's manifest included: Save takes its
    /// folder) or holds other files, writing failed, or another save to the folder held it for two minutes.</exception>
    public void Save(string directory, CancellationToken cancellationToken) => ModelBundle.Save(this, directory, cancellationToken);

    /// <inheritdoc />
    public Prediction Classify(string text)
    {
        // A caller's mistake, not a failed classification: refused before anything is recorded (as in a batch).
        ArgumentNullException.ThrowIfNull(text);
        using Activity? activity = TextClassificationTelemetry.StartActivity(TextClassificationTelemetry.ClassifyActivityName, 1);
        return ClassifyRecorded(text, activity, timeIt: true);
    }

    /// <inheritdoc />
    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        TextArguments.RequireNoNull(texts, nameof(texts));
        // Before anything is recorded, and for an empty batch too (which has no text to check it before).
        cancellationToken.ThrowIfCancellationRequested();
        using Activity? activity = TextClassificationTelemetry.StartActivity(TextClassificationTelemetry.ClassifyBatchActivityName, texts.Count);
        long started = TextClassificationTelemetry.StartTimestamp();
        var results = new Prediction[texts.Count];
        int degree = texts.Count < ParallelBatchThreshold ? 1 : BatchParallelism.Degree();
        if (degree == 1)
        {
            for (int i = 0; i < results.Length; i++)
            {
                // Every text: one long text takes milliseconds (texts are read to 16,384 tokens), and a check every 256
                // texts made a cancelled batch of long texts run on for over a second (an outside user's measurement).
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = ClassifyRecorded(texts[i], activity, timeIt: false);
            }

            TextClassificationTelemetry.RecordBatch(started);
            return results;
        }

        // At most one worker per core, and one of the pool's ready threads left free, counting the caller when it is a
        // pool thread (BatchParallelism): uncapped, Parallel.For took every thread the pool added while the batch ran,
        // and capped at the core count alone it still took every pool thread of a 2-core server, so timers and other
        // work queued there (a CancelAfter token, a server's requests) waited a second or more for a thread.
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = degree };
        Parallel.For(0, results.Length, options, i => results[i] = ClassifyRecorded(texts[i], activity: null, timeIt: false));
        TextClassificationTelemetry.RecordBatch(started);
        return results;
    }

    /// <inheritdoc />
    public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default)
    {
        // A classification takes microseconds: running it inline is cheaper than any thread hop. A canceled token gives
        // a canceled task, as the batch and the ONNX classifiers' tasks are, not an exception at the call.
        ArgumentNullException.ThrowIfNull(text);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<Prediction>(cancellationToken)
            : ValueTask.FromResult(Classify(text));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        // Checked at the call, as the synchronous batch does: inside the task they would fault it.
        TextArguments.RequireNoNull(texts, nameof(texts));
        // A canceled token gives a task that is canceled already: Task.Run's stays queued until a pool thread takes it,
        // which on a busy pool is what a request whose client has gone should not wait for.
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<IReadOnlyList<Prediction>>(cancellationToken)
            : Task.Run(() => ClassifyBatch(texts, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        if (probabilities.Length < _labels.Length)
        {
            throw new ArgumentException($"Needs room for {_labels.Length} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        Span<float> output = probabilities[.._labels.Length];
        if (_members.Length == 1)
        {
            _members[0].Score(text, output);
            ApplyTemperature(output);
            return;
        }

        float[]? rented = null;
        Span<float> member = _labels.Length <= StackallocFloats
            ? stackalloc float[_labels.Length]
            : (rented = ArrayPool<float>.Shared.Rent(_labels.Length)).AsSpan(0, _labels.Length);
        int[]? features = null;
        float[]? weights = null;
        try
        {
            int distinct = 0;
            float scale = 0;
            for (int m = 0; m < _members.Length; m++)
            {
                NGramModel model = _members[m];
                Span<float> target = m == 0 ? output : member;
                if (_featureGroups[m] == FeatureGroup.None)
                {
                    model.Score(text, target);
                }
                else
                {
                    // Members on the same features (the linear and naive Bayes members) featurise and weigh the text once.
                    if (_featureGroups[m] == FeatureGroup.First)
                    {
                        // Members that share features share featurizer settings: this one's bound holds for its group.
                        // A later group (a bundle may hold two) with a larger bound gets larger buffers.
                        int size = model.Featurizer.MaxFeaturesFor(text.Length);
                        if (features is null || features.Length < size)
                        {
                            if (features is not null)
                            {
                                ArrayPool<int>.Shared.Return(features);
                                ArrayPool<float>.Shared.Return(weights!);
                            }

                            features = ArrayPool<int>.Shared.Rent(size);
                            weights = ArrayPool<float>.Shared.Rent(size);
                        }
                        distinct = model.Prepare(text, features, weights, out scale);
                    }

                    model.ScorePrepared(features.AsSpan(0, distinct), weights.AsSpan(0, distinct), scale, target);
                }

                if (_combination == EnsembleCombination.RootMean)
                {
                    TensorPrimitives.Sqrt(target, target);
                }

                if (m > 0)
                {
                    TensorPrimitives.Add(output, member, output);
                }
            }

            TensorPrimitives.Multiply(output, 1f / _members.Length, output);
            if (_combination == EnsembleCombination.RootMean)
            {
                RootMean.Finish(output, _temperature);
            }
            else
            {
                ApplyTemperature(output);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }

            if (features is not null)
            {
                ArrayPool<int>.Shared.Return(features);
            }

            if (weights is not null)
            {
                ArrayPool<float>.Shared.Return(weights);
            }
        }
    }

    // Where a member stands among members that share their features (NGramModel.SharesFeaturesWith): not sharing,
    // the first of a run (it prepares the text), or a later one (it reuses what the first prepared).
    private enum FeatureGroup : byte
    {
        None,
        First,
        Later,
    }

    // The temperature's step on one text's combined probabilities (the root mean takes it in its own last step).
    private void ApplyTemperature(Span<float> probabilities)
    {
        if (_temperature != 1f)
        {
            ProbabilityPower.Apply(probabilities, 1f / _temperature);
        }
    }

    private static FeatureGroup[] GroupByFeatures(NGramModel[] members)
    {
        var groups = new FeatureGroup[members.Length];
        for (int m = 1; m < members.Length; m++)
        {
            if (members[m].SharesFeaturesWith(members[m - 1]))
            {
                groups[m - 1] = groups[m - 1] == FeatureGroup.Later ? FeatureGroup.Later : FeatureGroup.First;
                groups[m] = FeatureGroup.Later;
            }
        }

        return groups;
    }
}
