using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TextClassification.Cli;

/// <summary>
/// Standard output written to a pipe (or socket) on Unix, where a closed pipe is reported: .NET's console stream ignores
/// EPIPE, so <c>yes 'great movie' | textclf predict BUNDLE | head -1</c> classified forever after <c>head</c> had
/// ended. Written here, a write to a pipe with no reader throws an <see cref="IOException"/> that
/// <see cref="IsClosedPipe"/> recognises, and the command stops with <see cref="ExitCodes.OutputClosed"/>.
/// </summary>
internal static class PipedStandardOutput
{
    // EPIPE on Linux and macOS; .NET's IOException on Unix carries the errno as its HResult.
    private const int BrokenPipe = 32;

    /// <summary>A writer on file descriptor 1, flushed at every write as the console's is (a line of <c>predict</c>
    /// reaches the reader at once), or null where the console's own writer stays (Windows, a terminal, a file).</summary>
    public static TextWriter? TryCreate()
    {
        if (OperatingSystem.IsWindows() || !Console.IsOutputRedirected)
        {
            return null;
        }

        var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (stream.CanSeek)
        {
            // A file (or /dev/null): no pipe to close, and a FileStream keeps its own write position, so with
            // `> log 2>&1` its lines would overwrite what standard error wrote through the shared descriptor.
            stream.Dispose();
            return null;
        }

        return TextWriter.Synchronized(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true });
    }

    /// <summary>Whether <paramref name="exception"/> is a write to a pipe whose reader has ended.</summary>
    public static bool IsClosedPipe(Exception exception) =>
        !OperatingSystem.IsWindows() && exception is IOException { HResult: BrokenPipe };
}
