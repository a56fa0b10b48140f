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
    /// <summary>Most texts per chunk. Chunks are cut at positions the texts alone decide (<see cref="Starts"/>), so the
    /// result does not depend on the thread count.</summary>
    public const int Size = 1024;

    /// <summary>Most chars per chunk, but for a chunk of one longer text: 1,024 long texts read to 16,384 tokens could
    /// hold 450M features (1.8 GB) in one chunk's buffer; a chunk now holds about 1M chars' worth (tens of MB).</summary>
    public const int CharBudget = 1 << 20;

    /// <summary>Where each chunk of <paramref name="texts"/> starts, then <c>texts.Count</c>: a chunk ends after
    /// <see cref="Size"/> texts or before the text that would take it past <paramref name="charBudget"/> chars. (Numbering
    /// reads the texts in order, so where chunks are cut changes memory only, never the matrix.)</summary>
    public static List<int> Starts(IReadOnlyList<string> texts, int charBudget = CharBudget)
    {
        var starts = new List<int> { 0 };
        int start = 0;
        long chars = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            int length = texts[i].Length;
            if (i - start == Size || (i > start && chars + length > charBudget))
            {
                starts.Add(i);
                start = i;
                chars = 0;
            }

            chars += length;
        }

        if (texts.Count > 0)
        {
            starts.Add(texts.Count);
        }

        return starts;
    }

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

    /// <summary>Featurizes texts <paramref name="start"/> to <paramref name="end"/> (exclusive, at most
    /// <see cref="Size"/>), replacing what the chunk held.</summary>
    public void Fill(IReadOnlyList<string> texts, int start, int end)
    {
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
