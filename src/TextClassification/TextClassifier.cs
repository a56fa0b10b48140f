using System.Buffers;
using System.Diagnostics;
using TextClassification.Bundles;
using TextClassification.Diagnostics;
using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Tokenization;

namespace TextClassification;

/// <summary>
/// The pipeline of an n-gram model: hashed n-gram tokenizer → embedding bag → pooling (masked mean or sublinear
/// TF-IDF) → linear head → softmax. Immutable once built, so one instance serves any number of threads.
/// </summary>
public sealed partial class TextClassifier : ITextClassifier
{
    private const int ParallelBatchThreshold = 512;
    private const int StackallocFloats = 1024;

    private readonly string[] _labels;

    internal TextClassifier(string[] labels, HashedNGramFeaturizer featurizer, EmbeddingBag encoder, LinearHead head, TrainingSection? training)
    {
        if (labels.Length != head.Outputs)
        {
            throw new ArgumentException($"{labels.Length} labels but the head has {head.Outputs} outputs.", nameof(labels));
        }

        if (encoder.Dimension != head.Inputs)
        {
            throw new ArgumentException($"Encoder dimension {encoder.Dimension} differs from head input {head.Inputs}.", nameof(head));
        }

        _labels = labels;
        Featurizer = featurizer;
        Encoder = encoder;
        Head = head;
        Training = training;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>What training recorded (settings and metrics), when known.</summary>
    public TrainingSection? Training { get; }

    /// <summary>The tokenizer stage.</summary>
    public HashedNGramFeaturizer Featurizer { get; }

    internal EmbeddingBag Encoder { get; }

    internal LinearHead Head { get; }

    /// <summary>The same model (weights shared, not copied) with a different training record, e.g. with test metrics
    /// added before saving so the bundle's manifest carries them.</summary>
    public TextClassifier WithTraining(TrainingSection training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new TextClassifier(_labels, Featurizer, Encoder, Head, training);
    }

    /// <summary>Loads a bundle folder (or its <c>textclassifier.json</c>).</summary>
    /// <exception cref="BundleFormatException">A file of the bundle is missing, corrupt or inconsistent.</exception>
    public static TextClassifier Load(string path) => ModelBundle.Load(path);

    /// <summary>Saves this model as a bundle folder, atomically: a failed save leaves an existing bundle intact.</summary>
    public void Save(string directory) => ModelBundle.Save(this, directory);

    /// <inheritdoc />
    public Prediction Classify(string text)
    {
        using Activity? activity = TextClassificationTelemetry.StartActivity(ClassifyActivityName, 1);
        return ClassifyRecorded(text, activity, timeIt: true);
    }

    /// <inheritdoc />
    public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(texts), $"Text at index {i} is null.");
            }
        }

        using Activity? activity = TextClassificationTelemetry.StartActivity(ClassifyBatchActivityName, texts.Count);
        long started = TextClassificationTelemetry.StartTimestamp();
        var results = new Prediction[texts.Count];
        if (texts.Count < ParallelBatchThreshold)
        {
            for (int i = 0; i < results.Length; i++)
            {
                if ((i & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                results[i] = ClassifyRecorded(texts[i], activity, timeIt: false);
            }

            TextClassificationTelemetry.RecordBatch(started);
            return results;
        }

        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, results.Length, options, i => results[i] = ClassifyRecorded(texts[i], activity: null, timeIt: false));
        TextClassificationTelemetry.RecordBatch(started);
        return results;
    }

    /// <inheritdoc />
    public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default)
    {
        // A classification takes microseconds: running it inline is cheaper than any thread hop.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Classify(text));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Task.Run(() => ClassifyBatch(texts, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        if (probabilities.Length < _labels.Length)
        {
            throw new ArgumentException($"Needs room for {_labels.Length} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        int[] features = ArrayPool<int>.Shared.Rent(Featurizer.MaxFeatures);
        float[]? rentedHidden = null;
        int dimension = Encoder.Dimension;
        Span<float> hidden = dimension <= StackallocFloats
            ? stackalloc float[dimension]
            : (rentedHidden = ArrayPool<float>.Shared.Rent(dimension)).AsSpan(0, dimension);
        try
        {
            int count = Featurizer.Extract(text, features);
            Encoder.Pool(features.AsSpan(0, count), hidden);
            Span<float> output = probabilities[.._labels.Length];
            Head.Forward(hidden, output);
            Activations.Softmax(output, output);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(features);
            if (rentedHidden is not null)
            {
                ArrayPool<float>.Shared.Return(rentedHidden);
            }
        }
    }
}
