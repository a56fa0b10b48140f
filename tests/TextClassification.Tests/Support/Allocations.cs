namespace TextClassification.Tests.Support;

/// <summary>Measures what an action allocates on the calling thread.</summary>
internal static class Allocations
{
    /// <summary>The fewest bytes <paramref name="action"/> allocated over <paramref name="attempts"/> runs. A steady
    /// state that allocates nothing shows 0 in at least one run even when a garbage collection between runs (other
    /// tests allocate in parallel) trimmed the shared array pools and one rent had to allocate again; an allocation
    /// made on every call shows in every run.</summary>
    public static long Fewest(Action action, int attempts = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < attempts && fewest > 0; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
