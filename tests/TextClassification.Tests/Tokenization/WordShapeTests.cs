using FsCheck.Xunit;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;

namespace TextClassification.Tests.Tokenization;

/// <summary>Letter-case features (<see cref="HashedNGramOptions.CaseShapes"/>): capitals and capitalised words.</summary>
public sealed class WordShapeTests
{
    private static readonly HashedNGramOptions Plain = new() { Buckets = int.MaxValue };
    private static readonly HashedNGramOptions Shapes = Plain with { CaseShapes = true };

    [Theory]
    [InlineData("CPR", false, WordShape.Capitals)]
    [InlineData("CPR", true, WordShape.Capitals)]
    [InlineData("MP3", false, WordShape.Capitals)]
    [InlineData("ÉCOLE", false, WordShape.Capitals)]
    [InlineData("Russia", false, WordShape.Capitalized)]
    [InlineData("Élan", false, WordShape.Capitalized)]
    [InlineData("McDonald", false, WordShape.Capitalized)]
    [InlineData("I", false, WordShape.Capitalized)]
    [InlineData("Russia", true, WordShape.None)]
    [InlineData("I", true, WordShape.None)]
    [InlineData("russia", false, WordShape.None)]
    [InlineData("iPhone", false, WordShape.None)]
    [InlineData("3D", false, WordShape.None)]
    [InlineData("42", false, WordShape.None)]
    public void A_word_has_the_shape_of_its_letters(string word, bool firstWord, char expected)
    {
        Assert.Equal(expected, WordShape.Of(word, firstWord));
    }

    [Fact]
    public void Capitals_and_names_add_one_feature_each_and_the_first_word_none()
    {
        int[] plain = Features(Plain, "What does CPR stand for in Russia");
        int[] shaped = Features(Shapes, "What does CPR stand for in Russia");

        int capitals = Bucket(WordShape.Capitals);
        int capitalized = Bucket(WordShape.Capitalized);
        Assert.Equal(plain.Length + 2, shaped.Length);
        Assert.Equal(1, shaped.Count(b => b == capitals));
        Assert.Equal(1, shaped.Count(b => b == capitalized));
        Assert.Equal(plain, shaped.Where(b => b != capitals && b != capitalized));
    }

    [Fact]
    public void Lower_case_text_gets_no_shape_features()
    {
        Assert.Equal(Features(Plain, "what does cpr stand for in russia"), Features(Shapes, "what does cpr stand for in russia"));
    }

    [Fact]
    public void Texts_that_differ_only_in_case_differ_only_in_shape_features()
    {
        int[] shout = Features(Shapes, "call the HOTLINE now");
        int[] calm = Features(Shapes, "call the hotline now");

        Assert.NotEqual(calm, shout);
        Assert.Equal(calm, shout.Where(b => b != Bucket(WordShape.Capitals)));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Shape_features_only_add_to_the_other_features(MixedText text)
    {
        // With 2^31 - 1 buckets a word colliding with a shape bucket is a one-in-a-billion event per feature.
        int[] shaped = Features(Shapes, text.Value);
        int[] plain = Features(Plain, text.Value);
        int capitals = Bucket(WordShape.Capitals);
        int capitalized = Bucket(WordShape.Capitalized);

        Assert.Equal(plain, shaped.Where(b => b != capitals && b != capitalized));
        Assert.True(shaped.Length - plain.Length <= plain.Length);
    }

    private static int[] Features(HashedNGramOptions options, string text) => ScannedToken.Features(options, text);

    private static int Bucket(char shape) => StableHash.ToBucket(WordShape.Hash(shape), Plain.Buckets);
}
