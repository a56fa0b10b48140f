using System.Text;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.NormalizeAccents"/>: text typed precomposed (NFC) and decomposed (NFD, as macOS
/// writes it) gives the same features.</summary>
public sealed class AccentNormalizationTests
{
    // French, German, Spanish, Vietnamese (two marks on one letter), Greek with tonos, Cyrillic й, a ligature-free ǅ,
    // the Angstrom sign (a singleton decomposition) and Korean (syllables are kept whole, so only NFC is compared there).
    public static TheoryData<string> Texts => new()
    {
        "Café crème à la façade",
        "Über die Brücke, naïve Mädchen",
        "Mañana él comió piñatas",
        "Tiếng Việt có dấu: người, đường, ệ",
        "Καλημέρα σας, άνθρωπε",
        "Йога и чай",
        "Ångström Å",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Precomposed_and_decomposed_text_give_the_same_features(string text)
    {
        string composed = text.Normalize(NormalizationForm.FormC);
        string decomposed = text.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);
        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true };

        foreach (bool lowercase in (ReadOnlySpan<bool>)[true, false])
        {
            HashedNGramOptions each = options with { Lowercase = lowercase };
            Assert.Equal(ScannedToken.Features(each, decomposed), ScannedToken.Features(each, composed));
            Assert.NotEqual(
                ScannedToken.Features(each with { NormalizeAccents = false }, decomposed),
                ScannedToken.Features(each with { NormalizeAccents = false }, composed));
        }
    }

    [Fact]
    public void Hangul_syllables_stay_whole_and_other_text_is_unchanged()
    {
        var options = new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5 };

        foreach (string text in (ReadOnlySpan<string>)["한국어 텍스트", "plain ascii words, 42!", "中文 日本語 😀"])
        {
            Assert.Equal(ScannedToken.Features(options with { NormalizeAccents = false }, text), ScannedToken.Features(options, text));
        }
    }

    [Fact]
    public void A_model_trained_on_precomposed_text_reads_decomposed_text_alike()
    {
        string[] keywords = ["café", "naïve", "séance", "crème", "façade"];
        string[] filler = ["le", "la", "un", "une", "de", "et", "pour", "avec", "dans", "sur", "très", "être"];
        List<LabeledText> Rows(int perLabel, int seed, NormalizationForm form)
        {
            var random = new Random(seed);
            var rows = new List<LabeledText>();
            for (int i = 0; i < perLabel; i++)
            {
                for (int label = 0; label < keywords.Length; label++)
                {
                    List<string> words = [.. random.GetItems(filler, 6)];
                    words.Insert(random.Next(words.Count + 1), keywords[label]);
                    rows.Add(new LabeledText(string.Join(' ', words).Normalize(form), $"L{label}", rows.Count + 2));
                }
            }

            return rows;
        }

        TextClassifier model = NGramTrainer.Train(Rows(40, seed: 1, NormalizationForm.FormC), new NGramTrainerOptions { Threads = 2, Seed = 3 }).Classifier;
        List<LabeledText> decomposed = Rows(20, seed: 2, NormalizationForm.FormD);

        int right = decomposed.Count(row => model.Classify(row.Text).Label == row.Label);

        Assert.True(right >= decomposed.Count * 0.95, $"{right} of {decomposed.Count}");
        Assert.True(model.Members[0].Featurizer.Options.NormalizeAccents);
    }
}
