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
        string folder = Path.Combine(Path.GetTempPath(), $"tc-web-nan-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var services = new ServiceCollection();
            services.AddKeyedSingleton<ITextClassifier>("broken", new NaNClassifier());
            using ServiceProvider provider = services.BuildServiceProvider();
            var options = new ServiceOptions { DefaultModel = "broken" };
            var catalog = new ModelCatalog(provider, options, new Dictionary<string, string> { ["broken"] = folder }, embedded: null);

            HealthCheckResult result = await new ModelHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Contains("'broken'", result.Description, StringComparison.Ordinal);
            Assert.Contains("not numbers", result.Description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_model_that_throws_is_named_in_the_response_and_the_models_after_it_are_still_checked()
    {
        // The first model whose probe threw ended the check: the response's "models" listed neither it nor any model
        // after it, so a caller of /healthz saw 503 and no model named.
        string folder = Path.Combine(Path.GetTempPath(), $"tc-web-throws-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var services = new ServiceCollection();
            services.AddKeyedSingleton<ITextClassifier>("throws", new ThrowingClassifier());
            services.AddKeyedSingleton<ITextClassifier>("broken", new NaNClassifier());
            using ServiceProvider provider = services.BuildServiceProvider();
            var options = new ServiceOptions { DefaultModel = "throws" };
            var sources = new Dictionary<string, string> { ["throws"] = folder, ["broken"] = folder };
            var catalog = new ModelCatalog(provider, options, sources, embedded: null);

            HealthCheckResult result = await new ModelHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());

            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Equal(["broken", "throws"], result.Data.Keys.Order(StringComparer.Ordinal));
            Assert.StartsWith("failed: ", (string)result.Data["throws"], StringComparison.Ordinal);
            Assert.DoesNotContain("weights are gone", (string)result.Data["throws"], StringComparison.Ordinal); // no exception text in the response
            Assert.StartsWith("failed: ", (string)result.Data["broken"], StringComparison.Ordinal);
            Assert.Contains("Model 'throws' failed: the weights are gone", result.Description, StringComparison.Ordinal);
            Assert.Contains("Model 'broken' failed", result.Description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class ThrowingClassifier : ITextClassifier
    {
        public IReadOnlyList<string> Labels { get; } = ["a", "b"];

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => throw new InvalidOperationException("the weights are gone");

        public Prediction Classify(string text) => throw new InvalidOperationException("the weights are gone");

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            [.. texts.Select(Classify)];

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(Classify(text));

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult(ClassifyBatch(texts, cancellationToken));
    }

    private sealed class NaNClassifier : ITextClassifier
    {
        public IReadOnlyList<string> Labels { get; } = ["a", "b"];

        public void Score(ReadOnlySpan<char> text, Span<float> probabilities) => probabilities.Fill(float.NaN);

        public Prediction Classify(string text) => new(Labels, [float.NaN, float.NaN]);

        public IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            [.. texts.Select(Classify)];

        public ValueTask<Prediction> ClassifyAsync(string text, CancellationToken cancellationToken = default) => ValueTask.FromResult(Classify(text));

        public Task<IReadOnlyList<Prediction>> ClassifyBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult(ClassifyBatch(texts, cancellationToken));
    }
}
