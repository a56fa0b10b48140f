namespace TextClassification.Tokenization;

/// <summary>How the scanner treats one code point.</summary>
internal enum CharKind : byte
{
    /// <summary>Whitespace, control and format characters, lone surrogates: end the current word and are dropped.</summary>
    Separator = 0,

    /// <summary>Letters, digits and combining marks: form words.</summary>
    Word = 1,

    /// <summary>Punctuation, symbols, emoji and CJK ideographs: each one is a token of its own.</summary>
    Symbol = 2,
}
