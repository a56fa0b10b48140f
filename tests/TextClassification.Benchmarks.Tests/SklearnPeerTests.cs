using TextClassification.Benchmarks.Comparison;

namespace TextClassification.Benchmarks.Tests;

public class SklearnPeerTests
{
    [SklearnFact]
    public void LabelsWithTabsLineBreaksAndBackslashes_ComeBackAsWritten()
    {
        var peer = new SklearnPeer(42);

        // "a\tb" and "a b" were one label to the script (tabs became spaces), and "x\ny" lost its line break.
        var split = FakeFastText.Split(
            ("a\tb", "alpha beta gamma"),
            ("a b", "delta epsilon zeta"),
            ("x\ny", "eta theta iota"),
            ("c:\\t", "kappa lambda mu"),
            ("plain", "nu xi omicron"));

        PeerRun run = peer.Run(split, probabilities: true);

        string[] gold = [.. split.Test.Rows.Select(row => row.Label)];
        Assert.Equal(gold, run.Predictions);
        Assert.Equal(gold.Order(StringComparer.Ordinal), run.Probabilities!.Labels.Order(StringComparer.Ordinal));
    }
}

/// <summary>A fact that needs the scikit-learn peer (python3-sklearn), skipped visibly without it.</summary>
public sealed class SklearnFactAttribute : FactAttribute
{
    public SklearnFactAttribute()
    {
        if (new SklearnPeer(42).Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
