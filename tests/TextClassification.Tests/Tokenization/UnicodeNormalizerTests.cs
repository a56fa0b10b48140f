using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>The library's own forms C and KC against ICU's (this test project runs with ICU, invariant mode off).</summary>
public sealed class UnicodeNormalizerTests
{
    // Code points where composition, reordering and blocking happen: Latin letters and marks, Hangul jamo and
    // syllables, kana voicing marks, Indic nukta and composition exclusions, Tibetan vowel signs, Hebrew points and
    // presentation forms, Greek tonos, musical symbols (outside the BMP), compatibility forms.
    private static readonly int[] Pool =
    [
        'a', 'e', 'o', 'u', 'A', 'E', 'C', 's', 'S', ' ', '1',
        0x0300, 0x0301, 0x0302, 0x0303, 0x0307, 0x0308, 0x030A, 0x030C, 0x0323, 0x0327, 0x0328, 0x0331, 0x0334, 0x0340,
        0x0344, 0x0345, 0x0313, 0x0342, 0x00C7, 0x00E9, 0x00C5, 0x212B, 0x1E63, 0x1E69, 0x01D5, 0x0391, 0x03B1, 0x03A9,
        0x1100, 0x1101, 0x1161, 0x1162, 0x11A8, 0x11A9, 0xAC00, 0xAC01, 0xD7A3,
        0x304B, 0x30AB, 0x3099, 0x309A, 0x30F0, 0xFF76, 0xFF9E,
        0x0915, 0x093C, 0x0958, 0x09C7, 0x09BE, 0x09D7, 0x0B47, 0x0B3E, 0x0B56,
        0x0F40, 0x0F71, 0x0F72, 0x0F73, 0x0F74, 0x0F80, 0x0FB2, 0x0F77,
        0x05D0, 0x05B7, 0x05BC, 0x05B8, 0xFB2E, 0xFB1D,
        0x2ADC, 0x2ADD, 0x0338, 0x003D, 0x2260,
        0x1D15E, 0x1D157, 0x1D165, 0x1D16E, 0x1D1BB,
        0xFB01, 0x2126, 0x00BD, 0x2460, 0x3300, 0xFDFA, 0x00A0, 0x1E9B, 0x0130, 0x01C4, 0x2000, 0x1F80,
    ];

    [Fact]
    public void Every_code_point_alone_normalizes_as_ICU_does()
    {
        var wrong = new List<string>();
        for (int cp = 0; cp <= 0x10FFFF && wrong.Count < 10; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            string text = char.ConvertFromUtf32(cp);
            if (!TryNormalize(text, NormalizationForm.FormC, out string? c))
            {
                continue; // a noncharacter: ICU refuses it; ours passes it through (next test)
            }

            string kc = text.Normalize(NormalizationForm.FormKC);
            if (UnicodeNormalizer.ToFormC(text) != c || UnicodeNormalizer.ToFormKC(text) != kc)
            {
                wrong.Add($"U+{cp:X4}");
            }
        }

        Assert.Empty(wrong);
    }

    [Property(MaxTest = 3000)]
    public Property Random_sequences_normalize_as_ICU_does()
    {
        Gen<string> texts = Gen.Elements(Pool).ArrayOf().Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)));
        return Prop.ForAll(texts.ToArbitrary(), text =>
            UnicodeNormalizer.ToFormC(text) == text.Normalize(NormalizationForm.FormC)
            && UnicodeNormalizer.ToFormKC(text) == text.Normalize(NormalizationForm.FormKC));
    }

    [Property(MaxTest = 40)]
    public Property Long_runs_of_marks_are_ordered_as_ICU_orders_them()
    {
        // Runs past the insertion-sort length take the counting sort; a base letter, then the run, then a starter.
        int[] marks = [0x0301, 0x0316, 0x0345, 0x0334, 0x05B0, 0x0323, 0x0308, 0x031B, 0x0F71, 0x0F72, 0x1D165, 0x0300, 0x0327];
        Gen<string> texts =
            from length in Gen.Choose(17, 3000)
            from run in Gen.Elements(marks).ArrayOf(length)
            select "a" + string.Concat(run.Select(char.ConvertFromUtf32)) + "e\u0301";
        return Prop.ForAll(texts.ToArbitrary(), text =>
            UnicodeNormalizer.ToFormC(text) == text.Normalize(NormalizationForm.FormC)
            && UnicodeNormalizer.ToFormKC(text) == text.Normalize(NormalizationForm.FormKC));
    }

    [Fact]
    public void A_megabyte_label_normalizes()
    {
        string text = "Cafe\u0301 " + new string('x', 1 << 20);

        Assert.Equal(text.Normalize(NormalizationForm.FormC), UnicodeNormalizer.ToFormC(text));
        Assert.Equal(text.Normalize(NormalizationForm.FormKC), UnicodeNormalizer.ToFormKC(text));
    }

    [Fact]
    public void Known_forms()
    {
        Assert.Equal("Caf\u00E9", UnicodeNormalizer.ToFormC("Cafe\u0301"));
        Assert.Equal("\u1E69", UnicodeNormalizer.ToFormC("s\u0307\u0323")); // reordered, then both composed
        Assert.Equal("\uD55C", UnicodeNormalizer.ToFormC("\u1112\u1161\u11AB")); // Hangul L + V + T
        Assert.Equal("\u0915\u093C", UnicodeNormalizer.ToFormC("\u0958")); // a composition exclusion stays decomposed
        Assert.Equal("fi", UnicodeNormalizer.ToFormKC("\uFB01"));
        Assert.Equal("A", UnicodeNormalizer.ToFormKC("\uFF21"));
        Assert.Equal("\uFF21", UnicodeNormalizer.ToFormC("\uFF21"));
    }

    [Fact]
    public void Text_already_in_the_form_is_returned_as_the_same_instance()
    {
        string ascii = "plain ascii";
        string composed = "Caf\u00E9 \uD55C";

        Assert.Same(ascii, UnicodeNormalizer.ToFormC(ascii));
        Assert.Same(ascii, UnicodeNormalizer.ToFormKC(ascii));
        Assert.Same(composed, UnicodeNormalizer.ToFormC(composed));
    }

    [Fact]
    public void Unpaired_surrogates_and_noncharacters_pass_through()
    {
        // string.Normalize throws on these; a label holding one is kept as it is, the rest still normalized.
        Assert.Equal("\uD800Caf\u00E9", UnicodeNormalizer.ToFormC("\uD800Cafe\u0301"));
        Assert.Equal("x\uDC00\u00E9", UnicodeNormalizer.ToFormKC("x\uDC00e\u0301"));
        Assert.Equal("\uFDD0\u00E9", UnicodeNormalizer.ToFormC("\uFDD0e\u0301"));
        Assert.Equal(string.Empty, UnicodeNormalizer.ToFormC(string.Empty));
    }

    private static bool TryNormalize(string text, NormalizationForm form, out string? normalized)
    {
        try
        {
            normalized = text.Normalize(form);
            return true;
        }
        catch (ArgumentException)
        {
            normalized = null;
            return false;
        }
    }
}
