using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TextClassification.WebService.Models;

namespace TextClassification.WebService.Endpoints;

/// <summary>Healthy when every served model scores a probe text (not counted in the classification metrics) and is
/// the bundle at its path; Degraded (the service still answers, with an older model) when a model's bundle is gone or
/// its last reload was rejected, naming the model and why; Unhealthy when a model fails to score (throws, or gives a
/// score that is not a number). It had classified
/// with the model in memory only, and answered Healthy over a deleted folder or a rejected bundle (an outside audit).</summary>
internal sealed class ModelHealthCheck(ModelCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var failed = new List<string>();
        var stale = new List<string>();
        Exception? firstError = null;
        foreach (string name in catalog.Names)
        {
            try
            {
                catalog.TryGet(name, out _, out ITextClassifier? classifier);
                if (ProbeFailure(ModelCatalog.Serving(classifier!).Model) is { } failure)
                {
                    // Unhealthy, as when scoring throws: it had been "no label" under an overall Healthy, so a probe never
                    // noticed a model that answers every text with a NaN score (review 49g).
                    data[name] = "failed: " + failure;
                    failed.Add($"Model '{name}' failed: {failure}.");
                }
                else if (catalog.Staleness(name) is { } why)
                {
                    // The response names no path and no exception text (anyone may call /healthz); the description, which
                    // the health-check service logs, has both.
                    data[name] = "degraded: " + why.Summary;
                    stale.Add($"model '{name}': {why.Detail}");
                }
                else
                {
                    data[name] = "ok";
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Named in the response too, and the other models still checked: the first failure had ended the check
                // with a response that listed neither it nor the models after it. Whatever the model throws: an ONNX
                // model's inference fails with ONNX Runtime's own OnnxRuntimeException, which a list of the library's
                // exception types had let end the check as before.
                data[name] = "failed: it could not score a probe text";
                failed.Add($"Model '{name}' failed: {ex.Message}");
                firstError ??= ex;
            }
        }

        if (failed.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(string.Join(" ", failed.Concat(stale)), firstError, data));
        }

        return Task.FromResult(stale.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", stale), data: data)
            : HealthCheckResult.Healthy($"{data.Count} model(s) serving", data));
    }

    // Why the model serving now fails to score a probe text (no labels, a score that is not a number), or null. Score,
    // not Classify: Classify is counted in the classification metrics (classifications, predictions per label,
    // duration), so every /healthz call (a liveness probe every few seconds) was counted as a prediction of the probe's
    // label, skewing the per-label counts.
    private static string? ProbeFailure(ITextClassifier model)
    {
        IReadOnlyList<string> labels = model.Labels;
        if (labels.Count == 0)
        {
            return "it has no labels";
        }

        float[] probabilities = new float[labels.Count];
        model.Score("health check", probabilities);
        return probabilities.All(float.IsFinite) ? null : "its scores for a probe text are not numbers";
    }

    /// <summary>Writes <c>{"status": "Healthy", "models": {"default": "ok"}}</c>; a degraded model's entry says
    /// <c>degraded: </c> and why.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var models = report.Entries.SelectMany(e => e.Value.Data).ToDictionary(d => d.Key, d => d.Value);
        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString(), models }, cancellationToken: context.RequestAborted);
    }
}
