using System.Diagnostics;
using TextClassification.Training.Data;

namespace TextClassification.Benchmarks.Comparison;

/// <summary>Single-threaded, one-text-at-a-time prediction throughput of an in-process classifier.</summary>
internal static class Throughput
{
    /// <summary>Passes over the test texts are repeated until at least this long has been measured.</summary>
    private static readonly TimeSpan MinimumTime = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Classifies every test text in order, one call per text on this thread, after one warm-up call; repeats the
    /// pass until <see cref="MinimumTime"/> is reached (small test sets) and returns the first pass's predictions and
    /// the texts per second over all passes.
    /// </summary>
    public static (string[] Predictions, double PerSecond) Measure(IReadOnlyList<LabeledText> rows, Func<string, string> classify)
    {
        classify(rows[0].Text);
        var predictions = new string[rows.Count];
        long done = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            for (int i = 0; i < predictions.Length; i++)
            {
                predictions[i] = classify(rows[i].Text);
            }

            done += predictions.Length;
        }
        while (clock.Elapsed < MinimumTime);

        clock.Stop();
        return (predictions, done / clock.Elapsed.TotalSeconds);
    }
}
