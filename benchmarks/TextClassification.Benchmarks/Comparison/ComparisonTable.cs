using System.Globalization;
using System.Text;
using TextClassification.Training.Evaluation;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>Renders the comparison as one markdown table (a row per dataset) with notes underneath.</summary>
internal sealed class ComparisonTable(IReadOnlyList<IPeer> peers)
{
    private readonly List<(string Dataset, PeerResult[] Results)> _rows = [];

    public void Add(string dataset, PeerResult[] results) => _rows.Add((dataset, results));

    /// <summary>Lines printed under the table, before the notes on each peer.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The header row and its separator.</summary>
    public string Header()
    {
        var header = new StringBuilder("| dataset |");
        var rule = new StringBuilder("|---|");
        foreach (IPeer peer in peers)
        {
            header.Append(CultureInfo.InvariantCulture, $" {peer.Name} acc | {peer.Name} F1 | {peer.Name} train s | {peer.Name} pred/s |");
            rule.Append("---:|---:|---:|---:|");
        }

        if (OursIndex >= 0 && peers.Count > 1)
        {
            header.Append(" ours ≥ best peer? (acc and F1) |");
            rule.Append("---|");
        }

        return header + "\n" + rule;
    }

    /// <summary>The table row of one dataset.</summary>
    public string Row(string dataset, PeerResult[] results)
    {
        var row = new StringBuilder("| " + Cell(dataset) + " |");
        foreach (PeerResult result in results)
        {
            row.Append(result.Metrics is { } m
                ? string.Create(CultureInfo.InvariantCulture,
                    $" {m.Accuracy:F4} | {m.MacroF1:F4} | {result.TrainSeconds:F2} | {result.PredictionsPerSecond:N0} |")
                : " n/a | n/a | n/a | n/a |");
        }

        if (OursIndex >= 0 && peers.Count > 1)
        {
            row.Append(' ').Append(Verdict(results)).Append(" |");
        }

        return row.ToString();
    }

    /// <summary>The whole table, the per-peer notes on measurement and any n/a reasons.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(Header());
        foreach ((string dataset, PeerResult[] results) in _rows)
        {
            text.AppendLine(Row(dataset, results));
        }

        text.AppendLine();
        string? summary = Summary();
        if (summary is not null)
        {
            text.AppendLine(summary);
            text.AppendLine();
        }

        foreach (string note in Notes)
        {
            text.AppendLine(note);
        }

        text.AppendLine("Accuracy and macro-F1 of every peer are computed by our `MetricsCalculator` from its predicted labels");
        text.AppendLine("(test labels unseen in training count as errors; macro averages run over the labels in the gold or predicted labels, scikit-learn's default).");
        foreach (IPeer peer in peers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"* {peer.Description}");
        }

        var missing = _rows
            .SelectMany(row => row.Results.Select((result, p) => (row.Dataset, Peer: peers[p].Name, result)))
            .Where(cell => !cell.result.HasMetrics)
            .GroupBy(cell => (cell.Peer, cell.result.Note));
        foreach (var group in missing)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"* n/a — {group.Key.Peer} on {string.Join(", ", group.Select(cell => cell.Dataset))}: {group.Key.Note}");
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>--calibration</c>'s second table: each peer's test log loss and expected calibration error (lower is better),
    /// from its probabilities, with the best of each row in bold; n/a where a peer gave none.
    /// </summary>
    public string RenderCalibration()
    {
        var text = new StringBuilder("| dataset |");
        var rule = new StringBuilder("|---|");
        foreach (IPeer peer in peers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {peer.Name} log loss | {peer.Name} ECE |");
            rule.Append("---:|---:|");
        }

        text.AppendLine().AppendLine(rule.ToString());
        foreach ((string dataset, PeerResult[] results) in _rows)
        {
            double bestLoss = results.Min(result => result.Calibration?.LogLoss ?? double.PositiveInfinity);
            double bestError = results.Min(result => result.Calibration?.ExpectedCalibrationError ?? double.PositiveInfinity);
            text.Append("| ").Append(Cell(dataset)).Append(" |");
            foreach (PeerResult result in results)
            {
                text.Append(result.Calibration is { } m
                    ? " " + Bold(m.LogLoss, bestLoss) + " | " + Bold(m.ExpectedCalibrationError, bestError) + " |"
                    : " n/a | n/a |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Log loss (mean −ln p of the gold label, p clamped at 1e-15) and expected calibration error ({MetricsCalculator.CalibrationBinCount} ") +
            "equal-width bins of the top probability) are computed by our `MetricsCalculator` from each peer's probabilities on the test rows, " +
            "as `textclf eval` computes metrics.json's; bold: the lowest of the row. Probabilities: ours `TextClassifier.Score`, ML.NET the " +
            "Score column, fastText `predict-prob` with k = every label, scikit-learn `predict_proba`.");
        return text.ToString();

        static string Bold(double value, double best) =>
            value == best ? string.Create(CultureInfo.InvariantCulture, $"**{value:F4}**") : value.ToString("F4", CultureInfo.InvariantCulture);
    }

    /// <summary>A dataset name as one markdown table cell: a <c>|</c> escaped (a folder may be named so; it split the row
    /// into one cell more than the header, shifting every number a column), line breaks as spaces.</summary>
    internal static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    // The level at which the summary counts an accuracy gap as more than chance.
    private const double Significance = 0.05;

    private int OursIndex => peers.ToList().FindIndex(peer => peer is OursPeer);

    /// <summary>"yes", or "**no**" with the best peer and the gap for each metric we fall short on.</summary>
    private string Verdict(PeerResult[] results)
    {
        if (results[OursIndex].Metrics is not { } ours)
        {
            return "n/a";
        }

        var misses = new List<string>();
        (int accPeer, double acc) = Best(results, m => m.Accuracy);
        (int f1Peer, double f1) = Best(results, m => m.MacroF1);
        if (accPeer < 0)
        {
            return "n/a (no peer ran)";
        }

        if (ours.Accuracy < acc)
        {
            string test = McNemar(results, accPeer) is { } m
                ? string.Create(CultureInfo.InvariantCulture, $" (McNemar {FormatP(m.PValue)}: {m.OnlySecondCorrect} rows only it got right, {m.OnlyFirstCorrect} only ours)")
                : string.Empty;
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"acc {ours.Accuracy - acc:+0.0000;-0.0000} vs {peers[accPeer].Name}{test}"));
        }

        if (ours.MacroF1 < f1)
        {
            misses.Add(string.Create(CultureInfo.InvariantCulture, $"F1 {ours.MacroF1 - f1:+0.0000;-0.0000} vs {peers[f1Peer].Name}"));
        }

        if (misses.Count > 0)
        {
            return "**no**: " + string.Join(", ", misses);
        }

        // How far from chance the lead over the most accurate peer is.
        return McNemar(results, accPeer) is { } lead
            ? string.Create(CultureInfo.InvariantCulture, $"yes (acc vs {peers[accPeer].Name}: McNemar {FormatP(lead.PValue)}, {lead.OnlyFirstCorrect} vs {lead.OnlySecondCorrect} rows)")
            : "yes";
    }

    // "p = 0.42" (three decimals below 0.01), or "p < 0.001" so that a tiny p-value does not print as 0.00.
    private static string FormatP(double p) =>
        p < 0.001 ? "p < 0.001" : "p = " + p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>McNemar's exact test of our accuracy (first) against a peer's (second) on the same test rows, or null
    /// when either has no per-row results.</summary>
    private McNemarResult? McNemar(PeerResult[] results, int peer)
    {
        if (results[OursIndex].Correct is not { } ours || results[peer].Correct is not { } theirs || ours.Length != theirs.Length)
        {
            return null;
        }

        int onlyOurs = 0, onlyTheirs = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            if (ours[i] != theirs[i])
            {
                onlyOurs += ours[i] ? 1 : 0;
                onlyTheirs += theirs[i] ? 1 : 0;
            }
        }

        return new McNemarResult(onlyOurs, onlyTheirs, McNemarTest.ExactPValue(onlyOurs, onlyTheirs));
    }

    /// <summary>The peer (not ours) with the highest value of a metric, or -1 when none ran.</summary>
    private (int Peer, double Value) Best(PeerResult[] results, Func<Training.Evaluation.ClassificationMetrics, double> metric)
    {
        int best = -1;
        double value = double.NegativeInfinity;
        for (int p = 0; p < results.Length; p++)
        {
            if (p != OursIndex && results[p].Metrics is { } m && metric(m) > value)
            {
                best = p;
                value = metric(m);
            }
        }

        return (best, value);
    }

    /// <summary>How many datasets meet the bar, and how our training time compares with ML.NET's.</summary>
    private string? Summary()
    {
        int ours = OursIndex;
        if (ours < 0 || peers.Count < 2)
        {
            return null;
        }

        int scored = 0, met = 0, significantlyBetter = 0, significantlyWorse = 0;
        foreach ((_, PeerResult[] results) in _rows)
        {
            string verdict = Verdict(results);
            if (verdict.StartsWith("n/a", StringComparison.Ordinal))
            {
                continue;
            }

            scored++;
            met += verdict.StartsWith("yes", StringComparison.Ordinal) ? 1 : 0;
            if (McNemar(results, Best(results, m => m.Accuracy).Peer) is { PValue: < Significance } test)
            {
                significantlyBetter += test.OnlyFirstCorrect > test.OnlySecondCorrect ? 1 : 0;
                significantlyWorse += test.OnlyFirstCorrect < test.OnlySecondCorrect ? 1 : 0;
            }
        }

        // A peer that gave no result (its tool missing, or it failed) is not in the verdicts it would have been in: say so
        // in the summary, where a count read alone would overstate the result.
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach ((_, PeerResult[] results) in _rows)
        {
            for (int p = 0; p < results.Length; p++)
            {
                if (p != ours && !results[p].HasMetrics)
                {
                    missing.Add(peers[p].Name);
                }
            }
        }

        string among = missing.Count == 0 ? string.Empty
            : $" (among the peers that gave results: {string.Join(", ", missing)} gave none on some or all of them; see the notes)";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"Ours ≥ the best peer in both accuracy and macro-F1 on {met} of {scored} datasets{among}. Against the most accurate peer " +
            $"of each dataset, McNemar's exact test (p < {Significance}) finds ours more accurate on {significantlyBetter} " +
            $"and less accurate on {significantlyWorse}.");
        int mlnet = peers.ToList().FindIndex(peer => peer is MlNetPeer);
        if (mlnet >= 0)
        {
            int both = 0, faster = 0;
            double oursTotal = 0, mlnetTotal = 0;
            foreach ((_, PeerResult[] results) in _rows)
            {
                if (results[ours].HasMetrics && results[mlnet].HasMetrics)
                {
                    both++;
                    faster += results[ours].TrainSeconds <= results[mlnet].TrainSeconds ? 1 : 0;
                    oursTotal += results[ours].TrainSeconds;
                    mlnetTotal += results[mlnet].TrainSeconds;
                }
            }

            line += string.Create(CultureInfo.InvariantCulture,
                $" Ours trains at least as fast as ML.NET on {faster} of {both} (total {oursTotal:F1} s vs {mlnetTotal:F1} s).");
        }

        return line;
    }
}
