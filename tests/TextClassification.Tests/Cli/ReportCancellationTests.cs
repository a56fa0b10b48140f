using TextClassification.Cli;
using TextClassification.Training.Evaluation;

namespace TextClassification.Tests.Cli;

/// <summary>A Ctrl+C while the report is drawn and written (eval and train --test with --report).</summary>
public sealed class ReportCancellationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "textclf-report-cancel-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Report_StopsAtEveryCheckpoint_LeavingAnEarlierReportAsItWas()
    {
        // Drawing the plots of 3,000 labels took 3.5 s, and a Ctrl+C then was swallowed: the report was written whole
        // and eval exited 0. The command's Ctrl+C check is now made before each plot and before the files are renamed
        // into place; stopped at any of them, an earlier report stays as it was and no temporary file is left.
        ClassificationMetrics metrics = MetricsCalculator.Compute(["a", "b"], [0, 1, 1], [0.9f, 0.1f, 0.3f, 0.7f, 0.6f, 0.4f]);
        ReportWriter.Write(_folder, metrics, 2, "bundle", "old.tsv");
        Dictionary<string, byte[]> earlier = Snapshot();

        int checkpoints = 0;
        ReportWriter.Write(_folder, metrics, 2, "bundle", "new.tsv", checkpoint: () => checkpoints++);
        Assert.True(checkpoints >= 3, $"{checkpoints} checkpoints");
        Assert.Contains("new.tsv", File.ReadAllText(Path.Combine(_folder, ReportWriter.HtmlFileName)), StringComparison.Ordinal);
        ReportWriter.Write(_folder, metrics, 2, "bundle", "old.tsv");
        earlier = Snapshot();

        for (int stopAt = 1; stopAt <= checkpoints; stopAt++)
        {
            int calls = 0;
            int stop = stopAt;
            Assert.Throws<OperationCanceledException>(() => ReportWriter.Write(_folder, metrics, 2, "bundle", "new.tsv", checkpoint: () =>
            {
                if (++calls == stop)
                {
                    throw new OperationCanceledException();
                }
            }));

            Dictionary<string, byte[]> after = Snapshot();
            Assert.Equal(earlier.Keys.Order(), after.Keys.Order());
            foreach ((string name, byte[] bytes) in earlier)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed when stopped at checkpoint {stop}");
            }
        }
    }

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.GetFiles(_folder).ToDictionary(file => Path.GetFileName(file), File.ReadAllBytes);
}
