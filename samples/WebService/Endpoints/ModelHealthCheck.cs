using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TextClassification.WebService.Models;

namespace TextClassification.WebService.Endpoints;

/// <summary>Healthy when every served model loads and classifies a probe text.</summary>
internal sealed class ModelHealthCheck(ModelCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        foreach (string name in catalog.Names)
        {
            try
            {
                catalog.TryGet(name, out _, out ITextClassifier? classifier);
                data[name] = classifier!.Classify("health check").Label.Length > 0 ? "ok" : "no label";
            }
            catch (Exception ex) when (ex is TextClassification.Bundles.BundleFormatException or IOException or InvalidDataException or InvalidOperationException or ArgumentException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"Model '{name}' failed: {ex.Message}", ex, data));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{data.Count} model(s) serving", data));
    }

    /// <summary>Writes <c>{"status": "Healthy", "models": {"default": "ok"}}</c>.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var models = report.Entries.SelectMany(e => e.Value.Data).ToDictionary(d => d.Key, d => d.Value);
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString(), models }, cancellationToken: context.RequestAborted);
    }
}
