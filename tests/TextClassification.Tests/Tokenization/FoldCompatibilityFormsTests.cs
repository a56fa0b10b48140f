using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.FoldCompatibilityForms"/>: half-width katakana, Arabic presentation forms,
/// mathematical and enclosed alphanumerics, small capitals and Latin ligatures are read as the letters they stand for,
/// as the text normalized to NFKC would be (small capitals and the enclosed letters without an NFKC mapping by a table).
/// Before, they shared no feature with the plain text (an outside check: snips with half-width katakana test texts
/// 0.153, banking77 with "fancy" letters 0.573; every peer tool collapsed too).</summary>
public sealed class FoldCompatibilityFormsTests : IDisposable
{
    // The small capitals read as a–z (no small capital x), and the enclosed letters without an NFKC mapping.
    private const string SmallCapitals = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡ\0ʏᴢ";

    private static readonly (int First, int Last)[] NfkcRanges =
        [(0xFB00, 0xFB06), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF61, 0xFF9F), (0x1D400, 0x1D7FF), (0x24B6, 0x24E9), (0x1F130, 0x1F149)];

    // Every code point the setting folds through NFKC: in the ranges, with an NFKC mapping whose chars are all read as
    // the same kind as the source (the Arabic isolated harakat, NFKC a space and a mark, and the rial sign, a symbol
    // whose NFKC is a word, are read as they are). The enclosed letters are symbols read as letters.
    private static readonly string[] Folded = [.. FoldedCodePoints().Select(char.ConvertFromUtf32)];

    private readonly TempFolder _temp = new("tc-fold-compat");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("ｶﾞｲﾄﾞ ﾌﾞｯｸ ﾊﾟﾝ", "ガイド ブック パン")] // half-width katakana, voicing marks composed
    [InlineData("カ\u3099イト\u3099 ハ\u309Aン", "ガイド パン")] // NFD kana
    [InlineData("ｳﾞｧｲｵﾘﾝ ｱﾞ", "ヴァイオリン ア\u3099")] // ウ + ﾞ composes (ヴ); ア + ﾞ composes to nothing
    [InlineData("𝐁𝐚𝐧𝐤 𝘁𝗿𝗮𝗻𝘀𝗳𝗲𝗿 𝟏𝟐𝟑 𝙲𝚊𝚛𝚍", "Bank transfer 123 Card")] // bold, sans bold, bold digits, monospace
    [InlineData("ⓑⓐⓝⓚ Ⓑⓐⓝⓚ 🄱🄰🄽🄺 🅑🅐🅝🅚 🅱🅰🅽🅺", "bank Bank BANK BANK BANK")] // circled, squared, negative circled and squared
    [InlineData("ʙᴀɴᴋ ᴛʀᴀɴꜱꜰᴇʀ ǫᴜɪᴄᴋ", "bank transfer quick")] // small capitals
    [InlineData("ﬁnance oﬃce ﬂow", "finance office flow")] // Latin ligatures
    [InlineData("ﻣﺮﺣﺒﺎ ﻻ ﷲ", "مرحبا لا الله")] // Arabic presentation forms, a lam-alef ligature, the Allah ligature
    [InlineData("𝛂𝛃𝛄 𝚺", "αβγ Σ")] // mathematical Greek
    public void Forms_read_as_the_plain_text(string text, string plain)
    {
        // Off, they differ.
        ScannedToken.AssertReadAlike(Tokenizers(), text, plain, options => options with { FoldCompatibilityForms = false });
    }

    [Fact]
    public void Folded_tokens_cover_the_chars_they_were_read_from()
    {
        // ｶﾞ (two chars) is one kana token; 𝐁𝐚 (four UTF-16 chars) one word; Ⓑ a word char, not a symbol.
        foreach (bool vectorized in new[] { true, false })
        {
            List<ScannedToken> tokens = ScannedToken.Scan("x ｶﾞ 𝐁𝐚Ⓑ y", lowercase: true, vectorized, splitUnspaced: true, decompose: true, foldCompatibility: true);
            Assert.Equal(4, tokens.Count);
            Assert.Equal((2, 2, "カ\u3099"), (tokens[1].Start, tokens[1].Length, tokens[1].Chars));
            Assert.Equal((5, 5, "bab", CharKind.Word), (tokens[2].Start, tokens[2].Length, tokens[2].Chars, tokens[2].Kind));
        }
    }

    [Property(MaxTest = 300)]
    public Property Mixed_text_reads_as_its_NFKC_form() =>
        // Without the look-alike fold, which classifies a word by its chars as written: a mathematical Greek letter (𝜢, read
        // as Greek Α) is not a look-alike there, while in the NFKC text it is (docs/design.md, "Look-alike letters").
        Prop.ForAll(MixedForms().ToArbitrary(), text => ScannedToken.AssertReadAlike(Tokenizers().Select(options => options with { FoldConfusables = false }), text, Reference(text)));

    [Theory]
    [InlineData("\U0001D6A1 \U0001D552 \uFE84")] // 𝚡 𝕒 ﺄ: the property above found it; NFKC's "x a أ" is a run of letters spaced apart
    [InlineData("\uFE8D \uFE8F \uFE95")]         // ﺍ ﺏ ﺕ: presentation forms of alef, beh and teh, a run as ا ب ت is
    [InlineData("\uFE8D.\uFE8F.\uFE95.")]
    [InlineData("a \uFEFB b c")]                  // ﻻ folds to two letters (لا): a word of its own, so "b c" is no run
    [InlineData("\uFB01 x y")]                    // ﬁ likewise
    public void A_run_of_letters_spaced_apart_reads_alike_in_presentation_forms(string text) =>
        // A run's letters were judged as written, and a presentation form is no letter of an alphabet there, so the run
        // that NFKC's text holds was not read as one word in the text as typed.
        ScannedToken.AssertReadAlike(Tokenizers().Select(options => options with { FoldConfusables = false }), text, Reference(text));

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Text_without_such_forms_featurizes_as_before(MixedText text, bool vectorized)
    {
        string plain = new([.. text.Value.Where(c => !IsFoldedRange(c))]);
        foreach (HashedNGramOptions options in Tokenizers())
        {
            Assert.Equal(
                ScannedToken.Features(new HashedNGramFeaturizer(options with { FoldCompatibilityForms = false }, vectorized), plain),
                ScannedToken.Features(new HashedNGramFeaturizer(options, vectorized), plain));
        }
    }

    [Fact]
    public void Forms_with_a_space_or_another_kind_in_their_NFKC_read_as_before()
    {
        // ﹰ (NFKC a space and a fathatan), ﷺ (a phrase with spaces), ﷼ (a symbol whose NFKC is a word), ﴾ (no mapping).
        foreach (string text in new[] { "\uFE70", "ب\uFE72", "\uFDFA", "\uFDFC", "\uFD3E", "\u309B" })
        {
            HashedNGramOptions options = new LinearModelOptions().Tokenizer!;
            Assert.Equal(ScannedToken.Features(options with { FoldCompatibilityForms = false }, text), ScannedToken.Features(options, text));
        }
    }

    [Fact]
    public void A_model_trained_on_plain_text_reads_fancy_letters_alike()
    {
        TestModels.AssertTestTextsReadAsTrained(
            Keywords(perLabel: 30, seed: 1, fancy: false), Keywords(perLabel: 20, seed: 2, fancy: true),
            tokenizer => tokenizer with { FoldCompatibilityForms = false });
    }

    [Fact]
    public void The_bundle_is_version_11_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(perLabel: 20, seed: 3, fancy: false), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        // A format-10 bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "foldCompatibilityForms", options => options.FoldCompatibilityForms, [Fancy("phone bill late again"), "plain words only"], m => BundleEditing.AsWrittenBy(m, 10));
    }

    [Fact]
    public void A_version_10_bundle_featurizes_exactly_as_the_release_that_wrote_it()
    {
        // The features of a format-10 tokenizer (a bundle without the version-11 key) on half-width and NFD kana, Arabic
        // presentation forms, math, enclosed and small-capital letters and a ligature, pinned from a build before the
        // setting existed (commit 043ab75): an old bundle must keep predicting what it predicted when it was trained.
        const string Text = "\uFF76\uFF9E\uFF72\uFF84\uFF9E \u30AB\u3099 \uFEFB\uFEDF\uFE8E \U0001D401\U0001D41A\U0001D427\U0001D424 \u24B7\u24D0 \U0001F131\U0001F150\U0001F170 \u0299\u1D00\u0274\u1D0B \uFB01nance \U0001D7CF\U0001D7D0 ok";
        int[] pinned =
        [
            496, 992, 36, 333, 163, 499, 6, 992, 41, 837, 146, 727, 780, 181, 581, 111, 400, 120, 27, 582, 61, 971, 478, 524,
            187, 742, 303, 926, 764, 112, 95, 992, 428, 421, 219, 234, 202, 678, 740, 981, 336, 725, 817, 741, 929, 105, 102, 322,
            823, 239, 498, 988, 108, 837, 276, 324, 788, 586, 116, 720, 148, 480, 329, 816, 12, 12, 486, 856, 639, 462, 765, 505,
            575, 266, 168, 337, 220, 221, 972, 392, 703, 949, 733, 61, 177, 763, 786, 689, 998, 11, 783, 205, 192, 920, 573, 223,
        ];
        // The word model's tokenizer as that bundle reads it, with the pinned run's n-gram sizes and buckets.
        HashedNGramOptions read = BundleEditing.OlderWordTokenizer(_temp, m => BundleEditing.AsWrittenBy(m, 10));
        Assert.False(read.FoldCompatibilityForms);
        Assert.True(read.NormalizeAccents && read.FoldDiacritics && read.SplitUnspacedScripts && read.SymbolSuffixes && read.FoldWidth && read.Lowercase
            && read.StripMarkup && read.FoldAbjadMarks && read.ComposeHangul);
        Assert.Equal(pinned, ScannedToken.Features(read, Text));
    }

    [Fact]
    public void The_setting_in_a_version_10_manifest_or_without_decomposed_letters_is_refused()
    {
        TextClassifier model = NGramTrainer.Train(Keywords(perLabel: 10, seed: 4, fancy: false), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;

        BundleFormatException older = BundleEditing.RefusedAfterEdit(model, m => m["formatVersion"] = 10);
        BundleFormatException undecomposed = BundleEditing.RefusedAfterEdit(model, m =>
        {
            // The settings that need the decomposition too, and are checked first.
            foreach (string key in new[] { "normalizeAccents", "foldDiacritics", "foldAbjadMarks", "composeHangul" })
            {
                BundleEditing.RemoveFromEveryTokenizer(m, key);
            }
        });

        Assert.Contains("'tokenizer.foldCompatibilityForms' needs 'formatVersion' 11", older.Message, StringComparison.Ordinal);
        Assert.Contains("'tokenizer.foldCompatibilityForms' needs 'normalizeAccents'", undecomposed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setting_is_written_only_with_the_decomposition_it_extends()
    {
        TextClassifier model = NGramTrainer.Train(
            Keywords(perLabel: 10, seed: 5, fancy: false),
            new NGramTrainerOptions { Threads = 2, Seed = 3, LinearModel = null, Tokenizer = TestModels.WithoutVersion4(new HashedNGramOptions()) with { FoldCompatibilityForms = true } }).Classifier;
        JsonObject manifest = BundleEditing.SavedManifest(_temp, model);

        Assert.Null(manifest["tokenizer"]!["foldCompatibilityForms"]);
        Assert.True(manifest["formatVersion"]!.GetValue<int>() < 4);
    }

    // The default word model's and linear member's tokenizers, and a case-sensitive one with char n-grams.
    private static HashedNGramOptions[] Tokenizers() =>
        [new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true }, new LinearModelOptions().Tokenizer!, new HashedNGramOptions { Lowercase = false, CharNGramMin = 2, CharNGramMax = 4 }];

    // What the text reads as: the small capitals and the enclosed letters without an NFKC mapping by the table, then NFKC
    // (by ICU: the test project runs with it).
    private static string Reference(string text)
    {
        var builder = new StringBuilder();
        foreach (Rune rune in text.EnumerateRunes())
        {
            int smallCapital = rune.IsBmp ? SmallCapitals.IndexOf((char)rune.Value, StringComparison.Ordinal) : -1;
            int negative = rune.Value - 0x1F150;
            if (smallCapital >= 0)
            {
                builder.Append((char)('a' + smallCapital));
            }
            else if ((uint)negative < 0x3A && (negative & 31) < 26)
            {
                builder.Append((char)('A' + (negative & 31)));
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC);
    }

    private static IEnumerable<int> FoldedCodePoints()
    {
        foreach ((int first, int last) in NfkcRanges)
        {
            for (int cp = first; cp <= last; cp++)
            {
                if (!Rune.IsValid(cp) || Rune.GetUnicodeCategory(new Rune(cp)) == UnicodeCategory.OtherNotAssigned)
                {
                    continue;
                }

                string source = char.ConvertFromUtf32(cp);
                string target = source.Normalize(NormalizationForm.FormKC);
                bool enclosed = cp is >= 0x24B6 and <= 0x24E9 or >= 0x1F130;
                if (target != source && (enclosed || target.EnumerateRunes().All(rune => CharClassifier.Classify(rune) == CharClassifier.Classify(new Rune(cp)))))
                {
                    yield return cp;
                }
            }
        }

        for (int cp = 0x1F150; cp < 0x1F18A; cp++)
        {
            if ((cp - 0x1F150 & 31) < 26)
            {
                yield return cp;
            }
        }

        foreach (char c in SmallCapitals.Where(c => c != '\0'))
        {
            yield return c;
        }
    }

    // Chunks of folded forms (also a kana followed by a voicing mark, full- or half-width) between words of ASCII, NFC
    // Latin, Greek, Cyrillic, Arabic, CJK and kana, symbols and spaces.
    private static Gen<string> MixedForms()
    {
        Gen<string> folded = Gen.Elements(Folded);
        Gen<string> plain = Gen.Elements(
            "bank", "Card", "ATM", "c#", "123", "é", "Ünïcode", "αβγ", "Ελλάδα", "привет", "مرحبا", "لا", "中文", "カタカナ", "ひらがな", "ガ",
            " ", " ", " ", "\t", ".", "!", "-", "#", "+", "'");
        Gen<string> voiced = from kana in Gen.Elements("カ", "ハ", "ウ", "ア", "か", "は", "ｶ", "ﾊ", "ｳ", "ｱ", "ﾜ", "ｦ", "ゝ", "ヽ", "a")
                             from mark in Gen.Elements("\u3099", "\u309A", "\uFF9E", "\uFF9F")
                             select kana + mark;
        return Gen.Frequency((5, folded), (4, plain), (2, voiced)).ListOf().Select(chunks => string.Concat(chunks));
    }

    // Whether a char may take part in a fold (the property above strips them, surrogates of the supplementary ranges too).
    private static bool IsFoldedRange(char c) =>
        c is >= '\uFB00' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF' or >= '\uFF61' and <= '\uFF9F' or >= '\u24B6' and <= '\u24E9'
            or '\u3099' or '\u309A' or '\uD835' or '\uD83C' || SmallCapitals.Contains(c, StringComparison.Ordinal)
            // A capital whose lower case is a small capital (Ɪ U+A7AE is ɪ, Ǫ U+01EA is ǫ, Ʀ U+01A6 is ʀ): lower-cased
            // first, it is read as that letter too (the property found Ɪ at a random seed).
            || SmallCapitals.Contains(char.ToLowerInvariant(c), StringComparison.Ordinal);

    // Texts of random filler words with one label's keyword at a random place, plain or in fancy letters.
    private static List<LabeledText> Keywords(int perLabel, int seed, bool fancy) =>
        [.. TestModels.KeywordTexts(["phone", "bill", "late"], ["my", "the", "was", "again", "please", "help", "today", "why", "it", "is", "so", "and"], perLabel, seed)
            .Select(row => fancy ? row with { Text = Fancy(row.Text) } : row)];

    // The text's letters in a "font generator"'s styles, by word: bold, circled, small capitals, monospace, negative squared.
    private static string Fancy(string text)
    {
        string[] words = text.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = string.Concat(words[i].Select(c => !char.IsAsciiLetterLower(c) ? c.ToString() : (i % 5) switch
            {
                0 => char.ConvertFromUtf32(0x1D41A + (c - 'a')),
                1 => char.ConvertFromUtf32(0x24D0 + (c - 'a')),
                2 => c == 'x' ? "x" : SmallCapitals[c - 'a'].ToString(),
                3 => char.ConvertFromUtf32(0x1D68A + (c - 'a')),
                _ => char.ConvertFromUtf32(0x1F170 + (c - 'a')),
            }));
        }

        return string.Join(' ', words);
    }
}
