using FsCheck;
using FsCheck.Xunit;
using TextClassification.Encoders;
using TextClassification.Tokenization;
using TextClassification.Training.Trainers;

namespace TextClassification.Tests.Training;

/// <summary>Training featurizes texts in chunks of at most 1,024 texts and about 1M chars (<see cref="FeatureChunk"/>):
/// 1,024 long texts read to 16,384 tokens could hold 1.8 GB of raw features in one chunk.</summary>
public sealed class FeatureChunkTests
{
    [Fact]
    public void A_chunk_ends_after_1024_texts_or_before_the_text_past_the_char_budget()
    {
        Assert.Equal([0], FeatureChunk.Starts([]));
        Assert.Equal([0, 1024, 2048, 2050], FeatureChunk.Starts([.. Enumerable.Repeat("short text", 2050)]));
        // Budget 10: "aaaa" + "bbbb" fit, "cccc" does not; a text longer than the budget is a chunk of its own.
        Assert.Equal([0, 2, 3, 4, 5], FeatureChunk.Starts(["aaaa", "bbbb", "cccc", new string('x', 50), "dd"], charBudget: 10));
    }

    [Property(MaxTest = 50)]
    public void Where_chunks_are_cut_changes_nothing_in_the_matrix(PositiveInt seed, bool tfIdf)
    {
        // Numbering reads the texts in order, so the budget only bounds memory.
        var random = new Random(seed.Get);
        string[] vocabulary = ["alpha", "beta", "gamma", "delta", "épsilon", "中文", "ภาษา", "x1", "!", "Zeta"];
        List<string> texts = [.. Enumerable.Range(0, 300).Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(0, 40)).Select(_ => vocabulary[random.Next(vocabulary.Length)])))];
        var featurizer = new HashedNGramFeaturizer(new HashedNGramOptions { CharNGramMin = 3, CharNGramMax = 5, CaseShapes = true, UnspacedRunNGrams = true });
        NGramPooling pooling = tfIdf ? NGramPooling.TfIdf : NGramPooling.Mean;

        FeatureMatrix whole = FeatureMatrix.Build(texts, featurizer, pooling, 2, CancellationToken.None, charBudget: int.MaxValue);
        FeatureMatrix cut = FeatureMatrix.Build(texts, featurizer, pooling, 2, CancellationToken.None, charBudget: 1 + random.Next(400));

        Assert.Equal(whole.Offsets, cut.Offsets);
        Assert.Equal(whole.RowIds.AsSpan(0, whole.EntryCount).ToArray(), cut.RowIds.AsSpan(0, cut.EntryCount).ToArray());
        Assert.Equal(whole.Weights.AsSpan(0, whole.EntryCount).ToArray(), cut.Weights.AsSpan(0, cut.EntryCount).ToArray());
    }
}
