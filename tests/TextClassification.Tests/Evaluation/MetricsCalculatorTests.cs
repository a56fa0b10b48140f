using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Evaluation;

public sealed class MetricsCalculatorTests
{
    private const double Tolerance = 1e-12;

    // The hand-worked 3-class case is in ThreeClassCase.
    private static readonly string[] ThreeLabels = ThreeClassCase.Labels;
    private static readonly int[] ThreeGold = ThreeClassCase.Gold;
    private static readonly float[] ThreeProbabilities = ThreeClassCase.Probabilities;

    [Fact]
    public void ThreeClassCaseMatchesHandComputedConfusionMatrix()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        Assert.Equal(ThreeLabels, m.Labels);
        Assert.Equal(6, m.Count);
        Assert.Equal(3, m.ConfusionMatrix.Length);
        Assert.Equal([2, 1, 0], m.ConfusionMatrix[0]);
        Assert.Equal([1, 1, 0], m.ConfusionMatrix[1]);
        Assert.Equal([0, 1, 0], m.ConfusionMatrix[2]);
        Assert.Equal(0.5, m.Accuracy, Tolerance);
    }

    [Fact]
    public void ThreeClassCaseMatchesHandComputedPerLabelMetrics()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        Assert.Equal(3, m.PerLabel.Count);
        AssertLabel(m.PerLabel[0], "a", 2.0 / 3, 2.0 / 3, 2.0 / 3, 3);
        AssertLabel(m.PerLabel[1], "b", 1.0 / 3, 1.0 / 2, 2.0 / 5, 2);
        AssertLabel(m.PerLabel[2], "c", 0, 0, 0, 1);
    }

    [Fact]
    public void ThreeClassCaseMatchesHandComputedAverages()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        Assert.Equal(1.0 / 3, m.MacroPrecision, Tolerance);
        Assert.Equal(7.0 / 18, m.MacroRecall, Tolerance);
        Assert.Equal(16.0 / 45, m.MacroF1, Tolerance);
        Assert.Equal(7.0 / 15, m.WeightedF1, Tolerance);
        Assert.Equal(371.0 / 432, m.RocAucMacro, Tolerance);

        double expectedLogLoss =
            -(Math.Log(0.7) + Math.Log(0.5) + Math.Log(0.2) + Math.Log(0.8) + Math.Log(0.4) + Math.Log(0.4)) / 6;
        Assert.Equal(expectedLogLoss, m.LogLoss, 1e-6); // float inputs: ~1e-8 relative error per probability
    }

    [Fact]
    public void MacroAveragesSkipLabelsNeitherInGoldNorPredicted()
    {
        // Labels x, y, z; z never occurs in gold and is never predicted. Every prediction is right, so x and y have
        // P = R = F1 = 1 and z has none to average (scikit-learn's default labels: those in y_true or y_pred):
        // macro F1 = (1 + 1) / 2 = 1, weighted F1 = 1. z keeps its row, support 0.
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["x", "y", "z"],
            [0, 1],
            [0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f]);

        Assert.Equal(1.0, m.Accuracy, Tolerance);
        Assert.Equal(1.0, m.MacroF1, Tolerance);
        Assert.Equal(1.0, m.MacroPrecision, Tolerance);
        Assert.Equal(1.0, m.MacroRecall, Tolerance);
        Assert.Equal(1.0, m.WeightedF1, Tolerance);
        AssertLabel(m.PerLabel[2], "z", 0, 0, 0, 0);
        Assert.Null(m.TrainSeconds); // unknown until a trainer fills it in: JSON null, not a made-up 0
        Assert.Null(m.EvalSeconds);
    }

    [Fact]
    public void A_label_predicted_but_absent_from_gold_counts_in_the_macro_averages()
    {
        // Gold x, x, y; predicted x, z, y. z is predicted once and never right: P = 0 (0/1), R = 0 (0/0, zero_division
        // 0), F1 = 0, and it is averaged (it occurs among the predictions). x: P = 1, R = 1/2, F1 = 2/3; y: 1, 1, 1.
        // Macro F1 = (2/3 + 1 + 0) / 3 = 5/9; macro P = (1 + 1 + 0) / 3 = 2/3; macro R = (1/2 + 1 + 0) / 3 = 1/2.
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["x", "y", "z"],
            [0, 0, 1],
            [0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f, 0.8f, 0.1f]);

        Assert.Equal(5.0 / 9, m.MacroF1, Tolerance);
        Assert.Equal(2.0 / 3, m.MacroPrecision, Tolerance);
        Assert.Equal(0.5, m.MacroRecall, Tolerance);
    }

    [Fact]
    public void LogLossClampsZeroProbability()
    {
        // p(gold) = 0 is clamped to 1e-15: loss = -ln(1e-15) = 15 ln 10 ≈ 34.54.
        ClassificationMetrics m = MetricsCalculator.Compute(["a", "b"], [0], [0f, 1f]);

        Assert.Equal(-Math.Log(1e-15), m.LogLoss, 1e-9);
    }

    [Fact]
    public void BinaryRocAucWithTiesIsThreeQuarters()
    {
        // Gold: neg, neg, pos, pos. P(pos) = 0.5, 0.5, 0.5, 0.9.
        // Sorted P(pos): 0.5, 0.5, 0.5 (ranks 1, 2, 3 -> average 2), 0.9 (rank 4).
        // Positives' rank sum R = 2 + 4 = 6; U = R - P(P+1)/2 = 6 - 3 = 3; AUC = U / (P*N) = 3 / 4 = 0.75.
        // Pairwise check: (0.5 vs 0.5) 1/2 twice + (0.9 vs 0.5) 1 twice = 3 of 4 pairs.
        // Label "neg" uses P(neg) = 0.5, 0.5, 0.5, 0.1 and gives 0.75 as well, so the macro AUC is 0.75.
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["neg", "pos"],
            [0, 0, 1, 1],
            [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.9f]);

        Assert.Equal(0.75, m.RocAucMacro, Tolerance);
    }

    [Fact]
    public void PerfectRankingGivesAucOne()
    {
        // Every positive scores above every negative, for both labels.
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["neg", "pos"],
            [0, 0, 1, 1],
            [0.9f, 0.1f, 0.8f, 0.2f, 0.3f, 0.7f, 0.4f, 0.6f]);

        Assert.Equal(1.0, m.RocAucMacro, Tolerance);
        Assert.Equal(1.0, m.Accuracy, Tolerance);
    }

    [Fact]
    public void ReversedRankingGivesAucZero()
    {
        // Same scores with the gold labels swapped: every positive scores below every negative.
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["neg", "pos"],
            [1, 1, 0, 0],
            [0.9f, 0.1f, 0.8f, 0.2f, 0.3f, 0.7f, 0.4f, 0.6f]);

        Assert.Equal(0.0, m.RocAucMacro, Tolerance);
        Assert.Equal(0.0, m.Accuracy, Tolerance);
    }

    [Fact]
    public void AucIsNaNWhenNoLabelHasBothClasses()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(["a", "b"], [0, 0], [0.6f, 0.4f, 0.3f, 0.7f]);

        Assert.True(double.IsNaN(m.RocAucMacro));
    }

    [Fact]
    public void AucSkipsLabelsWithoutPositives()
    {
        // Label c never occurs in gold: it is left out of the macro AUC, not counted as 0 or 0.5.
        // a: pos {0.6} vs neg {0.3}: 1; b: pos {0.5} vs neg {0.2}: 1. Macro = 1.
        ClassificationMetrics m = MetricsCalculator.Compute(
            ["a", "b", "c"],
            [0, 1],
            [0.6f, 0.2f, 0.2f, 0.3f, 0.5f, 0.2f]);

        Assert.Equal(1.0, m.RocAucMacro, Tolerance);
    }

    [Fact]
    public void RejectsProbabilitiesOfWrongLength()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => MetricsCalculator.Compute(["a", "b"], [0, 1], [0.5f, 0.5f, 0.5f]));

        Assert.Equal("probabilities", ex.ParamName);
        Assert.Contains("4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void RejectsGoldOutOfRange(int badValue)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => MetricsCalculator.Compute(["a", "b"], [0, badValue], [0.5f, 0.5f, 0.5f, 0.5f]));

        Assert.Equal("gold", ex.ParamName);
        Assert.Contains("gold[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsEmptyGold()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => MetricsCalculator.Compute(["a", "b"], ReadOnlySpan<int>.Empty, ReadOnlySpan<float>.Empty));

        Assert.Equal("gold", ex.ParamName);
    }

    [Fact]
    public void RejectsBadLabelLists()
    {
        Assert.Throws<ArgumentNullException>(() => MetricsCalculator.Compute(null!, [0], [1f]));
        Assert.Throws<ArgumentException>(() => MetricsCalculator.Compute([], [0], [1f]));
        Assert.Throws<ArgumentException>(() => MetricsCalculator.Compute(["a", "a"], [0], [0.5f, 0.5f]));
    }

    [Fact]
    public void JsonHasExactlyTheDocumentedKeys()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);
        m.TrainSeconds = 1.5;
        m.EvalSeconds = 0.25;

        using JsonDocument doc = JsonDocument.Parse(MetricsJson.Serialize(m));
        JsonElement root = doc.RootElement;

        // The ARCHITECTURE.md keys keep their names; weightedPrecision, weightedRecall, expectedCalibrationError,
        // topKAccuracy and calibrationBins were added later.
        string[] expectedKeys =
        [
            "accuracy", "macroF1", "weightedF1", "macroPrecision", "macroRecall", "weightedPrecision", "weightedRecall",
            "logLoss", "rocAucMacro", "expectedCalibrationError", "topKAccuracy", "trainSeconds", "evalSeconds", "count",
            "labels", "confusionMatrix", "perLabel", "calibrationBins",
        ];
        Assert.Equal(expectedKeys, PropertyNames(root));

        Assert.Equal(0.5, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(m.MacroF1, root.GetProperty("macroF1").GetDouble());
        Assert.Equal(m.WeightedF1, root.GetProperty("weightedF1").GetDouble());
        Assert.Equal(m.LogLoss, root.GetProperty("logLoss").GetDouble());
        Assert.Equal(m.RocAucMacro, root.GetProperty("rocAucMacro").GetDouble());
        Assert.Equal(1.5, root.GetProperty("trainSeconds").GetDouble());
        Assert.Equal(0.25, root.GetProperty("evalSeconds").GetDouble());
        Assert.Equal(6, root.GetProperty("count").GetInt32());

        var labels = new List<string?>();
        foreach (JsonElement label in root.GetProperty("labels").EnumerateArray())
        {
            labels.Add(label.GetString());
        }

        Assert.Equal(["a", "b", "c"], labels);
    }

    [Fact]
    public void JsonPerLabelIsKeyedByLabelName()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        using JsonDocument doc = JsonDocument.Parse(MetricsJson.Serialize(m));
        JsonElement perLabel = doc.RootElement.GetProperty("perLabel");

        Assert.Equal(JsonValueKind.Object, perLabel.ValueKind);
        Assert.Equal(["a", "b", "c"], PropertyNames(perLabel));
        for (int c = 0; c < ThreeLabels.Length; c++)
        {
            JsonElement entry = perLabel.GetProperty(ThreeLabels[c]);
            Assert.Equal(["precision", "recall", "f1", "support", "rocAuc"], PropertyNames(entry));
            Assert.Equal(m.PerLabel[c].RocAuc, entry.GetProperty("rocAuc").GetDouble());
            Assert.Equal(m.PerLabel[c].Precision, entry.GetProperty("precision").GetDouble());
            Assert.Equal(m.PerLabel[c].Recall, entry.GetProperty("recall").GetDouble());
            Assert.Equal(m.PerLabel[c].F1, entry.GetProperty("f1").GetDouble());
            Assert.Equal(m.PerLabel[c].Support, entry.GetProperty("support").GetInt32());
        }
    }

    [Fact]
    public void JsonRoundTripsConfusionMatrix()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        using JsonDocument doc = JsonDocument.Parse(MetricsJson.Serialize(m));
        int[][]? matrix = doc.RootElement.GetProperty("confusionMatrix").Deserialize<int[][]>();

        Assert.NotNull(matrix);
        Assert.Equal(m.ConfusionMatrix, matrix);
    }

    [Property(MaxTest = 200)]
    public Property Json_matrix_rows_round_trip_each_on_one_line()
    {
        Gen<int> cell = Gen.OneOf(Gen.Choose(0, 20), Gen.Elements(int.MaxValue, int.MinValue, -1, 1_000_000_000));
        Gen<int[][]> matrices = from rows in Gen.Choose(0, 12)
                                from columns in Gen.Choose(0, 12)
                                from values in Gen.ArrayOf(Gen.ArrayOf(cell, columns), rows)
                                select values;
        return Prop.ForAll(matrices.ToArbitrary(), matrix =>
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, MetricsJson.WriterOptions))
            {
                writer.WriteStartObject();
                MetricsJson.WriteMatrix(writer, "m", matrix);
                writer.WriteEndObject();
            }

            string json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
            using JsonDocument doc = JsonDocument.Parse(json);
            Assert.Equal(matrix, doc.RootElement.GetProperty("m").Deserialize<int[][]>());

            // The object's braces and the array's brackets, plus one line per row.
            int lines = json.Split('\n').Length;
            Assert.Equal(matrix.Length == 0 ? 3 : 4 + matrix.Length, lines);
        });
    }

    [Fact]
    public void JsonWritesNaNAndInfinityAsNull()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(["a", "b"], [0, 0], [0.6f, 0.4f, 0.3f, 0.7f]);
        m.TrainSeconds = double.PositiveInfinity;
        Assert.True(double.IsNaN(m.RocAucMacro));

        string json = MetricsJson.Serialize(m);
        using JsonDocument doc = JsonDocument.Parse(json);

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("rocAucMacro").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("trainSeconds").ValueKind);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonIsIndented()
    {
        ClassificationMetrics m = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        string json = MetricsJson.Serialize(m);

        Assert.Contains("\n  \"accuracy\"", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink()
    {
        using var folder = new TextClassification.Tests.Support.TempFolder("tc-metrics-link");
        string target = folder.Combine("real", "metrics.json");
        Directory.CreateDirectory(folder.Combine("real"));
        File.WriteAllText(target, "old");
        string link = folder.Combine("metrics.json");
        File.CreateSymbolicLink(link, target);
        ClassificationMetrics metrics = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);

        MetricsJson.Write(metrics, link);

        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(MetricsJson.Serialize(metrics), File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(folder.Combine("real")));

        // A link to a file not made yet: the file is made and the link kept (it had failed with "Could not find file").
        string later = folder.Combine("real", "later.json");
        string dangling = folder.Combine("later-link.json");
        File.CreateSymbolicLink(dangling, later);

        MetricsJson.Write(metrics, dangling);

        Assert.Equal(later, new FileInfo(dangling).LinkTarget);
        Assert.Equal(MetricsJson.Serialize(metrics), File.ReadAllText(later));

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // In a folder anyone may write to, sticky (like /tmp) or not (a 0777 folder another user made: the link was
        // followed there, and the user's own file replaced), a link may be someone else's trap: it is replaced itself
        // and the file it pointed at is left alone.
        foreach (int mode in new[] { 0b1_111_111_111, 0b111_111_111 }) // 1777, 0777
        {
            string shared = folder.Combine($"shared-{Convert.ToString(mode, 8)}");
            Directory.CreateDirectory(shared);
            File.SetUnixFileMode(shared, (UnixFileMode)mode);
            string planted = Path.Combine(shared, "metrics.json");
            File.CreateSymbolicLink(planted, target);
            File.WriteAllText(target, "precious");

            MetricsJson.Write(metrics, planted);

            Assert.Null(new FileInfo(planted).LinkTarget);
            Assert.Equal(MetricsJson.Serialize(metrics), File.ReadAllText(planted));
            Assert.Equal("precious", File.ReadAllText(target));
        }
    }

    [Theory]
    [InlineData("/dev/stdout", true)]
    [InlineData("/dev/full", true)] // a device: renaming over it would replace it with a regular file
    [InlineData("/dev/fd/63", true)]
    [InlineData("/proc/self/fd/1", true)]
    [InlineData("/dev/shm/metrics.json", false)] // a tmpfs of regular files
    [InlineData("/tmp/metrics.json", false)]
    [InlineData("metrics.json", false)]
    public void Paths_under_dev_are_written_into_and_others_replaced(string path, bool stream)
    {
        Assert.Equal(stream && !OperatingSystem.IsWindows(), OutputFile.IsStream(path));
    }

    [Fact]
    public async Task WriteIntoAFifoStreamsTheJsonAndLeavesTheFifo()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TextClassification.Tests.Support.TempFolder("tc-metrics-fifo");
        string fifo = folder.Combine("pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        ClassificationMetrics metrics = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);
        Task<string> reader = Task.Run(() => File.ReadAllText(fifo));
        MetricsJson.Write(metrics, fifo);

        Assert.Equal(MetricsJson.Serialize(metrics), await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, new FileInfo(fifo).Length); // still a pipe: a file put in its place would hold the JSON
        Assert.Equal([fifo], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void WriteCreatesFolderReplacesFileAndLeavesNoTemporaryFile()
    {
        string root = Path.Combine(Path.GetTempPath(), "tc-metrics-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(root, "nested", "metrics.json");
            ClassificationMetrics first = MetricsCalculator.Compute(ThreeLabels, ThreeGold, ThreeProbabilities);
            MetricsJson.Write(first, path);
            Assert.Equal(MetricsJson.Serialize(first), File.ReadAllText(path));

            ClassificationMetrics second = MetricsCalculator.Compute(["a", "b"], [0, 1], [0.9f, 0.1f, 0.2f, 0.8f]);
            MetricsJson.Write(second, path);
            Assert.Equal(MetricsJson.Serialize(second), File.ReadAllText(path));

            Assert.Equal([path], Directory.GetFiles(Path.Combine(root, "nested")));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void AssertLabel(LabelMetrics actual, string label, double precision, double recall, double f1, int support)
    {
        Assert.Equal(label, actual.Label);
        Assert.Equal(precision, actual.Precision, Tolerance);
        Assert.Equal(recall, actual.Recall, Tolerance);
        Assert.Equal(f1, actual.F1, Tolerance);
        Assert.Equal(support, actual.Support);
    }

    private static List<string> PropertyNames(JsonElement element)
    {
        var names = new List<string>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            names.Add(property.Name);
        }

        return names;
    }
}
