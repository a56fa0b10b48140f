using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

public sealed class CancellableLineReaderTests
{
    [Fact]
    public void Gives_every_line_in_order_then_null()
    {
        // More lines than are read ahead, an empty line among them.
        string[] expected = [.. Enumerable.Range(0, (CancellableLineReader.Buffered * 3) + 7).Select(i => i == 5 ? string.Empty : $"line {i}")];
        var reader = new CancellableLineReader(new StringReader(string.Join('\n', expected) + "\n"));

        var read = new List<string>();
        while (reader.ReadLine(CancellationToken.None) is { } line)
        {
            read.Add(line);
        }

        Assert.Equal(expected, read);
        Assert.Null(reader.ReadLine(CancellationToken.None));
    }

    [Fact]
    public void A_lone_carriage_return_is_part_of_its_line()
    {
        // ReadLine ended a line at it: "who\ris he" became two texts and every later answer moved one line down.
        var reader = new CancellableLineReader(new StringReader("who\ris he\nsecond\r\nthird"));

        Assert.Equal("who\ris he", reader.ReadLine(CancellationToken.None));
        Assert.Equal("second", reader.ReadLine(CancellationToken.None));
        Assert.Equal("third", reader.ReadLine(CancellationToken.None));
        Assert.Null(reader.ReadLine(CancellationToken.None));
    }

    [Fact]
    public void Waiting_for_a_line_that_never_comes_stops_when_canceled()
    {
        // ReadLine blocks, as on a terminal or an idle stdin pipe, until the test ends.
        using var release = new ManualResetEventSlim();
        var reader = new CancellableLineReader(new BlockingReader(release));
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        try
        {
            Assert.ThrowsAny<OperationCanceledException>(() => reader.ReadLine(source.Token));
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public void A_read_error_reaches_the_consumer()
    {
        var reader = new CancellableLineReader(new FailingReader());

        Assert.Throws<IOException>(() => reader.ReadLine(CancellationToken.None));
    }

    [Fact]
    public void Without_read_ahead_a_line_is_read_only_when_asked_for()
    {
        // A terminal echoes a line when it is read: reading ahead would print typed lines before earlier answers.
        var counting = new CountingReader(["one", "two", "three"]);
        using var reader = new CancellableLineReader(counting, readAhead: false);

        Assert.Equal("one", reader.ReadLine(CancellationToken.None));
        Thread.Sleep(100);
        Assert.Equal(1, counting.Reads);
        Assert.Equal("two", reader.ReadLine(CancellationToken.None));
        Assert.Equal("three", reader.ReadLine(CancellationToken.None));
        Assert.Null(reader.ReadLine(CancellationToken.None));
        Assert.Equal(4, counting.Reads);
    }

    [Fact]
    public void Lines_read_ahead_are_taken_without_waiting_and_a_line_not_read_yet_is_not_waited_for()
    {
        // predict classifies the lines a pipe has already given together; a line still to come must not hold them back.
        using var release = new ManualResetEventSlim();
        var reader = new CancellableLineReader(new ThenBlockingReader("one\ntwo\nthree\n", release));
        try
        {
            Assert.Equal("one", reader.ReadLine(CancellationToken.None));
            var taken = new List<string>();
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (taken.Count < 2 && DateTime.UtcNow < deadline)
            {
                if (reader.TryReadAvailable(out string? line))
                {
                    taken.Add(line);
                }
            }

            Assert.Equal(["two", "three"], taken);
            Assert.False(reader.TryReadAvailable(out _)); // the input has not ended: nothing more yet, and no wait
        }
        finally
        {
            release.Set();
        }

        Assert.Null(reader.ReadLine(CancellationToken.None));
    }

    [Fact]
    public void Without_read_ahead_no_line_is_available_before_it_is_asked_for()
    {
        var counting = new CountingReader(["one", "two"]);
        using var reader = new CancellableLineReader(counting, readAhead: false);

        Assert.Equal("one", reader.ReadLine(CancellationToken.None));
        Thread.Sleep(100);
        Assert.False(reader.TryReadAvailable(out _));
        Assert.Equal(1, counting.Reads);
        Assert.Equal("two", reader.ReadLine(CancellationToken.None));
    }

    // Gives its text, then blocks until released, then ends: a pipe whose writer has more to say later.
    private sealed class ThenBlockingReader(string text, ManualResetEventSlim release) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_position < text.Length)
            {
                int n = Math.Min(count, text.Length - _position);
                text.CopyTo(_position, buffer, index, n);
                _position += n;
                return n;
            }

            release.Wait();
            return 0;
        }
    }

    private sealed class CountingReader(string[] lines) : TextReader
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override string? ReadLine()
        {
            int index = Interlocked.Increment(ref _reads) - 1;
            return index < lines.Length ? lines[index] : null;
        }
    }

    private sealed class BlockingReader(ManualResetEventSlim release) : TextReader
    {
        public override int Read(char[] buffer, int index, int count)
        {
            release.Wait();
            return 0;
        }
    }

    private sealed class FailingReader : TextReader
    {
        public override int Read(char[] buffer, int index, int count) => throw new IOException("disk gone");
    }
}
