using System.Text.RegularExpressions;
using TextClassification.Benchmarks.Comparison;
using TextClassification.Training.Trainers;

namespace TextClassification.Benchmarks.Tests;

public class ComparisonTableTests
{
    [Fact]
    public void ADatasetNamedWithAPipe_KeepsEveryRowAsWideAsTheHeader()
    {
        var table = new ComparisonTable([new OursPeer(new NGramTrainerOptions()), new MlNetPeer(42)]);
        PeerResult[] results = [PeerResult.NotAvailable("not run"), PeerResult.NotAvailable("not run")];
        table.Add("spam|ham", results);
        table.Add("plain", results);

        string rendered = table.Render();
        string[] lines = rendered.Split('\n');
        int header = Cells(lines[0]);
        Assert.Equal(header, Cells(lines[2]));
        Assert.Equal(header, Cells(lines[3]));
        Assert.StartsWith("| spam\\|ham |", lines[2], StringComparison.Ordinal);

        string[] calibration = table.RenderCalibration().Split('\n');
        Assert.Equal(Cells(calibration[0]), Cells(calibration[2]));
    }

    // The cells of a markdown table row: its '|' separators that are not escaped, less one.
    private static int Cells(string row) => Regex.Count(row, @"(?<!\\)\|") - 1;
}
