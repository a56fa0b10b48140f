using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TextClassification.WebService.Models;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// The concurrency limit of <c>/classify/batch</c> (<see cref="ServiceOptions.MaxConcurrentBatches"/> running,
/// <see cref="ServiceOptions.BatchQueueLimit"/> waiting), with ASP.NET Core's rate limiter: without one, 16 batches of
/// 1,000 long texts at once took the service from 120 MB to 580 MB resident and nothing bounded it. A refused batch gets
/// 503 problem details with <c>Retry-After: 1</c>, naming the settings.
/// </summary>
internal static class BatchLimit
{
    /// <summary>The policy name the batch endpoints require.</summary>
    public const string Policy = "batches";

    /// <summary>Registers the limiter: one concurrency limiter shared by every model's batch endpoint.</summary>
    public static void Add(IServiceCollection services, ServiceOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(Policy, concurrency =>
            {
                concurrency.PermitLimit = options.MaxConcurrentBatches;
                concurrency.QueueLimit = options.BatchQueueLimit;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, options);
        });
    }

    private static async ValueTask RejectAsync(HttpContext http, ServiceOptions options)
    {
        http.Response.Headers.RetryAfter = "1";
        await TypedResults.Problem(
            title: "Too many batches",
            detail: $"{options.MaxConcurrentBatches} batch requests are running and {options.BatchQueueLimit} waiting ({ServiceOptions.Section}:MaxConcurrentBatches, {ServiceOptions.Section}:BatchQueueLimit). Retry in a second, or send single texts to /classify.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
    }
}
