namespace TextClassification.Tokenization;

/// <summary>Settings of the hashed n-gram tokenizer (stored in the bundle manifest).</summary>
public sealed record HashedNGramOptions
{
    /// <summary>Longest word n-gram: 1 = unigrams only, 2 = unigrams and bigrams (default), up to 5.</summary>
    public int WordNGrams { get; init; } = 2;

    /// <summary>Shortest char n-gram inside a word (with boundary marks &lt; and &gt;), in characters; 0 disables char
    /// n-grams.</summary>
    public int CharNGramMin { get; init; }

    /// <summary>Longest char n-gram, in characters: at most 8, and at least <see cref="CharNGramMin"/> when that is above 0;
    /// 0 disables char n-grams.</summary>
    public int CharNGramMax { get; init; }

    /// <summary>Hash buckets the features are mapped onto; at least 1.</summary>
    public int Buckets { get; init; } = 2_000_000;

    /// <summary>Lower-case text before hashing.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>
    /// One more feature per word whose letter case lower-casing hides: one for words in capitals ("CPR", "FREE"), one
    /// for capitalised words after the text's first word ("Russia"). Off by default; the linear member's tokenizer
    /// turns it on. Bundles that use it are written as format version 3.
    /// </summary>
    public bool CaseShapes { get; init; }

    /// <summary>
    /// One more feature per token from the third on: the token paired with the one two before it ("not … good"), which
    /// word n-grams miss when a word sits between. Off by default: it lifted sst2 by about a point in the word model but
    /// cost the small sets (docs/benchmarks.md, "Session 14"), so <c>--autotune</c> tries it. Bundles that use it are
    /// written as format version 3.
    /// </summary>
    public bool SkipBigrams { get; init; }

    /// <summary>
    /// Each char of a script written without spaces between words (Thai, Lao, Khmer, Myanmar, Japanese hiragana and
    /// katakana) is a token of its own, as CJK ideographs always are, so word n-grams become char n-grams there. Without
    /// it a run of such chars is one word, and a word gets at most 24 char n-grams, all from its start: text past about
    /// its 23rd char was invisible. On by default; bundles that use it are written as format version 4, and bundles
    /// without the setting (older ones) read it as off, so they featurize as they were trained.
    /// </summary>
    public bool SplitUnspacedScripts { get; init; } = true;

    /// <summary>
    /// Letters are read in their canonical decomposition (a base letter, then its combining marks), so text typed
    /// precomposed ("é", NFC) and decomposed ("e" + U+0301, NFD, as macOS and some keyboards write it) gives the same
    /// words and char n-grams. Hangul syllables stay whole. Without it the two forms were different words (a model
    /// trained on NFC text scored 0.685 instead of 1.0 on the same test texts in NFD). On by default; bundles that use
    /// it are written as format version 4, and bundles without the setting (older ones) read it as off.
    /// </summary>
    public bool NormalizeAccents { get; init; } = true;

    /// <summary>
    /// With <see cref="NormalizeAccents"/>: a word is read without the combining diacritical marks of Latin, Greek and
    /// Cyrillic letters ("whát", "teléfono" as "what", "telefono"), for its word n-grams and char n-grams, and the word as
    /// written is one more feature, so text typed with and without accents shares its features and a word whose accents
    /// tell it apart keeps its own. Other scripts' vowel signs and points are kept (Arabic and Hebrew ones fold with
    /// <see cref="FoldAbjadMarks"/>). Bundles that use it are written as
    /// format version 8, and older bundles read it as off.
    /// </summary>
    public bool FoldDiacritics { get; init; } = true;

    /// <summary>
    /// With <see cref="FoldDiacritics"/>: the optional vowel marks of Arabic (harakat, U+064B–065F and U+0670, with the
    /// Quranic annotation signs) and Hebrew (niqqud points and cantillation, U+0591–05C7 but not the maqaf, paseq, sof
    /// pasuq and nun hafukha) and the Arabic tatweel (U+0640, pure elongation) are folded as the Latin accents are: a
    /// pointed or stretched word is read as the word written without them, and the word as written is one more feature.
    /// Ordinary Arabic and Hebrew text omits these marks, so before a pointed word shared nothing with it (an outside
    /// check: trec6 in Arabic letters with marks on its test texts scored 0.54, ML.NET 0.82). Decomposed, أ إ آ ؤ ئ are a
    /// base letter and a hamza or madda mark, so they fold to ا و ي as Lucene's ArabicNormalizer merges them; the
    /// written form stays a feature. Bundles that use it are written as format version 10, and older bundles read it as
    /// off.
    /// </summary>
    public bool FoldAbjadMarks { get; init; } = true;

    /// <summary>
    /// With <see cref="NormalizeAccents"/>: Korean typed as conjoining jamo (a leading consonant U+1100–1112, a vowel
    /// U+1161–1175 and optionally a trailing consonant U+11A8–11C2, as macOS stores decomposed text) is read as the
    /// precomposed syllable they spell, so NFD Korean gives the words and char n-grams of NFC Korean. Without it the two
    /// shared no feature (an outside check: trec6 in Hangul with its test texts in NFD scored 0.28 against 0.91; every
    /// peer tool collapsed too). A jamo that starts no syllable is read as it is. Bundles that use it are written as
    /// format version 10, and older bundles read it as off.
    /// </summary>
    public bool ComposeHangul { get; init; } = true;

    /// <summary>
    /// Full-width Latin letters, digits and ASCII symbols (U+FF01–FF5E, as Japanese and Chinese input methods type them:
    /// "ＡＴＭ", "１２３", "！") are read as their ASCII forms, so they are the words and symbols typed in ASCII. Without
    /// it they shared no feature (an outside check: trec6 with its test texts in full-width scored 0.176; every peer
    /// tool collapsed too). Bundles that use it are written as format version 8, and older bundles read it as off.
    /// </summary>
    public bool FoldWidth { get; init; } = true;

    /// <summary>
    /// With <see cref="NormalizeAccents"/>: common compatibility forms are read as the letters they stand for, as Unicode's
    /// NFKC normalization reads them: half-width katakana (U+FF61–FF9F) as full-width, a following half-width voicing mark
    /// (ﾞ ﾟ) or combining one (U+3099, U+309A, as NFD text holds it) composed onto the kana (ｶﾞ and カ + U+3099 as ガ);
    /// Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF, as text extracted from PDFs holds them) as their base
    /// letters, a ligature as its letters (ﻻ as لا); mathematical alphanumerics (U+1D400–1D7FF, the bold, italic, script
    /// and monospace letters of "font generators") as ASCII letters and digits (Greek ones as Greek letters); circled,
    /// squared and negative enclosed letters (Ⓐ ⓐ, U+24B6–24E9; U+1F130–1F149, U+1F150–1F169, U+1F170–1F189) as ASCII
    /// letters; the small capitals font generators use (ᴀ ʙ ᴄ ᴅ ᴇ ꜰ ɢ ʜ ɪ ᴊ ᴋ ʟ ᴍ ɴ ᴏ ᴘ ǫ ʀ ꜱ ᴛ ᴜ ᴠ ᴡ ʏ ᴢ, which have no NFKC
    /// mapping; ǫ, also a letter of Navajo and Old Norse, is read as q) as ASCII letters; and the Latin ligatures
    /// U+FB00–FB06 (ﬁ) as their letters. There is no "as written" feature: they are the same letters. Forms whose NFKC
    /// holds a space or a char of another kind (Arabic isolated harakat U+FE70…, the phrase ligatures U+FDFA–FDFB, the
    /// rial sign) are read as they are. Without it they shared no feature with the plain text (an outside check: snips
    /// with half-width katakana test texts scored 0.153 for every tool, banking77 with "fancy" letters 0.573). Bundles
    /// that use it are written as format version 11, and older bundles read it as off.
    /// </summary>
    public bool FoldCompatibilityForms { get; init; } = true;

    /// <summary>
    /// Invisible format characters (Unicode category Cf) inside a word do not split it: a run of them with a word char on
    /// both sides is read as nothing (not part of the word's chars, hash or char n-grams) and the word goes on, as BERT's
    /// tokenizer drops them. Text copied from web pages, word processors, PDFs and right-to-left chat apps holds them
    /// inside words: soft hyphens (U+00AD), zero-width spaces, non-joiners and joiners (U+200B–200D), the word joiner
    /// (U+2060), U+FEFF, the direction marks LRM, RLM and ALM (U+200E, U+200F, U+061C) and the bidi embeddings, overrides
    /// and isolates (U+202A–202E, U+2066–2069); "pay\u00ADment" and "pa\u200Fris" read as "payment" and "paris". A
    /// format char anywhere else (between words, next to a symbol such as an emoji in a ZWJ sequence, between the chars
    /// <see cref="SplitUnspacedScripts"/> makes tokens of) separates as before. Persian and Indic words spelled with a
    /// ZWNJ or ZWJ read as one word. Without it a word with such a char shared no word feature with its plain form (an
    /// outside check: trec6 with direction marks inside 30 % of its test words scored 0.794 against 0.912). Bundles that
    /// use it are written as format version 12, and older bundles read it as off.
    /// </summary>
    public bool SkipFormatChars { get; init; } = true;

    /// <summary>
    /// Cyrillic and Greek letters that look like Latin ones (Unicode TR39 confusables: Cyrillic а е о р с у х ѕ і ј һ ӏ ԁ
    /// ԛ ԝ ү, Greek ο α ν ι κ ρ υ, and the capitals А В Е К М Н О Р С Т Х У Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ …) are read as
    /// the Latin letters in a word that also holds a Latin letter and no other Cyrillic or Greek letter, so "frее mоnеy"
    /// typed with Cyrillic е and о reads as "free money", and "FRЕЕ" is in capitals as "FREE" is. A word of look-alikes
    /// alone ("рау" in Cyrillic letters) is read as Latin only in a text whose Cyrillic and Greek letters are all
    /// look-alikes and fewer than its Latin letters, and never a Greek letter alone ("the α subunit", Pearson's ρ: symbols
    /// in Latin text); a precomposed letter on a look-alike (ё, ў, ὀ) reads as the Latin letter with its marks, as its
    /// decomposed form does. Russian, Greek and other Cyrillic or Greek text (which always holds letters that look like
    /// no Latin one) is read as written. Spam and abuse swap letters this way to get past
    /// filters: an outside check with look-alikes in 30 % of trec6's test words scored 0.762 against 0.912. There is no
    /// "as written" feature. Bundles that use it are written as format version 13, and older bundles read it as off.
    /// </summary>
    public bool FoldConfusables { get; init; } = true;

    /// <summary>
    /// A run of at least three letters that each stand alone, separated by the same separator (one space, or one of
    /// <c>. - _ * ·</c>, or a dot and a space), is read as the one word it spells, for its word n-grams and char n-grams:
    /// "F R E E", "f.r.e.e", "c-a-s-h" and "F. R. E. E." as "free" (in capitals as "FREE" is), "U.S.A." as "usa", "J. R. R."
    /// as "jrr". The letters are read after the other folds (case, accents, full-width and compatibility forms), so
    /// "Ｆ Ｒ Ｅ Ｅ" and "c a f é" are "free" and "café"; a separator after the last letter but a space is part of the
    /// run ("U.S.A."), and one before the first letter that follows no word char is not ("*f*r*e*e*" as "*" and
    /// "free"). Runs of two letters ("e.g.", "a b"), mixed separators, two spaces, digits, a run that goes on from
    /// a dotted chain ("www.a.b.c"), Hangul syllables and the letters of the abugidas from Devanagari to Myanmar (a letter
    /// with its vowel signs is a syllable and often a word: Hindi "जो भी है" stays three words) are read as before; text
    /// speak with three one-letter words in a row ("u r a star", Russian "и в с") is joined too ("ura"). Spam and abuse space or dot words apart to get past filters: an outside
    /// check with spam words letter-spaced or dotted in half of sms_spam's spam test texts scored 0.978 and 0.971 against
    /// 0.9955, and 0.9946 and 0.9919 with it (docs/benchmarks.md, "Session 45"). Bundles that use it are written as format
    /// version 14, and older bundles read it as off.
    /// </summary>
    public bool JoinSpacedLetters { get; init; } = true;

    /// <summary>
    /// With char n-grams: n-grams of <see cref="CharNGramMin"/> to <see cref="CharNGramMax"/> chars across each run of
    /// adjacent chars of a script written without spaces (the tokens <see cref="SplitUnspacedScripts"/> makes, and CJK
    /// ideographs), which words' char n-grams never reach: such a run is one token per char, so it had unigrams and
    /// bigrams alone. Thai, kana and letter-per-char scripts made from trec6, ag_news and snips gained 0.02–0.13 of
    /// accuracy (docs/benchmarks.md, "Session 28"). Off by default; the linear member's tokenizer turns it on. Bundles
    /// that use it are written as format version 6, and older bundles read it as off. Without char n-grams it does
    /// nothing (and is not written).
    /// </summary>
    public bool UnspacedRunNGrams { get; init; }

    /// <summary>
    /// A word's trailing <c>#</c> or <c>+</c> (one or two, and not followed by a third or by a char the scanner reads as
    /// part of a word: a letter, digit or combining mark, but not a char of a script it splits into tokens) is part of it, as in C#, F#,
    /// C++ and Notepad++ ("C++17" stays "c", "+", "+", "17"): without it those read as "c", "f" and "notepad" beside a separate symbol, so C#, C and
    /// C++ differed only by a bigram and their char n-grams were the same (texts told apart by F against F# alone: 0.987
    /// → 0.997, docs/benchmarks.md "Session 31"). "a+b", a leading "#hashtag" and "c+++" are read as before. On by
    /// default; bundles that use it are written as format version 7, and older bundles read it as off.
    /// </summary>
    public bool SymbolSuffixes { get; init; } = true;

    /// <summary>
    /// HTML markup is read out of the text before it is tokenized: a tag of an HTML element (<c>&lt;p class="x"&gt;</c>,
    /// <c>&lt;br/&gt;</c>), a comment and a doctype become a space, and the character references <c>&amp;amp;</c>,
    /// <c>&amp;lt;</c>, <c>&amp;gt;</c>, <c>&amp;quot;</c>, <c>&amp;apos;</c>, <c>&amp;nbsp;</c> and numeric ones the chars
    /// they stand for; <c>List&lt;String&gt;</c> or <c>a &lt; b</c> stay as written. Without it a model trained on plain
    /// text and given the same texts in HTML read the tags' symbols and attribute words as content (an outside check:
    /// stackoverflow with HTML test texts 0.773 against 0.902 plain; docs/benchmarks.md, "Session 34"). On by default;
    /// bundles that use it are written as format version 9, and older bundles read it as off.
    /// </summary>
    public bool StripMarkup { get; init; } = true;

    /// <summary>Tokens read per text, 1 to 1,048,576; the rest of a longer text is ignored (truncation). Default 16,384 (2,048 before
    /// session 28, which bundles of that time record: a text whose label-bearing part came after a long preamble, such
    /// as a licence header, a signature or a log's last lines, was read as its preamble alone).</summary>
    public int MaxTokens { get; init; } = 16384;

    /// <summary>True when char n-grams are produced.</summary>
    public bool UsesCharNGrams => CharNGramMin > 0 && CharNGramMax >= CharNGramMin;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WordNGrams, 1, nameof(WordNGrams));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WordNGrams, 5, nameof(WordNGrams));
        ArgumentOutOfRangeException.ThrowIfNegative(CharNGramMin, nameof(CharNGramMin));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CharNGramMax, 8, nameof(CharNGramMax));
        if (CharNGramMin > 0 && CharNGramMax < CharNGramMin)
        {
            throw new ArgumentOutOfRangeException(nameof(CharNGramMax), CharNGramMax, $"{nameof(CharNGramMax)} must be at least {nameof(CharNGramMin)} ({CharNGramMin}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Buckets, 1, nameof(Buckets));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTokens, 1, nameof(MaxTokens));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTokens, 1 << 20, nameof(MaxTokens));
    }
}
