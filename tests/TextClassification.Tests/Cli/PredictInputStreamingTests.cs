using System.Globalization;
using System.Text;
using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

/// <summary><c>textclf predict --input</c> answers a data file's records as it reads them: the first answers come before the
/// file ends and memory holds one chunk of texts, not the file (a 300 MB file had taken 1 GB and answered nothing until it
/// was read whole).</summary>
public sealed class PredictInputStreamingTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    // More records than one chunk the command classifies together (PredictCommand's 1,024).
    private const int FirstPart = 2500;

    [Theory]
    [InlineData("texts.tsv", false)]
    [InlineData("texts.csv", false)]
    [InlineData("texts.jsonl", true)]
    public async Task The_first_answers_come_before_the_input_file_ends(string name, bool json)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string fifo = fixture.NewPath(name);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using var output = new AnswerCounter(threshold: 1000);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var input = new StringReader(string.Empty);
        bool answeredBeforeTheEnd = false;

        // The writer gives most of the file, waits (up to a minute) for answers, then gives the last record and closes.
        Task writer = Task.Run(() =>
        {
            using var pipe = new StreamWriter(fifo, append: false, new UTF8Encoding(false));
            pipe.Write(json ? string.Empty : "text\n");
            for (int i = 0; i < FirstPart; i++)
            {
                pipe.Write(Record(json, i % 2 == 0 ? "refund for the invoice" : "the parcel arrived late"));
            }

            pipe.Flush();
            answeredBeforeTheEnd = output.Reached.Wait(TimeSpan.FromSeconds(60));
            pipe.Write(Record(json, "the app shows an error"));
        });

        int exitCode = await CliApp.RunAsync(["predict", fixture.Bundle, "--input", fifo], output, error, input, CancellationToken.None);
        await writer.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exitCode == ExitCodes.Success, $"exit {exitCode}: {error}");
        Assert.True(answeredBeforeTheEnd, "no answer came before the input file ended");
        string[] answers = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(FirstPart + 1, answers.Length);
        Assert.StartsWith("billing\t", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("shipping\t", answers[1], StringComparison.Ordinal);
        Assert.StartsWith("tech\t", answers[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1500)]
    public void The_records_before_a_malformed_one_are_answered_then_the_error_names_its_line(int good)
    {
        // As where the model fails on a record: the records before it are answered, the error names its line (exit 1).
        string tsv = fixture.NewPath("late-error.tsv");
        var content = new StringBuilder("text\tlabel\n");
        for (int i = 0; i < good; i++)
        {
            content.Append("refund for the invoice\tbilling\n");
        }

        content.Append("one\ttwo\tthree\n").Append("the parcel arrived late\tshipping\n");
        File.WriteAllText(tsv, content.ToString());

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", tsv);

        Assert.Equal(1, predict.ExitCode);
        string[] answers = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(good, answers.Length);
        Assert.All(answers, answer => Assert.StartsWith("billing\t", answer, StringComparison.Ordinal));
        Assert.Contains($"late-error.tsv:{good + 2}:", predict.Error, StringComparison.Ordinal);
        Assert.Contains("expected 2 tab-separated fields as in the header but found 3", predict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_records_before_a_bad_byte_are_answered_where_a_quoted_record_looked_ahead_past_them()
    {
        // Line 3 opens a quote that reads both as one quoted text (lines 3-4) and as written (two rows): the reader looks
        // ahead for the labels the file gives, and met the bad byte of line 7 before it gave back line 3, so lines 3, 5 and
        // 6 went unanswered though they come before the error.
        string tsv = fixture.NewPath("look-ahead.tsv");
        using (var file = File.Create(tsv))
        {
            file.Write(Encoding.UTF8.GetBytes("text\tlabel\nrefund for the invoice\tbilling\n\"the parcel\tlate\narrived late\"\tshipping\nthe parcel arrived late\tshipping\nrefund for the invoice\tbilling\n"));
            file.Write([0xFF, (byte)'x', (byte)'\t', (byte)'b', (byte)'\n']);
            file.Write(Encoding.UTF8.GetBytes("the app shows an error\ttech\n"));
        }

        CliResult predict = CliResult.Run(null, "predict", fixture.Bundle, "--input", tsv, "--json");

        Assert.Equal(1, predict.ExitCode);
        string[] answers = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, answers.Length);
        Assert.StartsWith("{\"line\":2,", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"line\":3,", answers[1], StringComparison.Ordinal);
        Assert.StartsWith("{\"line\":5,", answers[2], StringComparison.Ordinal);
        Assert.StartsWith("{\"line\":6,", answers[3], StringComparison.Ordinal);
        Assert.Contains("look-ahead.tsv:7:1: invalid UTF-8 byte 0xFF", predict.Error, StringComparison.Ordinal);
    }

    private static string Record(bool json, string text) => json ? $"{{\"text\": \"{text}\"}}\n" : text + "\n";

    // Counts the answers written and signals once a number of them have come.
    private sealed class AnswerCounter(int threshold) : StringWriter(CultureInfo.InvariantCulture)
    {
        private int _lines;

        public ManualResetEventSlim Reached { get; } = new();

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Count();
        }

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            base.WriteLine(buffer);
            Count();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Reached.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Count()
        {
            if (Interlocked.Increment(ref _lines) >= threshold)
            {
                Reached.Set();
            }
        }
    }
}
