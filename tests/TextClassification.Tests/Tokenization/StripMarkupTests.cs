using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Bundles;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Tokenization;

/// <summary><see cref="HashedNGramOptions.StripMarkup"/> and <see cref="MarkupReader"/>: HTML tags, comments and
/// character references are read out of a text before it is tokenized. An outside check trained on plain texts and
/// tested on the same texts in HTML: stackoverflow 0.773 against 0.902, the word model's 0.588 pulling the ensemble
/// below its linear member (the tags' symbols and attribute words read as content).</summary>
public sealed class StripMarkupTests : IDisposable
{
    private readonly TempFolder _temp = new("tc-strip-markup");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("<p class=\"row\" id=\"m1\">Hello</p><br/>", " Hello  ")]
    [InlineData("<!DOCTYPE html><html><body>Hi</body></html>", "   Hi  ")]
    [InlineData("<BR>shout <Br />", " shout  ")] // element names in any case
    [InlineData("bold</b> Thanks<br>John", "bold  Thanks John")] // closing and void tags right after a word
    [InlineData("Click<a href=\"x\">here</a>", "Click here ")] // an opening tag with an attribute value, too
    [InlineData("word<b>bold</b>", "word<b>bold ")] // but not a bare one: List<Object> is code
    [InlineData("Hello world<o:p></o:p>", "Hello world  ")] // Word writes its tags right after the text
    [InlineData("<a title=don't>click</a> it's > 3", " click  it's > 3")] // a quote starts a value only after '='
    [InlineData("<script>a</scripts>b</script>c", " c")] // </scripts> does not end a script
    [InlineData("<div title=\"a<b\">x</div>", " x ")] // quoted values may hold '<' and '>'
    [InlineData("<a title='a > b'>link</a>", " link ")]
    [InlineData("<o:p></o:p>Ok lar", "  Ok lar")] // Word's and Outlook's namespaced tags
    [InlineData("<script>var a = \"<b>\";</script>text <style>p { color: red }</style>", " text  ")]
    [InlineData("<script>never closed", " never closed")]
    [InlineData("don&rsquo;t caf&eacute; &hellip; &euro;5 &AMP; &#X27;", "don\u2019t caf\u00E9 \u2026 \u20AC5 & '")]
    [InlineData("<!-- a note -->text", " text")]
    [InlineData("<!-->hello<!--->x", " hello x")] // empty comments end at once
    [InlineData("<menu>a</menu><tt>b</tt><strike>c</strike>", " a  b  c ")]
    [InlineData("I&#39;d &amp; you&nbsp;&lt;3 &quot;ok&quot; &apos;", "I'd & you <3 \"ok\" '")]
    [InlineData("&#x201C;quoted&#x201D; &#8220;too&#8221;", "\u201Cquoted\u201D \u201Ctoo\u201D")]
    [InlineData("smile &#x1F600;", "smile \U0001F600")] // past the BMP: two chars
    [InlineData("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>")] // a decoded '<' does not start a tag
    [InlineData("&amp;lt;FONT&amp;gt;", "&lt;FONT&gt;")] // one pass: escaped twice stays escaped once
    public void Markup_is_read_as_the_text_it_stands_for(string text, string expected)
    {
        Assert.Equal(expected, Read(text));
    }

    [Theory]
    [InlineData("List<String> and Map<K, V>")] // not HTML elements
    [InlineData("if a < b && c > d")]
    [InlineData("<div")] // no end
    [InlineData("<!-- never closed")]
    [InlineData("List<Object> and Task<Data> and Pair<A, B>")] // element names right after an identifier: code
    [InlineData("if i<b and free prize>c")]
    [InlineData("<div title=\"never closed>")]
    [InlineData("<b c=\"<p a=\"=\">")] // a '<' inside the quoted values of a '<' that starts no tag is text
    [InlineData("<p-x>")] // a name HTML does not have
    [InlineData("<!doctypefoo>")]
    [InlineData("AT&T &Amp; &amp &#; &#x; &#0; &#55296; &#x110000; &#12345678; &notanentity;")] // unknown, unended or invalid references
    [InlineData("")]
    public void Text_that_only_looks_like_markup_is_kept(string text)
    {
        Assert.Equal(text, Read(text));
    }

    [Fact]
    public void Many_unended_comments_are_read_in_one_pass()
    {
        // Each "<!--" searched the rest of the text for its end: 4 MB of them took minutes.
        string text = string.Concat(Enumerable.Repeat("<!--", 1 << 20)) + " --";
        Assert.Equal(text, Read(text));
        Assert.Equal(" x", Read("<!-- <!-- -->x")); // the first end closes the first comment

        // The same for unclosed scripts and unended quoted values.
        string scripts = string.Concat(Enumerable.Repeat("<script> ", 1 << 18));
        Assert.Equal(new string(' ', 2 << 18), Read(scripts));
        string quotes = string.Concat(Enumerable.Repeat("<div a=\"", 1 << 18));
        Assert.Equal(quotes, Read(quotes));
        string unended = string.Concat(Enumerable.Repeat("<script> ", 1 << 18)) + "</script"; // an end with no '>'
        Assert.Equal(new string(' ', 2 << 18) + "</script", Read(unended));
        string unquoted = string.Concat(Enumerable.Repeat("<p a='x' b=\"", 1 << 17)); // '"' never closed
        Assert.Equal(unquoted, Read(unquoted));
        // Quoted values that hide the next '<' of each other, in a tag that never ends: every '<' was read again to the
        // end (4 MB took minutes).
        string hidden = "<p " + string.Concat(Enumerable.Repeat("a='<p b=\"<' b=\"<p '\" ", 1 << 15));
        Assert.Equal(hidden, Read(hidden));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 300)]
    public void Reading_never_lengthens_a_text_and_leaves_one_without_markup_alone(MixedText text)
    {
        string value = text.Value + " <b>x</b> &amp; " + text.Value;
        Assert.True(Read(value).Length <= value.Length);
        string plain = text.Value.Replace('<', ' ').Replace('&', ' ');
        Assert.False(MarkupReader.MayHaveMarkup(plain));
        Assert.Equal(plain, Read(plain));
    }

    [Property(Arbitrary = [typeof(TextArbitraries)], MaxTest = 200)]
    public void Features_are_those_of_the_text_with_its_markup_read(MixedText text)
    {
        // The featurizer reads the markup exactly as MarkupReader does, for the word model's and the linear member's
        // tokenizers; the scanner sees no difference between that text and the same text typed plain.
        string value = "<p class=\"x\">" + text.Value + "</p>&nbsp;&#39;" + text.Value;
        foreach (HashedNGramOptions options in new[] { new HashedNGramOptions(), new LinearModelOptions().Tokenizer! })
        {
            Assert.Equal(
                ScannedToken.Features(options with { StripMarkup = false }, Read(value)),
                ScannedToken.Features(options, value));
        }
    }

    [Fact]
    public void Off_the_tags_are_read_as_symbols_and_words()
    {
        var options = new HashedNGramOptions();
        Assert.Equal(ScannedToken.Features(options, " good movie "), ScannedToken.Features(options, "<p>good movie</p>"));
        Assert.NotEqual(
            ScannedToken.Features(options with { StripMarkup = false }, " good movie "),
            ScannedToken.Features(options with { StripMarkup = false }, "<p>good movie</p>"));
    }

    [Fact]
    public void Tags_do_not_count_against_the_token_limit()
    {
        string text = string.Concat(Enumerable.Repeat("<br>", 50)) + "two words";
        var options = new HashedNGramOptions { MaxTokens = 10 };

        Assert.False(new HashedNGramFeaturizer(options).ExceedsMaxTokens(text));
        Assert.True(new HashedNGramFeaturizer(options with { StripMarkup = false }).ExceedsMaxTokens(text));
    }

    [Fact]
    public void The_bundle_is_version_9_names_the_setting_and_one_without_it_featurizes_as_before()
    {
        TextClassifier model = TestModels.BillingOrAtm();

        // An older bundle has no key: it is read as off.
        BundleEditing.AssertTokenizerSettingRoundTripsAndReadsOffWhenAbsent(
            _temp, model, version: 14, "stripMarkup", options => options.StripMarkup, ["atm&nbsp;7 kept my card", "plain words only"],
            m => BundleEditing.RemoveFromEveryTokenizer(m, "stripMarkup"));

        BundleFormatException refused = BundleEditing.RefusedAfterEdit(model, m => m["formatVersion"] = 8);
        Assert.Contains("'tokenizer.stripMarkup' needs 'formatVersion' 9", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_trained_on_plain_texts_reads_them_in_html_as_it_reads_them_plain()
    {
        List<LabeledText> train = [];
        string[][] words = [["rain", "storm", "wind"], ["goal", "match", "team"]];
        string[] labels = ["weather", "sport"];
        var random = new Random(4);
        for (int i = 0; i < 60; i++)
        {
            int label = i % 2;
            train.Add(new($"{words[label][random.Next(3)]} {words[label][random.Next(3)]} today", labels[label], i + 2));
        }

        TextClassifier model = NGramTrainer.Train(train, new NGramTrainerOptions { Threads = 2, Seed = 1 }).Classifier;
        string[] plain = ["rain and wind today", "the team won the match"];
        foreach (string text in plain)
        {
            string html = $"<!DOCTYPE html><html><body><div class=\"msg\" id=\"m{text.Length}\"><b>{text.Replace(" ", "&nbsp;", StringComparison.Ordinal)}</b></div><br/></body></html>";
            Assert.Equal(model.Classify(text).Scores, model.Classify(html).Scores);
        }
    }

    // Pieces that open, close and half-open tags, comments, scripts and references, among words in several scripts.
    private static readonly string[] MarkupPieces =
    [
        "word", " ", "  ", "\n", "<b>", "</b>", "<br/>", "<!-- note -->", "<!--", "-->", "&amp;", "&#x201C;", "&#39;", "&", "<",
        ">", "<script>var x = 1;</script>", "<script>", "</script>", "<a href=\"q>r\">", "List<String>", "i<b", "café", "中文字",
        "\"", "<p class=\"x\"", "&nbsp;", "&bogus;", "ﬁne", "x",
    ];

    public static Arbitrary<(string Text, int Length)> MarkupTexts() =>
        (from picks in Gen.ArrayOf(Gen.Choose(0, MarkupPieces.Length - 1))
         let text = string.Concat(picks.Select(p => MarkupPieces[p]))
         from length in Gen.Choose(0, text.Length)
         select (text, length)).ToArbitrary();

    [Property(Arbitrary = [typeof(StripMarkupTests)], MaxTest = 300)]
    public void Reading_into_a_short_destination_writes_the_start_of_the_whole_reading((string Text, int Length) sample)
    {
        string whole = Read(sample.Text);
        char[] destination = new char[sample.Length];

        int written = MarkupReader.Read(sample.Text, destination, out bool complete);

        Assert.StartsWith(new string(destination, 0, written), whole, StringComparison.Ordinal);
        // At most a decoded reference's two chars short of full, and complete exactly when it is all of it.
        Assert.True(written >= Math.Min(whole.Length, sample.Length - 1), $"{written} of {sample.Length}");
        Assert.Equal(complete, written == whole.Length);
    }

    [Property(Arbitrary = [typeof(StripMarkupTests)], MaxTest = 200)]
    public void Reading_only_the_start_of_a_long_text_gives_the_features_of_reading_it_whole((string Text, int Length) sample)
    {
        // Few tokens read and a start of a few chars, so the start grows several times before it holds enough.
        string text = sample.Text + " " + sample.Text;
        var options = new HashedNGramOptions { MaxTokens = 1 + (sample.Length % 7), CharNGramMin = 3, CharNGramMax = 4 };
        var whole = new HashedNGramFeaturizer(options) { MarkupPrefixChars = int.MaxValue };
        var start = new HashedNGramFeaturizer(options) { MarkupPrefixChars = sample.Length % 5 }; // 0 is read as 1

        Assert.Equal(ScannedToken.Features(whole, text), ScannedToken.Features(start, text));
        Assert.Equal(whole.ExceedsMaxTokens(text), start.ExceedsMaxTokens(text));
    }

    private static string Read(string text)
    {
        char[] destination = new char[text.Length];
        return new string(destination, 0, MarkupReader.Read(text, destination));
    }
}
