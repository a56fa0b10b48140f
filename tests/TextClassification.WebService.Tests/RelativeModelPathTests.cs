using System.Net.Http.Json;
using System.Text.Json;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

/// <summary>A relative <c>ModelPath</c> is read from the working directory, else from the app's folder (as the
/// registration documents it): the service must judge the model's files where it loaded them from. These tests change
/// the process's working directory, so they run alone.</summary>
[Collection(nameof(RunsAloneTestGroup))]
public sealed class RelativeModelPathTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_model_beside_the_app_started_from_another_working_directory_is_healthy(bool reloadOnChange)
    {
        string name = $"tc-web-relative-{Guid.NewGuid():N}";
        string bundle = Path.Combine(AppContext.BaseDirectory, name);
        string elsewhere = Path.Combine(Path.GetTempPath(), $"tc-web-cwd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(elsewhere);
        string before = Directory.GetCurrentDirectory();
        TestModels.Subset.Save(bundle);
        try
        {
            Directory.SetCurrentDirectory(elsewhere);
            await using ServiceHost host = await ServiceHost.StartAsync(
                $"TextClassification:Models:near:ModelPath={name}",
                $"TextClassification:Models:near:ReloadOnChange={reloadOnChange}");

            JsonElement health = await host.Client.GetFromJsonAsync<JsonElement>("healthz");
            Assert.Equal("ok", health.GetProperty("models").GetProperty("near").GetString());
            Assert.Equal("Healthy", health.GetProperty("status").GetString());

            // And the model's files going away is still noticed.
            Directory.Delete(bundle, recursive: true);
            health = await host.Client.GetFromJsonAsync<JsonElement>("healthz");
            Assert.StartsWith("degraded: ", health.GetProperty("models").GetProperty("near").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
            if (Directory.Exists(bundle))
            {
                Directory.Delete(bundle, recursive: true);
            }

            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
