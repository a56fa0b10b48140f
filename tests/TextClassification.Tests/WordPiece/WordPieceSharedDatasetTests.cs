using System.Diagnostics;
using TextClassification.Tests.Support;
using TextClassification.Tokenization;
using TextClassification.Training.Data;
using Xunit.Abstractions;
using BertOptions = Microsoft.ML.Tokenizers.BertOptions;
using BertTokenizer = Microsoft.ML.Tokenizers.BertTokenizer;

namespace TextClassification.Tests.WordPiece;

/// <summary>
/// The real bert-base-uncased vocabulary (<c>TEXTCLASSIFICATION_VOCAB</c>) on every text of every shared dataset
/// (<c>TEXTCLASSIFICATION_DATASETS</c>): our ids equal Microsoft.ML.Tokenizers' BertTokenizer's. Code points in the
/// documented difference classes are replaced by a space in both inputs first (<see cref="BertTokenizerDifferences"/>);
/// how many texts that touched is printed.
/// </summary>
public sealed class WordPieceSharedDatasetTests(ITestOutputHelper output)
{
    [VocabFact]
    public void Real_vocabulary_encodes_known_ids()
    {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.Create(SharedVocab.Path!);
        Assert.Equal([101, 7592, 1010, 2088, 999, 102], tokenizer.Encode("Hello, world!").Ids);
        Assert.Equal(30522, tokenizer.Vocabulary.Count);
    }

    [VocabAndDatasetFact]
    public void Ids_equal_BertTokenizer_on_every_text_of_every_dataset()
    {
        WordPieceTokenizer ours = WordPieceTokenizer.Create(SharedVocab.Path!, new WordPieceOptions { MaxLength = 1 << 20 });
        BertTokenizer peer = BertTokenizer.Create(SharedVocab.Path!, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        var clock = Stopwatch.StartNew();
        int total = 0;
        int neutralized = 0;
        long tokens = 0;
        var mismatches = new List<string>();
        foreach (string file in Directory.EnumerateFiles(SharedDatasets.Folder!, "*.tsv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (LabeledText row in DatasetReader.Read(file).Rows)
            {
                string text = BertTokenizerDifferences.Neutralize(row.Text);
                neutralized += text == row.Text ? 0 : 1;
                total++;
                int[] mine = ours.Encode(text).Ids;
                IReadOnlyList<int> theirs = peer.EncodeToIds(text);
                tokens += mine.Length;
                if (!mine.AsSpan().SequenceEqual([.. theirs]) && mismatches.Count < 10)
                {
                    mismatches.Add($"{Path.GetRelativePath(SharedDatasets.Folder!, file)}: '{row.Text}'\n  ours   {string.Join(',', mine)}\n  theirs {string.Join(',', theirs)}");
                }
            }
        }

        output.WriteLine($"{total} texts, {tokens} tokens, {neutralized} texts had code points in a documented difference class; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(total > 100_000, $"only {total} texts read");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }
}
