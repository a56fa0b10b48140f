using System.Text;
using BenchmarkDotNet.Attributes;
using TextClassification.Tokenization;

namespace TextClassification.Benchmarks;

/// <summary>Hashed n-gram featurization (the default word model's tokenizer with the linear member's char n-grams) of the
/// quick-start corpus as written (ASCII) and with its letters in other scripts: Latin with accented vowels, Cyrillic,
/// Arabic, and ASCII with a zero-width or direction mark inside 30 % of its words, on both scanner paths. For the price
/// of a tokenizer change on text it does (or does not) touch; run it against the previous commit's build (session 42:
/// <see cref="HashedNGramOptions.SkipFormatChars"/>).</summary>
[MemoryDiagnoser]
public class ScriptFeaturizationBenchmarks
{
    private string[] _texts = null!;
    private int[] _buffer = null!;
    private HashedNGramFeaturizer _vectorized = null!;
    private HashedNGramFeaturizer _scalar = null!;

    [Params("ascii", "latin", "cyrillic", "arabic", "marks")]
    public string Script { get; set; } = "ascii";

    [GlobalSetup]
    public void Setup()
    {
        var rows = BenchmarkData.SampleRows();
        var random = new Random(42);
        _texts = [.. rows.Select(row => Rewrite(row.Text, Script, random))];
        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 };
        _vectorized = new HashedNGramFeaturizer(options, vectorized: true);
        _scalar = new HashedNGramFeaturizer(options, vectorized: false);
        _buffer = new int[_vectorized.MaxFeatures];
        Console.WriteLine($"// corpus: {_texts.Length} texts, {_texts.Sum(text => Encoding.UTF8.GetByteCount(text))} UTF-8 bytes");
        BenchmarkData.VerifySameFeatures(nameof(ScriptFeaturizationBenchmarks), _scalar, _vectorized, _texts);
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => Run(_scalar);

    [Benchmark]
    public int Vectorized() => Run(_vectorized);

    private int Run(HashedNGramFeaturizer featurizer) => BenchmarkData.ExtractAll(featurizer, _texts, _buffer);

    // The text with its ASCII letters mapped to one script (a letter for a letter, so words keep their lengths), or
    // with a format char inside some words.
    private static string Rewrite(string text, string script, Random random)
    {
        if (script == "ascii")
        {
            return text;
        }

        if (script == "marks")
        {
            string[] marks = ["\u200B", "\u00AD", "\u200F", "\u200E", "\u2066"];
            return string.Join(' ', text.Split(' ').Select(word =>
                word.Length > 2 && random.NextDouble() < 0.3 ? word.Insert(random.Next(1, word.Length), marks[random.Next(marks.Length)]) : word));
        }

        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int letter = char.IsAsciiLetterLower(c) ? c - 'a' : char.IsAsciiLetterUpper(c) ? c - 'A' : -1;
            builder.Append(letter < 0 ? c : script switch
            {
                "latin" => "aeiou".Contains(char.ToLowerInvariant(c)) && random.NextDouble() < 0.3 ? "áéíóú"["aeiou".IndexOf(char.ToLowerInvariant(c))] : c,
                "cyrillic" => (char)((char.IsAsciiLetterUpper(c) ? 0x0410 : 0x0430) + letter),
                _ => (char)(0x0627 + letter),
            });
        }

        return builder.ToString();
    }
}
