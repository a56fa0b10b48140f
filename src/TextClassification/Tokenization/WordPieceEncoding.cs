namespace TextClassification.Tokenization;

/// <summary>One encoded text or pair, without padding (every position has attention mask 1).</summary>
/// <param name="Ids">Token ids, starting with [CLS].</param>
/// <param name="TypeIds">Token type ids: 0 up to and including the first [SEP], 1 after it.</param>
/// <param name="Offsets">Each token's range in its own text; (0, 0) for special tokens.</param>
public sealed record WordPieceEncoding(int[] Ids, int[] TypeIds, TokenOffset[] Offsets);
