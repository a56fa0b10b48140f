using TextClassification.Benchmarks.Comparison;

namespace TextClassification.Benchmarks.Tests;

public class FastTextPeerTests
{
    private static readonly (string Label, string Text)[] Rows =
    [
        ("spam", "win a free prize now"),
        ("ham", "see you at lunch tomorrow"),
        ("spam", "claim your reward today"),
        ("ham", "the meeting moved to three"),
    ];

    [FakeFastTextFact]
    public void TheSeedOfTheComparison_ReachesFastText()
    {
        using var fake = new FakeFastText();

        new FastTextPeer(7, fake.Tool).Run(FakeFastText.Split(Rows));

        string training = File.ReadLines(fake.ArgumentsLog).First(line => line.Contains("\"supervised\"", StringComparison.Ordinal));
        Assert.Contains("\"-seed\", \"7\"", training, StringComparison.Ordinal);
    }

    [FakeFastTextFact]
    public void TrainSeconds_EndAtFastTextsEndOfTrainingLine_NotAfterItSavesTheModel()
    {
        using var fake = new FakeFastText { SecondsAfterTraining = 4 };

        PeerRun run = new FastTextPeer(42, fake.Tool).Run(FakeFastText.Split(Rows));

        // The fake answers in well under a second, then "writes its model" for 4 s: those are not training.
        Assert.InRange(run.TrainSeconds, 0, 3);
        Assert.Null(run.Note);
    }

    [FakeFastTextFact]
    public void LabelsFastTextWouldMergeOrSplit_AndTextsThatLookLikeLabels_ComeBackAsWritten()
    {
        using var fake = new FakeFastText();
        // "a b" and "a_b" were the same token to fastText, a vertical tab split "x\vy", and the word "__label__ham"
        // made a second label of its row.
        var split = FakeFastText.Split(
            ("a b", "first text here"),
            ("a_b", "second text here"),
            ("x\vy", "third text here"),
            ("spam", "buy __label__ham now"),
            ("ham", "see you soon"));

        PeerRun run = new FastTextPeer(42, fake.Tool).Run(split, probabilities: true);

        string[] gold = [.. split.Test.Rows.Select(row => row.Label)];
        Assert.Equal(gold, run.Predictions);
        PeerProbabilities probabilities = run.Probabilities!;
        for (int i = 0; i < gold.Length; i++)
        {
            int column = probabilities.Labels.ToList().IndexOf(gold[i]);
            Assert.Equal(1f, probabilities.Values[(i * probabilities.Labels.Count) + column]);
        }
    }
}
