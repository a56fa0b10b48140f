using System.Runtime.ExceptionServices;

namespace TextClassification.Training.Evaluation;

/// <summary>
/// Runs a per-row scoring over rows <c>0..count</c> in chunks of <see cref="RowsPerChunk"/> rows on at most one worker
/// per core, leaving the thread pool a thread when the caller is a pool thread (<see cref="BatchParallelism"/>, as
/// ClassifyBatch does: an evaluation in a server's request held every pool thread of a small host). The token is
/// checked before every row, since one long text takes milliseconds; each finished chunk is reported to the progress
/// counter.
/// </summary>
internal static class ScoringChunks
{
    /// <summary>Rows per chunk: a chunk is one report of progress.</summary>
    public const int RowsPerChunk = 256;

    /// <summary>Calls <paramref name="scoreRow"/> once for every row, in parallel chunks.</summary>
    public static void Run(int count, IProgress<EvaluationProgress>? progress, Action<int> scoreRow, CancellationToken cancellationToken) =>
        RunChunks(
            count,
            progress,
            (start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    scoreRow(i);
                }
            },
            cancellationToken);

    /// <summary>Calls <paramref name="scoreChunk"/> with the rows [start, end) of every chunk, in parallel (a batch
    /// scorer's one run per chunk); the token is checked before each chunk, and inside it as the scorer does.</summary>
    public static void RunChunks(int count, IProgress<EvaluationProgress>? progress, Action<int, int> scoreChunk, CancellationToken cancellationToken)
    {
        var counter = new EvaluationProgressCounter(progress, count);
        int chunks = (count + RowsPerChunk - 1) / RowsPerChunk;
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = BatchParallelism.Degree() };
        try
        {
            Parallel.For(0, chunks, options, chunk =>
            {
                int start = chunk * RowsPerChunk;
                int end = Math.Min(count, start + RowsPerChunk);
                cancellationToken.ThrowIfCancellationRequested();
                scoreChunk(start, end);
                counter.Add(end - start);
            });
        }
        catch (AggregateException error)
        {
            // The first failure as it was thrown, as the sequential evaluators give it: wrapped, a disposed ONNX
            // classifier's ObjectDisposedException (or a progress handler's own exception) came out of Evaluate as
            // "One or more errors occurred." (review 55f). Chunks failing at once fail alike (one classifier, one handler).
            ExceptionDispatchInfo.Throw(error.Flatten().InnerExceptions[0]);
        }
    }
}
