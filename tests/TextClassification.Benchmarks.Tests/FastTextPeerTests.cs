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
}
