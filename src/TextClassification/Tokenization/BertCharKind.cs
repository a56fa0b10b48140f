namespace TextClassification.Tokenization;

/// <summary>How BERT's normalizer and pre-tokenizer treat one code point.</summary>
internal enum BertCharKind : byte
{
    /// <summary>Part of a word.</summary>
    Word = 0,

    /// <summary>White space: ends the current word and is dropped.</summary>
    Whitespace = 1,

    /// <summary>Punctuation: a token of its own.</summary>
    Punctuation = 2,

    /// <summary>NUL, U+FFFD and control, format, private-use and unassigned code points: removed by clean-up,
    /// without ending the word they stand in.</summary>
    Control = 3,
}
