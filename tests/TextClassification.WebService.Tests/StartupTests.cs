using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
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

    /// <summary>A model whose settings hold a value that does not convert (a typo in ReloadOnChange) stops the start
    /// naming it. The configuration binder drops such a dictionary entry without a word: the service started without
    /// that model, answered 404 "No model named 'intents'" for it, and as the DefaultModel it was "Models has only:
    /// default".</summary>
    [Fact]
    public void A_model_setting_that_does_not_convert_stops_the_start_naming_it()
    {
        TestModels.Subset.Save(_folder);

        var error = Assert.Throws<InvalidOperationException>(() => ServiceApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            $"--TextClassification:Models:intents:ModelPath={_folder}",
            "--TextClassification:Models:intents:ReloadOnChange=flase",
        ]));

        Assert.Contains("'flase'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TextClassification:Models:intents:ReloadOnChange", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A setting name with a typo stops the start naming it and the settings there are: it was ignored, so
    /// MaxConcurentBatches=2 left the batch limit at the processor count, and a model's ModelPth served the quick-start
    /// model under that model's name.</summary>
    [Theory]
    [InlineData("TextClassification:MaxConcurentBatches", "MaxConcurrentBatches")]
    [InlineData("TextClassification:Models:default:ModelPth", "ModelPath")]
    public void A_setting_name_that_is_not_one_stops_the_start_naming_it(string setting, string listed)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceApp.Create(["--urls=http://127.0.0.1:0", $"--{setting}=2"]));

        Assert.Contains($"{setting} is not a setting", error.Message, StringComparison.Ordinal);
        Assert.Contains(listed, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A model's path given as the entry's value instead of its ModelPath was dropped the same way.</summary>
    [Fact]
    public void A_model_given_a_value_instead_of_settings_stops_the_start_naming_ModelPath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            $"--TextClassification:Models:intents={_folder}",
        ]));

        Assert.Contains($"TextClassification:Models:intents is '{_folder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TextClassification:Models:intents:ModelPath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tc-web-no-such-model/x", "from the app's folder")]
    [InlineData("~/tc-web-no-such-model", "'~' is not the home folder here")]
    public void A_relative_model_path_that_is_not_there_is_named_as_written(string modelPath, string hint)
    {
        // The service resolves a relative ModelPath for its health check; registration must still get the path as
        // written, or its message named the working directory's full path alone, as "a rooted path is read as given",
        // and lost the app-folder and '~' hints.
        var error = Assert.Throws<InvalidOperationException>(() => ServiceApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            $"--TextClassification:Models:default:ModelPath={modelPath}",
            "--TextClassification:Models:default:ReloadOnChange=false",
        ]));

        Assert.Contains($"ModelPath '{modelPath}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("A rooted path is read as given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_urls_setting_is_a_start_failure_said_in_one_line()
    {
        TestModels.Subset.Save(_folder);
        await using WebApplication app = ServiceApp.Create(["--urls=notaurl", $"--TextClassification:Models:default:ModelPath={_folder}"]);

        var error = await Assert.ThrowsAsync<FormatException>(() => app.StartAsync());

        // Program prints "error: " and this, and exits 1; without it the runtime printed a stack trace and exited 134.
        Assert.Equal("Invalid url: 'notaurl'", ServiceApp.StartFailure(error));
    }

    [Fact]
    public void An_appsettings_file_that_does_not_parse_is_a_start_failure_naming_the_file_and_the_line()
    {
        Directory.CreateDirectory(_folder);
        string settings = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(settings, "{\n  \"TextClassification\": {\n    \"MaxTextLength\": 20000\n    \"MaxBatchSize\": 1000\n  }\n}\n");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddJsonFile(settings).Build());
        string? message = ServiceApp.StartFailure(error);

        Assert.NotNull(message);
        Assert.Contains(settings, message, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 3", message, StringComparison.Ordinal); // the parser's reason, zero-based line
    }

    [Fact]
    public void A_bug_is_not_a_start_failure() => Assert.Null(ServiceApp.StartFailure(new ArithmeticException()));
}
