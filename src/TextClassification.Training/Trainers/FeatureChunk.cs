using System.Buffers;
using TextClassification.Tokenization;

namespace TextClassification.Training.Trainers;

/// <summary>
/// The raw feature buckets of one chunk of consecutive texts, back to back in one pooled array that is refilled for
/// chunk after chunk, so building a matrix touches a few chunks' worth of fresh memory instead of every text's features
/// at once.
/// </summary>
internal sealed class FeatureChunk : IDisposable
{
    /// <summary>Texts per chunk. Chunks are cut at fixed positions, so the result does not depend on the thread count.</summary>
    public const int Size = 1024;

    private readonly HashedNGramFeaturizer _featurizer;
    private int[] _buckets;

    public FeatureChunk(HashedNGramFeaturizer featurizer)
    {
        _featurizer = featurizer;
        _buckets = ArrayPool<int>.Shared.Rent(Math.Min(featurizer.MaxFeatures, 1 << 16) + (Size * 32));
    }

    /// <summary>Feature count of each text of the chunk; the first <see cref="Texts"/> are valid.</summary>
    public int[] Counts { get; } = new int[Size];

    /// <summary>Number of texts in the chunk.</summary>
    public int Texts { get; private set; }

    /// <summary>Number of features of all its texts.</summary>
    public int Features { get; private set; }

    /// <summary>All its texts' features, back to back.</summary>
    public ReadOnlySpan<int> Buckets => _buckets.AsSpan(0, Features);

    /// <summary>Featurizes the texts of chunk <paramref name="index"/>, replacing what the chunk held.</summary>
    public void Fill(IReadOnlyList<string> texts, int index)
    {
        int start = index * Size;
        int end = Math.Min(texts.Count, start + Size);
        int used = 0;
        for (int i = start; i < end; i++)
        {
            int room = _featurizer.MaxFeaturesFor(texts[i].Length);
            if (_buckets.Length - used < room)
            {
                int[] grown = ArrayPool<int>.Shared.Rent(Math.Max(_buckets.Length * 2, used + room));
                _buckets.AsSpan(0, used).CopyTo(grown);
                ArrayPool<int>.Shared.Return(_buckets);
                _buckets = grown;
            }

            int n = _featurizer.Extract(texts[i], _buckets.AsSpan(used, room));
            Counts[i - start] = n;
            used += n;
        }

        Texts = end - start;
        Features = used;
    }

    /// <summary>Hands the buffer back to the pool (once; the chunk holds nothing afterwards).</summary>
    public void Dispose()
    {
        if (_buckets.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_buckets);
            _buckets = [];
            Features = 0;
            Texts = 0;
        }
    }
}
