using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using TextClassification.Diagnostics;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

/// <summary>/healthz probes every model, often (a liveness probe every few seconds): its probe must not be counted as
/// a classification, or the per-label prediction counts (label drift dashboards) fill with the probe's label. It reads
/// the static meters, which every host in the process records into, so it runs alone.</summary>
[Collection(nameof(RunsAloneTestGroup))]
public sealed class HealthCheckMetricsTests
{
    [Fact]
    public async Task Health_checks_are_not_counted_as_classifications()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        long classifications = 0, predictions = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TextClassificationTelemetry.Name &&
                instrument.Name is TextClassificationTelemetry.ClassificationsInstrument or TextClassificationTelemetry.PredictionsInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == TextClassificationTelemetry.ClassificationsInstrument)
            {
                Interlocked.Add(ref classifications, value);
            }
            else
            {
                Interlocked.Add(ref predictions, value);
            }
        });
        listener.Start();

        for (int i = 0; i < 5; i++)
        {
            JsonElement health = await host.Client.GetFromJsonAsync<JsonElement>("healthz");
            Assert.Equal("Healthy", health.GetProperty("status").GetString());
        }

        Assert.Equal(0, Interlocked.Read(ref classifications));
        Assert.Equal(0, Interlocked.Read(ref predictions));

        // A request is counted (the listener hears the meters at all).
        (await host.Client.PostAsJsonAsync("classify", new { text = "where is my order?" })).EnsureSuccessStatusCode();
        Assert.Equal(1, Interlocked.Read(ref classifications));
        Assert.Equal(1, Interlocked.Read(ref predictions));
    }
}
