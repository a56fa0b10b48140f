using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TextClassification.Cli;

/// <summary>
/// Whether the reader of a piped standard output has gone (<c>textclf predict B | head -1</c> after <c>head</c> ended).
/// .NET's console stream ignores EPIPE, so <c>yes text | textclf predict B | head -1</c> classified forever; writing
/// through a stream of our own instead lost what other commands print before their work is done (<c>train … | head
/// -1</c> stopped before saving), the locale's encoding and the console's retry on a non-blocking pipe. So the console
/// keeps writing, and <c>predict</c> asks between lines: <c>poll</c> on file descriptor 1 reports POLLERR (Linux) or
/// POLLHUP once a pipe has no reader. At most every <see cref="CheckInterval"/>, so a fast stream of lines pays next
/// to nothing.
/// </summary>
internal static class StandardOutputReader
{
    private const short PollOut = 0x0004;
    private const short PollErr = 0x0008;
    private const short PollHup = 0x0010;

    private static readonly long CheckInterval = Stopwatch.Frequency / 100; // 10 ms
    private static long s_lastCheck;

    /// <summary>A check for the real standard output when it is redirected on Unix; null elsewhere (Windows, a
    /// terminal), where nothing is asked.</summary>
    public static Func<bool>? ForThisProcess() =>
        OperatingSystem.IsWindows() || !Console.IsOutputRedirected ? null : HasGone;

    // True once the pipe (or socket) on descriptor 1 has no reader; a file never reports it.
    private static bool HasGone()
    {
        long now = Stopwatch.GetTimestamp();
        if (now - s_lastCheck < CheckInterval)
        {
            return false;
        }

        s_lastCheck = now;
        var descriptor = new PollDescriptor { Fd = 1, Events = PollOut };
        return Poll(ref descriptor, 1, 0) > 0 && (descriptor.Revents & (PollErr | PollHup)) != 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "poll")]
    private static extern int Poll(ref PollDescriptor descriptor, nuint count, int timeoutMilliseconds);
}
