namespace TextClassification.Tokenization;

/// <summary>
/// How a text pair is laid out, read from a <c>tokenizer.json</c> <c>TemplateProcessing</c> pair template: special
/// tokens before the first text, between the two texts and after the second, and where token type 1 starts. Null in
/// <see cref="WordPieceOptions.PairTemplate"/> means BERT's <c>[CLS] A [SEP] B [SEP]</c> with types 0 0 0 1 1, built
/// from <see cref="WordPieceOptions.ClassificationToken"/> and <see cref="WordPieceOptions.SeparatorToken"/>.
/// </summary>
/// <remarks>
/// Only templates whose type ids run 0…0 then 1…1 in order, with one <c>$A</c> before one <c>$B</c>, are built: that
/// covers BERT's and MPNet's/RoBERTa's (<c>&lt;s&gt; A &lt;/s&gt; &lt;/s&gt; B &lt;/s&gt;</c>, all type 0). Any other
/// template is kept as <see cref="Unsupported"/>, so single texts still encode and pairs are refused with its reason
/// (encoding them BERT's way gave other ids than Hugging Face, silently).
/// </remarks>
/// <param name="BeforeFirst">Special tokens before the first text.</param>
/// <param name="BetweenTexts">Special tokens between the two texts.</param>
/// <param name="AfterSecond">Special tokens after the second text.</param>
/// <param name="SecondType">Where token type 1 starts: the part (see <see cref="TemplatePart"/>) and, for a part of
/// special tokens, the index of the first one of type 1; <see cref="TemplatePart.None"/> when every token is type 0.</param>
/// <param name="SecondTypeIndex">Index in the part named by <paramref name="SecondType"/> (0 for the texts).</param>
/// <param name="Text">The template as Hugging Face prints it (<c>[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1</c>), for messages.</param>
/// <param name="Unsupported">Why pairs cannot be encoded with this template, or null when they can.</param>
internal sealed record TextPairTemplate(
    string[] BeforeFirst, string[] BetweenTexts, string[] AfterSecond, TemplatePart SecondType, int SecondTypeIndex, string Text, string? Unsupported)
{
    /// <summary>The number of special tokens a pair gets.</summary>
    public int SpecialCount => BeforeFirst.Length + BetweenTexts.Length + AfterSecond.Length;
}

/// <summary>The parts of a pair template in order.</summary>
internal enum TemplatePart
{
    BeforeFirst,
    First,
    BetweenTexts,
    Second,
    AfterSecond,
    None,
}
