using System.Text;
using BenchmarkDotNet.Attributes;
using TextClassification.Tokenization;

namespace TextClassification.Benchmarks;

/// <summary>Hashed n-gram featurization of the quick-start corpus: the vectorized scanner against the scalar reference
/// (ratio = speed-up). Divide the corpus size (printed in setup) by the mean time for MB/s. <see cref="CaseShapes"/>
/// prices the letter-case features of the linear member's tokenizer.</summary>
[MemoryDiagnoser]
public class NGramTokenizerBenchmarks
{
    private string[] _texts = null!;
    private int[] _buffer = null!;
    private HashedNGramFeaturizer _vectorized = null!;
    private HashedNGramFeaturizer _scalar = null!;

    [Params(false, true)]
    public bool CharNGrams { get; set; }

    [Params(false, true)]
    public bool CaseShapes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rows = BenchmarkData.SampleRows();
        _texts = new string[rows.Count];
        long bytes = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            _texts[i] = rows[i].Text;
            bytes += Encoding.UTF8.GetByteCount(rows[i].Text);
        }

        var options = CharNGrams ? new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 } : new HashedNGramOptions();
        options = options with { CaseShapes = CaseShapes };
        _vectorized = new HashedNGramFeaturizer(options, vectorized: true);
        _scalar = new HashedNGramFeaturizer(options, vectorized: false);
        _buffer = new int[_vectorized.MaxFeatures];
        Console.WriteLine($"// corpus: {_texts.Length} texts, {bytes} UTF-8 bytes");
        BenchmarkData.VerifySameFeatures(nameof(NGramTokenizerBenchmarks), _scalar, _vectorized, _texts);
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => Run(_scalar);

    [Benchmark]
    public int Vectorized() => Run(_vectorized);

    private int Run(HashedNGramFeaturizer featurizer) => BenchmarkData.ExtractAll(featurizer, _texts, _buffer);
}
