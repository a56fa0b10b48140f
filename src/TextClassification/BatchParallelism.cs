namespace TextClassification;

/// <summary>How many threads a parallel batch may use, so that it leaves the thread pool a thread for other work.</summary>
/// <remarks>
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> runs its loop on the calling thread and queues
/// up to <see cref="ParallelOptions.MaxDegreeOfParallelism"/> − 1 helpers to the thread pool. The pool starts threads
/// without delay only up to its minimum (<see cref="ThreadPool.GetMinThreads"/>, one per core unless the app raised
/// it); past that a queued item waits for the pool's starvation logic to add one, about a second. In a server the caller
/// is itself a pool thread (a request handler, the <c>Task.Run</c> of <c>ClassifyBatchAsync</c>): capped at one worker
/// per core, a batch on a 2-core host held both of the pool's threads, and other requests and the batch's own
/// <c>CancelAfter</c> timer waited 1–2 s (an outside audit). So a caller that is a pool thread counts as one of the
/// batch's pool threads, and the batch leaves one of the pool's ready threads free.
/// </remarks>
internal static class BatchParallelism
{
    /// <summary>The degree of parallelism for a batch started on the current thread, with this machine's core count
    /// and the pool's current minimum: 1 means run the batch on the calling thread alone.</summary>
    public static int Degree()
    {
        ThreadPool.GetMinThreads(out int minWorkerThreads, out _);
        return Degree(Environment.ProcessorCount, minWorkerThreads, Thread.CurrentThread.IsThreadPoolThread);
    }

    /// <summary>The degree of parallelism (the caller and its helpers) that uses at most one thread per core and,
    /// when more than one, at most <paramref name="minPoolThreads"/> − 1 pool threads, the caller among them when it is
    /// one; at least 1.</summary>
    /// <param name="processorCount">The cores the process may use.</param>
    /// <param name="minPoolThreads">The pool's minimum worker threads (the ones it starts without delay).</param>
    /// <param name="callerIsPoolThread">Whether the calling thread belongs to the pool.</param>
    public static int Degree(int processorCount, int minPoolThreads, bool callerIsPoolThread)
    {
        // Helpers are pool threads; the caller is one as well when it came from the pool. With one core, or a pool
        // whose only ready thread is the caller, the batch runs on the caller alone (which nothing can free).
        int poolThreadsFree = minPoolThreads - 1 - (callerIsPoolThread ? 1 : 0);
        return Math.Max(1, Math.Min(processorCount, poolThreadsFree + 1));
    }
}
