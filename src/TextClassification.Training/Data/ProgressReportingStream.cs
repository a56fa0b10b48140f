namespace TextClassification.Training.Data;

/// <summary>A read-only view of a stream that reports the bytes read through it (<see cref="DatasetReadProgress"/>)
/// every 0.5 % of its length, at least a MiB apart: a few hundred reports for any file, none per row.</summary>
internal sealed class ProgressReportingStream : Stream
{
    private const long MinimumStep = 1 << 20;

    private readonly Stream _inner;
    private readonly IProgress<DatasetReadProgress> _progress;
    private readonly long? _total;
    private readonly long _step;
    private long _read;
    private long _reached;
    private long _nextReport;

    public ProgressReportingStream(Stream inner, IProgress<DatasetReadProgress> progress)
    {
        _inner = inner;
        _progress = progress;
        _total = inner.CanSeek ? inner.Length : null;
        _step = Math.Max(MinimumStep, (_total ?? 0) / 200);
        _nextReport = _step;
    }

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <summary>The last report: the whole file read (its length, or the bytes read where none was known).</summary>
    public void ReportDone()
    {
        long total = _total ?? _read;
        _progress.Report(new DatasetReadProgress(total, total));
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(_inner.Read(buffer));

    public override int ReadByte()
    {
        int value = _inner.ReadByte();
        if (value >= 0)
        {
            Counted(1);
        }

        return value;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The reader has got past <paramref name="position"/> (a Parquet row group's end): the bytes it skipped
    /// there (columns it does not read) count as read. Without it, a file of many unread columns showed 18 % until its
    /// last report.</summary>
    public void Reached(long position)
    {
        if (position > _reached)
        {
            _reached = position;
            ReportIfDue();
        }
    }

    private int Counted(int bytes)
    {
        _read += bytes;
        ReportIfDue();
        return bytes;
    }

    private void ReportIfDue()
    {
        long done = Math.Max(_read, _reached);
        if (done >= _nextReport)
        {
            _nextReport = done + _step;
            // A Parquet reader may read some bytes twice (its footer): the count stops at the length.
            _progress.Report(new DatasetReadProgress(_total is { } total ? Math.Min(done, total) : done, _total));
        }
    }
}
