using TextClassification.Tokenization;

namespace TextClassification.Tests.WordPiece;

/// <summary>What the public WordPiece factories refuse: a null argument, or a null token, is the caller's mistake and is
/// named as such, not a <see cref="NullReferenceException"/> from inside the reader.</summary>
public sealed class WordPieceArgumentTests
{
    [Fact]
    public void Null_arguments_are_refused_naming_the_parameter()
    {
        // Each threw NullReferenceException (in TokenizerJsonReader.Read and in WordPieceVocabulary.Create).
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => WordPieceTokenizer.CreateFromTokenizerJson((Stream)null!)).ParamName);
        Assert.Equal("tokens", Assert.Throws<ArgumentNullException>(() => WordPieceVocabulary.Create((IEnumerable<string>)null!)).ParamName);
        Assert.Equal("entries", Assert.Throws<ArgumentNullException>(() => WordPieceVocabulary.Create((IEnumerable<KeyValuePair<string, int>>)null!)).ParamName);
    }

    [Fact]
    public void A_null_token_is_refused_naming_its_id()
    {
        var tokens = Assert.Throws<ArgumentException>(() => WordPieceVocabulary.Create(["[UNK]", null!, "b"]));
        Assert.Equal("tokens", tokens.ParamName);
        Assert.StartsWith("The token with id 1 is null.", tokens.Message, StringComparison.Ordinal);

        var entries = Assert.Throws<ArgumentException>(() => WordPieceVocabulary.Create([new KeyValuePair<string, int>("[UNK]", 0), new KeyValuePair<string, int>(null!, 7)]));
        Assert.Equal("entries", entries.ParamName);
        Assert.StartsWith("The token with id 7 is null.", entries.Message, StringComparison.Ordinal);

        Assert.Equal(2, WordPieceVocabulary.Create(["[UNK]", "b"]).Count); // the same lists without the null are taken
    }
}
