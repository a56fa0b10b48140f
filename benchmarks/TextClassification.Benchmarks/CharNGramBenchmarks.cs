using BenchmarkDotNet.Attributes;
using TextClassification.Tokenization;

namespace TextClassification.Benchmarks;

/// <summary>Char 3–5-grams of every word of the quick-start corpus: one rolling hash per position (what
/// <see cref="HashedNGramFeaturizer"/> does) against the reference that hashes every n-gram from scratch.</summary>
public class CharNGramBenchmarks
{
    private string[] _words = null!;
    private int[] _buffer = null!;
    private HashedNGramFeaturizer _featurizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _words = BenchmarkData.SampleRows()
            .SelectMany(row => row.Text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(word => word.Length > 64 ? word[..64] : word)
            .ToArray();
        _featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 });
        _buffer = new int[64];
        Console.WriteLine($"// {_words.Length} words");
        Verify();
    }

    // The rolling hash must give every word the reference's buckets, in the reference's order.
    private void Verify()
    {
        int[] reference = new int[_buffer.Length];
        foreach (string word in _words)
        {
            int count = _featurizer.ExtractCharNGramsReference(word, reference);
            int rolling = _featurizer.ExtractCharNGrams(word, _buffer);
            Agreement.Equal<int>(nameof(CharNGramBenchmarks), $"char n-grams of '{word}'", reference.AsSpan(0, count), _buffer.AsSpan(0, rolling));
        }
    }

    [Benchmark(Baseline = true)]
    public int Reference()
    {
        int total = 0;
        foreach (string word in _words)
        {
            total += _featurizer.ExtractCharNGramsReference(word, _buffer);
        }

        return total;
    }

    [Benchmark]
    public int Rolling()
    {
        int total = 0;
        foreach (string word in _words)
        {
            total += _featurizer.ExtractCharNGrams(word, _buffer);
        }

        return total;
    }
}
