using System.Runtime.CompilerServices;

namespace TextClassification.Tokenization;

/// <summary>Inline storage for the first <see cref="Capacity"/> lower-cased chars of the current token.</summary>
[InlineArray(Capacity)]
internal struct TokenBuffer
{
    /// <summary>Chars kept per token; longer words are hashed in full but only this prefix is kept for char n-grams.</summary>
    public const int Capacity = 64;

    private char _element0;
}
