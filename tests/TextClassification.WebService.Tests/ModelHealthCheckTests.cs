using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TextClassification.WebService.Endpoints;
using TextClassification.WebService.Models;

namespace TextClassification.WebService.Tests;

/// <summary>The health check on a model whose scores are not numbers (a broken export's NaN logits).</summary>
public sealed class ModelHealthCheckTests
{
    [Fact]
    public async Task A_model_whose_probe_scores_are_not_numbers_is_unhealthy_and_named()
    {
        // The probe (Score, since 4587a8d) saw the NaN scores but reported the model as "no label" under an overall
        // Healthy (200), so a probe never noticed a model that answers every text with a NaN score (review 49g).
        HealthCheckResult result = await CheckAsync(("broken", StubClassifier.NaN()));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("'broken'", result.Description, StringComparison.Ordinal);
        Assert.Contains("not numbers", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_throws_is_named_in_the_response_and_the_models_after_it_are_still_checked()
    {
        // The first model whose probe threw ended the check: the response's "models" listed neither it nor any model
        // after it, so a caller of /healthz saw 503 and no model named.
        HealthCheckResult result = await CheckAsync(
            ("throws", StubClassifier.Throwing(() => new InvalidOperationException("the weights are gone"))),
            ("broken", StubClassifier.NaN()));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(["broken", "throws"], result.Data.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("failed: ", (string)result.Data["throws"], StringComparison.Ordinal);
        Assert.DoesNotContain("weights are gone", (string)result.Data["throws"], StringComparison.Ordinal); // no exception text in the response
        Assert.StartsWith("failed: ", (string)result.Data["broken"], StringComparison.Ordinal);
        Assert.Contains("Model 'throws' failed: the weights are gone", result.Description, StringComparison.Ordinal);
        Assert.Contains("Model 'broken' failed", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_whose_runtime_throws_its_own_exception_is_named_and_the_models_after_it_are_still_checked()
    {
        // Only BundleFormatException, IOException, InvalidDataException, InvalidOperationException and ArgumentException
        // were caught: an ONNX model whose inference failed (OnnxRuntimeException) still ended the check, and /healthz
        // answered 503 naming no model, the models after it unlisted.
        HealthCheckResult result = await CheckAsync(
            ("onnx", StubClassifier.Throwing(() => new RuntimeFailureException("Non-zero status code returned while running Gather node"))),
            ("other", StubClassifier.NaN()));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(["onnx", "other"], result.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("failed: it could not score a probe text", (string)result.Data["onnx"]);
        Assert.Contains("Model 'onnx' failed: Non-zero status code", result.Description, StringComparison.Ordinal);
        Assert.IsType<RuntimeFailureException>(result.Exception);
    }

    // The health check over these models (the first the default), each served from an existing folder.
    private static async Task<HealthCheckResult> CheckAsync(params (string Name, ITextClassifier Model)[] models)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"tc-web-check-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var services = new ServiceCollection();
            foreach ((string name, ITextClassifier model) in models)
            {
                services.AddKeyedSingleton(name, model);
            }

            using ServiceProvider provider = services.BuildServiceProvider();
            var options = new ServiceOptions { DefaultModel = models[0].Name };
            var catalog = new ModelCatalog(provider, options, models.ToDictionary(m => m.Name, _ => folder), embedded: null);
            return await new ModelHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A two-label model whose every score comes from scores(): NaN, or an exception thrown.
    private sealed class StubClassifier(Func<float[]> scores) : ITextClassifier
    {
        public IReadOnlyList<string> Labels { get; } = ["a", "b"];

        public static StubClassifier NaN() => new(() => [float.NaN, float.NaN]);

        public static StubClassifier Throwing(Func<Exception> error) => new(() => throw error());

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => scores().CopyTo(probabilities);

        public Prediction Classify(string text) => new(Labels, scores());

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            [.. texts.Select(Classify)];

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(Classify(text));

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult(ClassifyBatch(texts, cancellationToken));
    }

    // An inference runtime's own exception type, as ONNX Runtime's OnnxRuntimeException (its constructors are internal).
    private sealed class RuntimeFailureException(string message) : Exception(message);
}
