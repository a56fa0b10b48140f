using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace TextClassification.Cli;

/// <summary>
/// Reads lines from a <see cref="TextReader"/> on a background thread so that waiting for the next line can be canceled:
/// <c>predict</c> streaming stdin stops on Ctrl+C or SIGTERM even while no line arrives (a blocked
/// <see cref="TextReader.ReadLine"/> cannot be interrupted). At most <see cref="Buffered"/> lines are read ahead; when
/// they are, the reading thread sleeps a millisecond at a time instead of waking for every line taken, which had cost
/// about a sixth of <c>predict</c>'s throughput on a piped file.
/// </summary>
internal sealed class CancellableLineReader : IDisposable
{
    /// <summary>Lines read ahead of the consumer at most.</summary>
    public const int Buffered = 1024;

    private volatile bool _abandoned;

    // Without read-ahead (a terminal, which echoes a line as it is read), one line is read per request, so each answer
    // is printed before the next typed line is echoed; null with read-ahead.
    private readonly SemaphoreSlim? _requests;
    private bool _requested;

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(Buffered) { SingleReader = true, SingleWriter = true });

    /// <summary>Starts reading <paramref name="reader"/> to its end. The reading thread is a background one: a process
    /// that returns while it still waits for input is not kept alive by it.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="readAhead">False for a terminal: a line is read only when <see cref="ReadLine"/> asks for it.</param>
    public CancellableLineReader(TextReader reader, bool readAhead = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _requests = readAhead ? null : new SemaphoreSlim(0);
        var thread = new Thread(() => Pump(reader)) { IsBackground = true, Name = "textclf stdin" };
        thread.Start();
    }

    /// <summary>The next line, or null at the end of the input.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled while waiting.</exception>
    /// <exception cref="IOException">Reading failed (rethrown from the reading thread).</exception>
    public string? ReadLine(CancellationToken cancellationToken)
    {
        if (_requests is not null && !_requested)
        {
            _requests.Release();
            _requested = true;
        }

        while (true)
        {
            if (_lines.Reader.TryRead(out string? line))
            {
                _requested = false;
                return line;
            }

            bool more;
            try
            {
                ValueTask<bool> waiting = _lines.Reader.WaitToReadAsync(cancellationToken);
                more = waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Nobody reads on: let the reading thread stop once its current line arrives.
                _abandoned = true;
                throw;
            }

            if (!more)
            {
                return null;
            }
        }
    }

    /// <summary>A line already read ahead, taken without waiting: false when none has been read yet (a line still being
    /// typed or piped in, a terminal's next line, which is read only when asked for) or the input has ended.</summary>
    public bool TryReadAvailable([NotNullWhen(true)] out string? line) => _lines.Reader.TryRead(out line);

    /// <summary>Stops the reading thread once its current read returns (it cannot interrupt a blocked read).</summary>
    public void Dispose()
    {
        _abandoned = true;
        _requests?.Release();
    }

    // With read-ahead, always true; without, waits until a line is asked for (false once abandoned).
    private bool WaitForRequest()
    {
        if (_requests is null)
        {
            return !_abandoned;
        }

        _requests.Wait();
        return !_abandoned;
    }

    private void Pump(TextReader reader)
    {
        try
        {
            // Redirected input: lines end at LF or CRLF, as in the data files (TextReader.ReadLine also ends one at a
            // lone CR, which made one text with a stray CR two predictions and shifted every later answer against its
            // input line). A terminal's lines are read as the console gives them: one per Enter.
            Func<string?> next = _requests is null ? TextClassification.Training.Data.LineReader.ForStandardInput(reader).ReadLine : reader.ReadLine;
            string? line;
            while (WaitForRequest() && (line = next()) is not null)
            {
                while (!_lines.Writer.TryWrite(line))
                {
                    if (_abandoned)
                    {
                        return;
                    }

                    Thread.Sleep(1);
                }
            }

            _lines.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            // WaitToReadAsync rethrows it to the consumer (a DataFormatException from StrictTextReader names a bad byte).
            _lines.Writer.TryComplete(ex);
        }
    }
}
