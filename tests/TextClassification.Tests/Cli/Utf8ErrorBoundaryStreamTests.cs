using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

public sealed class Utf8ErrorBoundaryStreamTests
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Byte strings of UTF-8 text (ASCII, two- to four-byte characters, line feeds), now and then a byte or a
    /// cut sequence that is not UTF-8.</summary>
    public static class Inputs
    {
        private static readonly Gen<byte[]> Piece = Gen.Frequency(
            (12, Gen.Elements("a", "hello ", "\n", "é", "中", "😀", "ß\n").Select(s => Encoding.UTF8.GetBytes(s))),
            (1, Gen.Elements<byte[]>([0xFF], [0x80], [0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF])));

        public static Arbitrary<byte[][]> Pieces() => Piece.ArrayOf().ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Inputs)], MaxTest = 300)]
    public void Reads_pass_every_byte_through_and_end_before_the_first_bad_sequence(byte[][] pieces, PositiveInt chunk)
    {
        byte[] input = [.. pieces.SelectMany(p => p)];
        int readSize = (chunk.Get % 40) + 1;

        // What a strict decoder fed read by read decodes before it throws (or in all).
        var decoder = Strict.GetDecoder();
        var decoded = new StringBuilder();
        var passed = new List<byte>();
        bool threw = false;
        using (var stream = new Utf8ErrorBoundaryStream(new ChunkedStream(input, readSize)))
        {
            byte[] buffer = new byte[64];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                passed.AddRange(buffer.AsSpan(0, read).ToArray());
                if (threw)
                {
                    continue;
                }

                try
                {
                    char[] chars = new char[read + 4];
                    int n = decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                    decoded.Append(chars, 0, n);
                }
                catch (DecoderFallbackException)
                {
                    threw = true;
                }
            }
        }

        Assert.Equal(input, passed);
        int bad = FirstInvalid(input);
        string expected = bad < 0 ? TrimCut(input) : Strict.GetString(input, 0, bad);
        Assert.Equal(expected, decoded.ToString());
    }

    [Fact]
    public void A_UTF16_input_passes_through_unchanged()
    {
        byte[] input = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("café\nnaïve\n")];
        using var stream = new Utf8ErrorBoundaryStream(new ChunkedStream(input, 5));

        var passed = new MemoryStream();
        stream.CopyTo(passed);

        Assert.Equal(input, passed.ToArray());
    }

    // The scalar reference: the offset of the first sequence that is not UTF-8 and not merely cut off by the end.
    private static int FirstInvalid(byte[] input)
    {
        for (int i = 0; i < input.Length;)
        {
            OperationStatus status = Rune.DecodeFromUtf8(input.AsSpan(i), out _, out int consumed);
            if (status == OperationStatus.Done)
            {
                i += consumed;
            }
            else
            {
                return status == OperationStatus.NeedMoreData ? -1 : i;
            }
        }

        return -1;
    }

    // Valid input decoded without flushing: a sequence cut off by the end stays in the decoder.
    private static string TrimCut(byte[] input)
    {
        int end = input.Length;
        while (!System.Text.Unicode.Utf8.IsValid(input.AsSpan(0, end)))
        {
            end--;
        }

        return Strict.GetString(input, 0, end);
    }

    // Gives at most `chunk` bytes per read, as a pipe gives what has arrived.
    private sealed class ChunkedStream(byte[] bytes, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, chunk), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
