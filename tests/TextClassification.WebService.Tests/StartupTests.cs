using TextClassification.Bundles;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

/// <summary>A model that cannot be loaded stops the start (Program prints the message and exits 1) rather than a
/// service that starts and answers every request for that model with a 500.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tc-web-startup-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_bundle_whose_weights_are_corrupt_stops_the_start_naming_the_file(bool reloadOnChange)
    {
        // Same size, other bytes: registration checks the manifest and the files' sizes; the hashes are checked when the
        // model is loaded, which was at the first request.
        TestModels.Subset.Save(_folder);
        string weights = Directory.GetFiles(_folder, "*.bin").OrderBy(f => f, StringComparer.Ordinal).First();
        byte[] bytes = File.ReadAllBytes(weights);
        Array.Fill(bytes, (byte)0xFF);
        File.WriteAllBytes(weights, bytes);

        var error = Assert.Throws<BundleFormatException>(() => ServiceApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            $"--TextClassification:Models:default:ModelPath={_folder}",
            $"--TextClassification:Models:default:ReloadOnChange={reloadOnChange}",
        ]));

        Assert.Contains(Path.GetFileName(weights), error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }
}
