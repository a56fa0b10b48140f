using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Fuzz;

/// <summary>The tiny models and vocabulary every target runs against, built in-process from seeded synthetic data.</summary>
internal static class FuzzModels
{
    private static readonly string[][] Keywords =
    [
        ["stock", "market", "bank", "loan", "interest", "dividend"],
        ["football", "goal", "match", "team", "league", "coach"],
        ["rain", "storm", "forecast", "cloudy", "snow", "wind"],
    ];

    private static readonly string[] Labels = ["finance", "sports", "weather"];

    private static readonly Lazy<TextClassifier> SingleModel = new(() => Train(ensemble: false, seed: 1));
    private static readonly Lazy<TextClassifier> EnsembleModel = new(() => Train(ensemble: true, seed: 2));
    private static readonly Lazy<TextClassifier> TemperatureModel = new(() => EnsembleModel.Value.WithTemperature(0.7f));
    private static readonly Lazy<WordPieceTokenizer[]> WordPieceTokenizers = new(CreateWordPieces);

    /// <summary>A single model (format version 1), a two-model ensemble (format version 2) and that ensemble at
    /// temperature 0.7 (format version 15; the 120 training rows are too few for the trainer to fit one).</summary>
    public static TextClassifier[] Models => [SingleModel.Value, EnsembleModel.Value, TemperatureModel.Value];

    /// <summary>WordPiece tokenizers with different settings and row lengths over one small vocabulary.</summary>
    public static WordPieceTokenizer[] WordPieces => WordPieceTokenizers.Value;

    /// <summary>Featurizer settings: defaults, char n-grams (with n-grams across unspaced runs), long word n-grams with few
    /// tokens, tiny bucket count.</summary>
    public static HashedNGramOptions[] FeaturizerOptions { get; } =
    [
        new HashedNGramOptions(),
        new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 },
        new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true, UnspacedRunNGrams = true }, // the linear member's
        new HashedNGramOptions { CharNGramMin = 2, CharNGramMax = 8, UnspacedRunNGrams = true, MaxTokens = 5 },
        new HashedNGramOptions { WordNGrams = 5, Lowercase = false, MaxTokens = 16, SymbolSuffixes = false, FoldDiacritics = false, FoldWidth = false, ComposeHangul = false, FoldCompatibilityForms = false, SkipFormatChars = false, FoldConfusables = false, JoinSpacedLetters = false },
        new HashedNGramOptions { CharNGramMin = 2, CharNGramMax = 4, FoldAbjadMarks = false },
        new HashedNGramOptions { WordNGrams = 1, CharNGramMin = 1, CharNGramMax = 8, Buckets = 7, MaxTokens = 3 },
    ];

    /// <summary>Seed texts: sentences of the training kind plus odd ones.</summary>
    public static List<string> SeedTexts(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new List<string> { string.Empty, " ", "?!", "😀 中文 café", "e\u0301", "Tiếng Việt ἀθῆναι \u0301\u0300", "ＡＴＭ ｃａｒｄ！ Ｃ＃", "كِتَابٌ عـــربي שָׁלוֹם בית־ספר \u064B", "\u1112\u1161\u11AB\u1100\u116E\u11A8 \u1100 \uAC00\u11A8", "\uD800x", "İstanbul ΣΊΣΥΦΟΣ", "ภาษาไทยไม่มีช่องว่าง", "がくせい\u304B\u3099" };
        while (texts.Count < count)
        {
            texts.Add(Sentence(random, Keywords[random.Next(Keywords.Length)]));
        }

        return texts;
    }

    private static TextClassifier Train(bool ensemble, int seed)
    {
        var random = new Random(seed);
        var rows = new List<LabeledText>();
        for (int i = 0; i < 40; i++)
        {
            for (int label = 0; label < Labels.Length; label++)
            {
                rows.Add(new LabeledText(Sentence(random, Keywords[label]), Labels[label], rows.Count + 2));
            }
        }

        var options = new NGramTrainerOptions
        {
            Seed = seed,
            Dimension = 8,
            MaxEpochs = 5,
            Threads = 1,
            Tokenizer = new HashedNGramOptions { Buckets = 1 << 16 },
            EnsembleTokenizer = ensemble ? new HashedNGramOptions { Buckets = 1 << 16, CharNGramMin = 3, CharNGramMax = 5 } : null,
        };
        return NGramTrainer.Train(rows, options).Classifier;
    }

    private static string Sentence(Random random, string[] keywords)
    {
        string[] filler = ["the", "a", "today", "very", "we", "said", "news", "and"];
        int words = random.Next(3, 9);
        var parts = new string[words];
        for (int i = 0; i < words; i++)
        {
            parts[i] = random.Next(3) == 0 ? keywords[random.Next(keywords.Length)] : filler[random.Next(filler.Length)];
        }

        return string.Join(' ', parts);
    }

    private static WordPieceTokenizer[] CreateWordPieces()
    {
        var tokens = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };
        for (char c = '!'; c <= '~'; c++)
        {
            tokens.Add(c.ToString());
        }

        foreach (char c in "abcdefghijklmnopqrstuvwxyz0123456789")
        {
            tokens.Add("##" + c);
        }

        tokens.AddRange(["stock", "market", "##s", "##ing", "the", "cafe", "中", "文", "σ", "##ς", "😀", "##😀"]);
        WordPieceVocabulary vocabulary = WordPieceVocabulary.Create(tokens);
        return
        [
            WordPieceTokenizer.Create(vocabulary, new WordPieceOptions { MaxLength = 16 }),
            WordPieceTokenizer.Create(vocabulary, new WordPieceOptions { MaxLength = 3, Lowercase = false }),
            WordPieceTokenizer.Create(vocabulary, new WordPieceOptions { MaxLength = 128, CleanText = false, HandleChineseCharacters = false }),
            WordPieceTokenizer.Create(vocabulary, new WordPieceOptions { MaxLength = 512, StripAccents = false, MaxInputCharsPerWord = 4, SpecialTokens = [] }),
        ];
    }
}
