namespace TextClassification.Tokenization;

/// <summary>One encoded text or pair, without padding (every position has attention mask 1). Two encodings are equal
/// when their ids, type ids and offsets hold the same values.</summary>
/// <param name="Ids">Token ids, starting with [CLS].</param>
/// <param name="TypeIds">Token type ids: 0 up to and including the first [SEP], 1 after it.</param>
/// <param name="Offsets">Each token's range in its own text; (0, 0) for special tokens.</param>
public sealed record WordPieceEncoding(int[] Ids, int[] TypeIds, TokenOffset[] Offsets)
{
    /// <summary>Whether <paramref name="other"/> holds the same ids, type ids and offsets (a record's own equality
    /// compares arrays by reference, so two encodings of one text were unequal).</summary>
    /// <param name="other">The encoding to compare with.</param>
    /// <returns>True when every array holds the same values.</returns>
    public bool Equals(WordPieceEncoding? other) =>
        other is not null
        && Ids.AsSpan().SequenceEqual(other.Ids)
        && TypeIds.AsSpan().SequenceEqual(other.TypeIds)
        && Offsets.AsSpan().SequenceEqual(other.Offsets);

    /// <summary>A hash of the values, consistent with <see cref="Equals(WordPieceEncoding?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Ids.AsSpan()));
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(TypeIds.AsSpan()));
        return hash.ToHashCode();
    }
}
