using System.Text;
using BenchmarkDotNet.Attributes;
using TextClassification.Tokenization;
using BertOptions = Microsoft.ML.Tokenizers.BertOptions;
using BertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;

namespace TextClassification.Benchmarks;

/// <summary>
/// BERT tokenization of one corpus, three ways in one run: ours (vectorized), our scalar reference, and
/// Microsoft.ML.Tokenizers' BertTokenizer (ids with [CLS]/[SEP], uncased, accents stripped). The corpus is the
/// shared sst2 + ag_news test texts when <c>TEXTCLASSIFICATION_DATASETS</c> is set, else the quick-start messages;
/// the vocabulary is <c>TEXTCLASSIFICATION_VOCAB</c> (required). Setup prints the corpus size and token count:
/// divide by the mean for MB/s and tokens/s.
/// </summary>
[MemoryDiagnoser]
public class WordPieceTokenizerBenchmarks
{
    private string[] _texts = null!;
    private long[] _ids = null!;
    private int[] _intIds = null!;
    private long[] _mask = null!;
    private WordPieceTokenizer _ours = null!;
    private WordPieceTokenizer _scalar = null!;
    private BertTokenizer _peer = null!;

    [GlobalSetup]
    public void Setup()
    {
        string vocab = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_VOCAB")
            ?? throw new InvalidOperationException("Set TEXTCLASSIFICATION_VOCAB to bert-base-uncased-vocab.txt.");
        string? datasets = Environment.GetEnvironmentVariable("TEXTCLASSIFICATION_DATASETS");
        var texts = new List<string>();
        if (!string.IsNullOrEmpty(datasets))
        {
            // Set but not found: a run on the quick-start texts instead would report numbers for another corpus.
            if (!Directory.Exists(datasets))
            {
                throw new DirectoryNotFoundException($"TEXTCLASSIFICATION_DATASETS is '{datasets}', which does not exist.");
            }

            foreach (string name in new[] { "sst2", "ag_news" })
            {
                texts.AddRange(Training.Data.DatasetReader.Read(Path.Combine(datasets, name, "test.tsv")).Rows.Select(r => r.Text));
            }
        }
        else
        {
            texts.AddRange(BenchmarkData.SampleRows().Select(r => r.Text));
        }

        _texts = [.. texts];
        _ours = WordPieceTokenizer.Create(vocab);
        _scalar = _ours.AsScalarReference();
        _peer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        _ids = new long[_ours.Options.MaxLength];
        _mask = new long[_ours.Options.MaxLength];
        _intIds = new int[_ours.Options.MaxLength];
        Verify();
        long bytes = _texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        Console.WriteLine($"// corpus: {_texts.Length} texts, {bytes} UTF-8 bytes, {Ours()} tokens (ours, with [CLS]/[SEP])");
    }

    [Benchmark(Baseline = true)]
    public long BertTokenizer_EncodeToIds()
    {
        long total = 0;
        foreach (string text in _texts)
        {
            total += _peer.EncodeToIds(text).Count;
        }

        return total;
    }

    /// <summary>What the peer does: ids of [CLS] tokens [SEP], no padding.</summary>
    [Benchmark]
    public long Ours_EncodeToIds() => RunIds(_ours);

    [Benchmark]
    public long Scalar_reference_EncodeToIds() => RunIds(_scalar);

    /// <summary>The ONNX-ready form: ids and attention mask, padded to a 512-long row on every call.</summary>
    [Benchmark]
    public long Ours() => Run(_ours);

    [Benchmark]
    public long Scalar_reference() => Run(_scalar);

    // Every text: ours and the scalar reference give the same ids and padded rows; the peer gives our ids once the
    // code points of the documented difference classes (docs/design.md) are blanked, and the texts that hold one are
    // counted, since on those the peer's work is not ours.
    private void Verify()
    {
        const string Suite = nameof(WordPieceTokenizerBenchmarks);
        long[] scalarIds = new long[_ids.Length];
        long[] scalarMask = new long[_mask.Length];
        int[] scalarIntIds = new int[_intIds.Length];
        int differing = 0;
        foreach (string text in _texts)
        {
            int ours = _ours.EncodeToIds(text, _intIds);
            int scalar = _scalar.EncodeToIds(text, scalarIntIds);
            Agreement.Equal<int>(Suite, $"ids of '{text}' (ours, scalar)", _intIds.AsSpan(0, ours), scalarIntIds.AsSpan(0, scalar));
            if (!_intIds.AsSpan(0, ours).SequenceEqual([.. _peer.EncodeToIds(text)]))
            {
                differing++;
            }

            _ours.Encode(text, _ids, _mask);
            _scalar.Encode(text, scalarIds, scalarMask);
            Agreement.Equal<long>(Suite, $"padded ids of '{text}'", scalarIds, _ids);
            Agreement.Equal<long>(Suite, $"mask of '{text}'", scalarMask, _mask);

            string neutral = TextClassification.Tests.WordPiece.BertTokenizerDifferences.Neutralize(text);
            int neutralCount = _ours.EncodeToIds(neutral, _intIds);
            Agreement.Equal<int>(Suite, $"ids of '{neutral}' (peer, ours)", [.. _peer.EncodeToIds(neutral)], _intIds.AsSpan(0, neutralCount));
        }

        Console.WriteLine($"// the peer's ids differ from ours on {differing} of {_texts.Length} texts, each in a documented difference class");
    }

    private long RunIds(WordPieceTokenizer tokenizer)
    {
        long total = 0;
        foreach (string text in _texts)
        {
            total += tokenizer.EncodeToIds(text, _intIds);
        }

        return total;
    }

    private long Run(WordPieceTokenizer tokenizer)
    {
        long total = 0;
        foreach (string text in _texts)
        {
            total += tokenizer.Encode(text, _ids, _mask);
        }

        return total;
    }
}
