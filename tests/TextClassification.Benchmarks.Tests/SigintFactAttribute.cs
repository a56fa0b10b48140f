using System.Globalization;

namespace TextClassification.Benchmarks.Tests;

/// <summary>
/// A fact that sends SIGINT to a child process, skipped visibly where this process ignores SIGINT: the child inherits
/// the ignored disposition and .NET keeps it, so Ctrl+C can never reach it. That is the case under <c>nohup</c> and in a
/// background job of a non-interactive shell (<c>bash .ci/run &amp;</c>: bash ignores SIGINT and SIGQUIT there), where
/// the driver ran on its 10,000,000 requests and the test failed after 30 s (session 52).
/// </summary>
public sealed class SigintFactAttribute : FactAttribute
{
    public SigintFactAttribute()
    {
        if (SigintIgnored())
        {
            Skip = "SIGINT is ignored in this process tree (nohup, or a background job of a non-interactive shell): a child cannot receive it";
        }
    }

    /// <summary>Whether SIGINT (2) is in the ignored set of /proc/self/status (Linux); false where that cannot be read.</summary>
    internal static bool SigintIgnored()
    {
        const string Key = "SigIgn:";
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(Key, StringComparison.Ordinal)
                    && ulong.TryParse(line.AsSpan(Key.Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong ignored))
                {
                    return (ignored & (1UL << (2 - 1))) != 0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }
}
