using TextClassification.Bundles;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

/// <summary>One service for a test class: the embedded default model plus a named three-label model and the same model
/// set to abstain on every text ("cautious"), with small limits so the limit tests stay small.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public const int MaxTextLength = 1000;
    public const int MaxBatchSize = 50;
    public const int MaxRequestBodyBytes = 64 * 1024;
    public const int MaxConcurrentBatches = 4;
    public const int BatchQueueLimit = 63;

    private readonly string _bundles = Path.Combine(Path.GetTempPath(), $"tc-web-models-{Guid.NewGuid():N}");

    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string subset = Path.Combine(_bundles, "subset");
        TestModels.Subset.Save(subset);
        string cautious = Path.Combine(_bundles, "cautious");
        TestModels.Subset.WithAbstain(new AbstainSection { Threshold = AbstainSection.AlwaysAbstain }).Save(cautious);
        Host = await ServiceHost.StartAsync(
            $"TextClassification:MaxTextLength={MaxTextLength}",
            $"TextClassification:MaxBatchSize={MaxBatchSize}",
            $"TextClassification:MaxRequestBodyBytes={MaxRequestBodyBytes}",
            $"TextClassification:MaxConcurrentBatches={MaxConcurrentBatches}",
            $"TextClassification:BatchQueueLimit={BatchQueueLimit}",
            "TextClassification:Models:default:ModelPath=",
            $"TextClassification:Models:subset:ModelPath={subset}",
            $"TextClassification:Models:cautious:ModelPath={cautious}");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_bundles, recursive: true);
    }
}
