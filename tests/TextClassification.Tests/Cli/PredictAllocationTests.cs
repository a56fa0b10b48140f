using System.Globalization;
using System.Text;
using TextClassification.Cli;
using TextClassification.Tests.Support;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Cli;

/// <summary>What <c>textclf predict</c> allocates for each text it answers, beyond what classifying the text takes.</summary>
public sealed class PredictAllocationTests
{
    private const int Labels = 40;

    [Fact]
    public void A_json_line_allocates_next_to_nothing_more_than_a_plain_one_from_stdin_and_from_an_input_file()
    {
        // Each JSON line had its own buffer writer, JSON writer and string: about 6 KB a text for 40 labels (10 KB for
        // banking77's 77), growing the buffer from 256 bytes each time, for a line that is written out at once.
        using var folder = new TempFolder("tc-predict-alloc");
        var rows = new List<LabeledText>();
        for (int label = 0; label < Labels; label++)
        {
            for (int i = 0; i < 6; i++)
            {
                rows.Add(new LabeledText($"keyword{label} text {i} of the label number {label}", $"label_number_{label}", rows.Count + 2));
            }
        }

        string bundle = folder.Combine("model");
        TestModels.Train(rows, seed: 1).Save(bundle);
        string[] texts = [.. Enumerable.Range(0, 400).Select(i => $"keyword{i % Labels} and some other words {i}")];
        string file = folder.Combine("texts.tsv");
        File.WriteAllText(file, "text\n" + string.Concat(texts.Select(t => t + "\n")));

        double plain = PerText(texts, bundle, null, []);
        double json = PerText(texts, bundle, null, ["--json"]);
        Assert.True(plain > 0, "nothing measured on this thread");
        Assert.True(json - plain < 512, $"a JSON line allocates {json - plain:F0} bytes more than a plain one (plain: {plain:F0} bytes a text)");

        double plainFile = PerText(texts, bundle, file, []);
        double jsonFile = PerText(texts, bundle, file, ["--json"]);
        Assert.True(jsonFile - plainFile < 512, $"with --input, a JSON line allocates {jsonFile - plainFile:F0} bytes more than a plain one (plain: {plainFile:F0} bytes a text)");
    }

    // Bytes allocated on this thread for each text, from the difference between answering every text and half of them
    // (what loading the bundle and parsing the command line take cancels out); the fewest of three tries.
    private static double PerText(string[] texts, string bundle, string? file, string[] options)
    {
        string[] half = texts[..(texts.Length / 2)];
        double fewest = double.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long all = Allocated(texts, bundle, file, options);
            long some = Allocated(half, bundle, file, options);
            fewest = Math.Min(fewest, (all - some) / (double)(texts.Length - half.Length));
        }

        return fewest;
    }

    private static long Allocated(string[] texts, string bundle, string? file, string[] options)
    {
        string[] args;
        string stdin = string.Empty;
        if (file is null)
        {
            args = ["predict", bundle, .. options];
            stdin = string.Concat(texts.Select(t => t + "\n"));
        }
        else
        {
            string part = Path.ChangeExtension(file, $"{texts.Length}.tsv");
            File.WriteAllText(part, "text\n" + string.Concat(texts.Select(t => t + "\n")), Encoding.UTF8);
            args = ["predict", bundle, "--input", part, .. options];
        }

        using var input = new StringReader(stdin);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int exitCode = CliApp.Run(args, TextWriter.Null, error, input);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(exitCode == 0, error.ToString());
        return allocated;
    }
}
