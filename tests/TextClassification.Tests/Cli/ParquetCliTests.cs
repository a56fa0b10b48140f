using System.Text.Json;
using TextClassification.Cli;
using TextClassification.Training.Data;
using static TextClassification.Tests.Data.ParquetTestFiles;

namespace TextClassification.Tests.Cli;

/// <summary><c>textclf train</c>, <c>eval</c> and <c>predict --input</c> on .parquet files as Hugging Face exports them:
/// ClassLabel integers with the class names in the file's metadata.</summary>
public sealed class ParquetCliTests : IDisposable
{
    private static readonly string[] Classes = ["billing", "shipping", "tech"];

    private static readonly string[][] Keywords =
    [
        ["invoice", "refund", "charge", "payment", "card", "bill"],
        ["parcel", "delivery", "courier", "tracking", "package", "box"],
        ["crash", "error", "bug", "install", "login", "password"],
    ];

    private static readonly string[] Filler = ["the", "my", "a", "please", "help", "with", "today", "again"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tc-parquet-cli-" + Guid.NewGuid().ToString("N"));

    public ParquetCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("data.parquet", DatasetFormat.Auto, "row")]
    [InlineData("DATA.PARQUET", DatasetFormat.Auto, "row")]
    [InlineData("data.bin", DatasetFormat.Parquet, "row")]
    [InlineData("data.tsv", DatasetFormat.Auto, "line")]
    [InlineData("data.parquet", DatasetFormat.Tsv, "line")]
    public void A_records_number_counts_rows_in_Parquet_and_lines_in_text_formats(string path, DatasetFormat format, string unit) =>
        Assert.Equal(unit, CommonOptions.RecordUnit(path, format));

    private string WriteSplit(string name, int perClass, int seed, bool blankFourthText)
    {
        var random = new Random(seed);
        var texts = new List<string?>();
        var labels = new List<long?>();
        for (int i = 0; i < perClass * Classes.Length; i++)
        {
            int label = i % Classes.Length;
            string[] words = [.. random.GetItems(Keywords[label], 3), .. random.GetItems(Filler, 3)];
            random.Shuffle(words);
            texts.Add(blankFourthText && i == 3 ? "   " : string.Join(' ', words));
            labels.Add(label);
        }

        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, Write(
            [Longs("idx", [.. Enumerable.Range(0, texts.Count).Select(i => (long?)i)]), Strings("sentence", texts), Longs("label", labels)],
            groupSizes: [texts.Count / 2, texts.Count - (texts.Count / 2)],
            metadata: HuggingFace(("label", Classes, false))));
        return path;
    }

    [Fact]
    public void Train_and_eval_read_parquet_files_with_class_names_from_their_metadata()
    {
        string train = WriteSplit("train.parquet", 30, 1, blankFourthText: true);
        string test = WriteSplit("test.parquet", 10, 2, blankFourthText: false);
        string bundle = Path.Combine(_folder, "bundle");
        string metrics = Path.Combine(_folder, "metrics.json");

        CliResult trained = CliResult.Run(null, "train", train, "--text-column", "sentence", "--out", bundle, "--epochs", "5", "--seed", "3");
        CliResult evaluated = CliResult.Run(null, "eval", bundle, test, "--metrics-json", metrics);
        CliResult predicted = CliResult.Run(null, "predict", bundle, "--input", test, "--json");

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains($"{train}: 89 rows read, 1 skipped (empty text: 1)", trained.Out, StringComparison.Ordinal);
        Assert.Contains("skipped row 4: empty text", trained.Out, StringComparison.Ordinal);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(metrics));
        Assert.Equal(Classes, json.RootElement.GetProperty("labels").EnumerateArray().Select(label => label.GetString()).Order(StringComparer.Ordinal));
        Assert.True(json.RootElement.GetProperty("accuracy").GetDouble() > 0.8, File.ReadAllText(metrics));
        Assert.True(predicted.ExitCode == 0, predicted.ToString());
        Assert.Equal(30, predicted.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_damaged_parquet_file_is_an_error_naming_it_with_exit_code_1()
    {
        string train = WriteSplit("train.parquet", 5, 1, blankFourthText: false);
        byte[] bytes = File.ReadAllBytes(train);
        string truncated = Path.Combine(_folder, "truncated.parquet");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        CliResult result = CliResult.Run(null, "train", truncated, "--text-column", "sentence", "--out", Path.Combine(_folder, "bundle"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{truncated}: the Parquet file is truncated", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void In_MSBuild_format_a_whole_files_error_names_no_line_and_a_rows_names_the_row()
    {
        // A Parquet file's footer or schema problem has no line (LineNumber 0): "file(0)" named a line that is not there.
        var file = new DataFormatException("data.parquet", 0, null, "the Parquet file is truncated");
        DataFormatException row = DataFormatException.AtRow("data.parquet", 12, "label column 'label' holds 7");

        Assert.Equal("data.parquet: the Parquet file is truncated", file.Message);
        Assert.Equal($"data.parquet: error {MSBuildErrorFormat.DataCode}: the Parquet file is truncated", MSBuildErrorFormat.Format(file, file.Message));
        Assert.Equal($"data.parquet(12): error {MSBuildErrorFormat.DataCode}: label column 'label' holds 7", MSBuildErrorFormat.Format(row, row.Message));
    }
}
