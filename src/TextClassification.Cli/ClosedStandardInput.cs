namespace TextClassification.Cli;

/// <summary>
/// Standard input for a process started with it closed (<c>textclf predict BUNDLE &lt;&amp;-</c>, a service started
/// without one). The runtime's first descriptor of its own then takes the free number 0 (a pipe it never writes), so
/// reading standard input had waited forever; this reader fails at once, naming the cause.
/// </summary>
internal sealed class ClosedStandardInput : TextReader
{
    // O_CLOEXEC as /proc/<pid>/fdinfo prints it (octal 02000000).
    private const int CloseOnExec = 0x80000;

    // Read once: the descriptor's flags say how the process started, which does not change (Program and each data path
    // ask).
    private static readonly Lazy<bool> ClosedAtStart = new(ReadClosedAtStart);

    /// <summary>The message of the error every read raises.</summary>
    public const string Message = "could not read standard input: the command was started with it closed (<&-). Pipe the input in or name a file (predict: texts as arguments or --input FILE; </dev/null for no input).";

    /// <summary>Whether this process started with standard input closed. On Linux, a descriptor 0 marked
    /// close-on-exec cannot have been inherited (exec closes such descriptors), so the process itself opened it after
    /// starting: the runtime, in the place a closed standard input left free. False elsewhere, or where it cannot tell
    /// (no descriptor 0 at all reads as an empty input).</summary>
    public static bool WasClosedAtStart() => ClosedAtStart.Value;

    private static bool ReadClosedAtStart()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            foreach (string line in File.ReadLines("/proc/self/fdinfo/0"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return IsCloseOnExec(line.AsSpan("flags:".Length));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> names this process's standard input: /dev/stdin, /dev/fd/0,
    /// /proc/self/fd/0, /proc/thread-self/fd/0 or /proc/&lt;this process&gt;/fd/0, written with <c>.</c>, <c>..</c> or
    /// doubled slashes, or a symbolic link (up to 8 deep) to one of them. Only the names: where standard input was closed
    /// at start, each opens the runtime's own pipe, which nobody writes.</summary>
    internal static bool NamesStandardInput(string path)
    {
        string? current = path;
        for (int hop = 0; hop < 8 && current is not null; hop++)
        {
            string full;
            try
            {
                full = Path.GetFullPath(current);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return false;
            }

            if (full is "/dev/stdin" or "/dev/fd/0" or "/proc/self/fd/0" or "/proc/thread-self/fd/0" ||
                full == $"/proc/{Environment.ProcessId}/fd/0")
            {
                return true;
            }

            // A link of the user's own (data.tsv -> /dev/stdin); /proc's fd links point at pipe:[…] or a device, not here.
            string? target;
            try
            {
                target = new FileInfo(full).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            current = target is null ? null : Path.Combine(Path.GetDirectoryName(full) ?? "/", target);
        }

        return false;
    }

    /// <summary>Whether the octal flags of a <c>/proc/&lt;pid&gt;/fdinfo</c> line hold O_CLOEXEC.</summary>
    /// <param name="octalFlags">The value after <c>flags:</c>, white space around it allowed.</param>
    internal static bool IsCloseOnExec(ReadOnlySpan<char> octalFlags)
    {
        octalFlags = octalFlags.Trim();
        long flags = 0;
        foreach (char c in octalFlags)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            flags = (flags * 8) + (c - '0');
        }

        return !octalFlags.IsEmpty && (flags & CloseOnExec) != 0;
    }

    /// <inheritdoc/>
    public override int Peek() => throw Closed();

    /// <inheritdoc/>
    public override int Read() => throw Closed();

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => throw Closed();

    /// <inheritdoc/>
    public override string? ReadLine() => throw Closed();

    /// <inheritdoc/>
    public override string ReadToEnd() => throw Closed();

    private static IOException Closed() => new(Message);
}
