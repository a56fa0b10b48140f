using System.Buffers;
using TextClassification.Encoders;
using TextClassification.Heads;
using TextClassification.Tokenization;

namespace TextClassification;

/// <summary>
/// One n-gram model: hashed n-gram tokenizer → embedding bag → pooling → linear head → softmax (single-label) or
/// sigmoid per label (multi-label, one-vs-all). A
/// <see cref="TextClassifier"/> holds one, or several whose probabilities it averages. Immutable and thread-safe.
/// </summary>
internal sealed class NGramModel
{
    private const int StackallocFloats = 1024;

    public NGramModel(HashedNGramFeaturizer featurizer, EmbeddingBag encoder, LinearHead head, bool sigmoid = false)
    {
        if (encoder.Dimension != head.Inputs)
        {
            throw new ArgumentException($"Encoder dimension {encoder.Dimension} differs from head input {head.Inputs}.", nameof(head));
        }

        Featurizer = featurizer;
        Encoder = encoder;
        Head = head;
        Sigmoid = sigmoid;
    }

    /// <summary>True when the head's activation is a sigmoid per label (multi-label); false for softmax.</summary>
    public bool Sigmoid { get; }

    public HashedNGramFeaturizer Featurizer { get; }

    public EmbeddingBag Encoder { get; }

    public LinearHead Head { get; }

    /// <summary>Number of labels.</summary>
    public int Outputs => Head.Outputs;

    /// <summary>Writes the softmax (or, for <see cref="Sigmoid"/> models, per-label sigmoid) probabilities of <paramref name="text"/> into the first <see cref="Outputs"/> values
    /// of <paramref name="probabilities"/>.</summary>
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        int[] features = ArrayPool<int>.Shared.Rent(Featurizer.MaxFeaturesFor(text.Length));
        float[]? rentedHidden = null;
        int dimension = Encoder.Dimension;
        Span<float> hidden = dimension <= StackallocFloats
            ? stackalloc float[dimension]
            : (rentedHidden = ArrayPool<float>.Shared.Rent(dimension)).AsSpan(0, dimension);
        try
        {
            int count = Featurizer.Extract(text, features);
            Encoder.Pool(features.AsSpan(0, count), hidden);
            Activate(hidden, probabilities);
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

    /// <summary>True when <paramref name="other"/> pools the same rows with the same weights for every text, so one
    /// <see cref="Prepare"/> serves both: the same featurizer settings, TF-IDF pooling, and the same index and IDF
    /// instances (the linear and naive Bayes members, as trained and as loaded from a bundle).</summary>
    public bool SharesFeaturesWith(NGramModel other) =>
        Encoder.Pooling == NGramPooling.TfIdf
        && ReferenceEquals(Encoder.Index, other.Encoder.Index)
        && ReferenceEquals(Encoder.Idf, other.Encoder.Idf)
        && Featurizer.Options == other.Featurizer.Options;

    /// <summary>The text-dependent half of scoring a TF-IDF model: extracts the features of <paramref name="text"/> into
    /// <paramref name="features"/> (<see cref="HashedNGramFeaturizer.MaxFeatures"/> long) and weighs their rows
    /// (<see cref="EmbeddingBag.WeighTfIdf"/>) into <paramref name="weights"/> (as long) and their normalising
    /// <paramref name="scale"/>; returns the number of distinct rows, which head <paramref name="features"/>.</summary>
    public int Prepare(ReadOnlySpan<char> text, Span<int> features, Span<float> weights, out float scale)
    {
        int count = Featurizer.Extract(text, features);
        return Encoder.WeighTfIdf(features[..count], weights, out scale);
    }

    /// <summary>Scores from the rows and weights of <see cref="Prepare"/> (of this model or of one it
    /// <see cref="SharesFeaturesWith"/>).</summary>
    public void ScorePrepared(ReadOnlySpan<int> rows, ReadOnlySpan<float> weights, float scale, Span<float> probabilities)
    {
        int dimension = Encoder.Dimension;
        float[]? rentedHidden = null;
        Span<float> hidden = dimension <= StackallocFloats
            ? stackalloc float[dimension]
            : (rentedHidden = ArrayPool<float>.Shared.Rent(dimension)).AsSpan(0, dimension);
        try
        {
            Encoder.Accumulate(rows, weights, scale, hidden);
            Activate(hidden, probabilities);
        }
        finally
        {
            if (rentedHidden is not null)
            {
                ArrayPool<float>.Shared.Return(rentedHidden);
            }
        }
    }

    // Head and activation: the probabilities of a pooled vector.
    private void Activate(ReadOnlySpan<float> hidden, Span<float> probabilities)
    {
        Span<float> output = probabilities[..Outputs];
        Head.Forward(hidden, output);
        if (Sigmoid)
        {
            Activations.Sigmoid(output, output);
        }
        else
        {
            Activations.Softmax(output, output);
        }
    }
}
