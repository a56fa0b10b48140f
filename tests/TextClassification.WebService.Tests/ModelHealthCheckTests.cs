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
