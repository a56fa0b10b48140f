using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

public sealed class HotReloadTests : IAsyncLifetime
{
    // Guards against a hang, not timing assertions: a reload normally lands within the 2 s poll.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _bundles = Path.Combine(Path.GetTempPath(), $"tc-web-reload-{Guid.NewGuid():N}");
    private ServiceHost _host = null!;

    private string Bundle => Path.Combine(_bundles, "hot");

    public async Task InitializeAsync()
    {
        TestModels.All.Save(Bundle);
        _host = await ServiceHost.StartAsync(
            "TextClassification:DefaultModel=hot",
            $"TextClassification:Models:hot:ModelPath={Bundle}",
            "TextClassification:Models:hot:ReloadOnChange=true");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_bundles, recursive: true);
    }

    [Fact]
    public async Task Replacing_the_bundle_swaps_models_without_failed_requests_and_a_broken_bundle_is_rejected()
    {
        string[] allLabels = [.. TestModels.All.Labels.Order(StringComparer.Ordinal)];
        string[] subsetLabels = [.. TestModels.Subset.Labels.Order(StringComparer.Ordinal)];
        var responses = new ConcurrentQueue<(int Order, HttpStatusCode Status, string[] Labels)>();
        int order = 0;
        using var stop = new CancellationTokenSource();

        Task[] workers = [.. Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpResponseMessage response = await _host.Client.PostAsJsonAsync("classify", new { text = $"where is my order number {w}?" });
                string[] labels = response.IsSuccessStatusCode
                    ? [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scores").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)]
                    : [];
                responses.Enqueue((Interlocked.Increment(ref order), response.StatusCode, labels));
            }
        }))];

        await WaitForAsync(() => responses.Count >= 100, "100 responses on the first model");
        TestModels.Subset.Save(Bundle);
        await WaitForAsync(() => responses.Any(r => r.Labels.SequenceEqual(subsetLabels)), "the new model to answer");
        int swappedAt = responses.Where(r => r.Labels.SequenceEqual(subsetLabels)).Min(r => r.Order);
        int afterSwap = responses.Count;
        await WaitForAsync(() => responses.Count >= afterSwap + 100, "100 responses after the swap");

        WriteBrokenManifest();
        await WaitForAsync(() => _host.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains("Rejected", StringComparison.Ordinal)), "the rejection log line");
        int afterBroken = responses.Count;
        await WaitForAsync(() => responses.Count >= afterBroken + 100, "100 responses after the broken bundle");

        await stop.CancelAsync();
        await Task.WhenAll(workers);

        (int Order, HttpStatusCode Status, string[] Labels)[] all = [.. responses.OrderBy(r => r.Order)];
        Assert.All(all, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(all, r => Assert.True(r.Labels.SequenceEqual(allLabels) || r.Labels.SequenceEqual(subsetLabels), "labels of neither model"));
        Assert.Contains(all, r => r.Labels.SequenceEqual(allLabels));

        // Requests finishing after the swap may have started on the old model, so only those started clearly later
        // are checked: every response once the broken bundle was seen came from the new model.
        Assert.All(all.Where(r => r.Order > afterBroken), r => Assert.Equal(subsetLabels, r.Labels));
        Assert.True(swappedAt > 100);
        JsonElement models = await _host.Client.GetFromJsonAsync<JsonElement>("models");
        JsonElement hot = models.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "hot");
        Assert.Equal(2, hot.GetProperty("generation").GetInt64());
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("generation 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_is_degraded_naming_the_model_while_its_bundle_is_rejected_or_gone_and_healthy_after_a_good_save()
    {
        // It answered Healthy over both (the probe text classified with the model in memory).
        Assert.Equal("ok", await HotHealthAsync("Healthy"));

        WriteBrokenManifest();
        string rejected = await HotHealthAsync("Degraded");
        // Anyone may call /healthz: the answer names no path and no exception text (a review), the log has both.
        Assert.Equal("degraded: the bundle on disk was rejected; generation 1 serves on", rejected);
        Assert.Contains(_host.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("was rejected (", StringComparison.Ordinal) && e.Message.Contains(Bundle, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.PostAsJsonAsync("classify", new { text = "where is my order?" })).StatusCode);

        TestModels.Subset.Save(Bundle);
        Assert.Equal("ok", await HotHealthAsync("Healthy"));

        Directory.Delete(Bundle, recursive: true);
        string gone = await HotHealthAsync("Degraded");
        Assert.Equal("degraded: the bundle's manifest is gone; generation 2 serves on", gone);

        TestModels.All.Save(Bundle);
        Assert.Equal("ok", await HotHealthAsync("Healthy"));
    }

    [Fact]
    public async Task Reloads_are_counted_with_the_model_name()
    {
        await _host.Client.GetStringAsync("labels"); // the model is loaded, and watched, when first asked for
        TestModels.Subset.Save(Bundle);
        await WaitForAsync(() => _host.Logs.Entries.Any(e => e.Message.Contains("generation 2", StringComparison.Ordinal)), "the reload");
        WriteBrokenManifest();
        await WaitForAsync(() => _host.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains("Rejected", StringComparison.Ordinal)), "the rejection");

        // The counter had the outcome alone: with two models, no telling which one failed.
        string[] reloads = [.. (await _host.Client.GetStringAsync("metrics")).Split('\n')
            .Where(line => line.StartsWith("textclassification_model_reloads_total{", StringComparison.Ordinal) && line.Contains("model=\"hot\"", StringComparison.Ordinal))];
        Assert.Contains(reloads, line => line.Contains("outcome=\"success\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(reloads, line => line.Contains("outcome=\"failure\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
    }

    // The manifest replaced by invalid JSON, atomically, as a save would.
    private void WriteBrokenManifest()
    {
        string manifest = Path.Combine(Bundle, "textclassifier.json");
        File.WriteAllText(manifest + ".tmp", "{ \"format\": \"textclassifier\", ");
        File.Move(manifest + ".tmp", manifest, overwrite: true);
    }

    /// <summary>The health entry of the model "hot" once the health status is <paramref name="status"/>.</summary>
    private async Task<string> HotHealthAsync(string status)
    {
        JsonElement health = default;
        await WaitForAsync(
            async () =>
            {
                health = await _host.Client.GetFromJsonAsync<JsonElement>("healthz");
                return health.GetProperty("status").GetString() == status;
            },
            $"health {status}");
        return health.GetProperty("models").GetProperty("hot").GetString()!;
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
