using TextClassification.WebService.Models;

namespace TextClassification.WebService.Endpoints;

/// <summary><c>POST /classify</c> and <c>POST /classify/batch</c>, for the default model and per model by route.</summary>
internal static class ClassifyEndpoints
{
    private const int DefaultTopK = 3;

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (string prefix in (string[])["", "/models/{model}"])
        {
            app.MapPost(prefix + "/classify", ClassifyAsync)
                .WithName(prefix.Length == 0 ? "Classify" : "ClassifyWithModel")
                .WithTags("classify")
                .WithSummary("Classifies one text: the best label, its probability, whether the model abstained, the labels it assigns, every label's probability and the top k.")
                .Produces<ClassifyResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .WithJsonRequestBody<ClassifyRequest>();
            app.MapPost(prefix + "/classify/batch", ClassifyBatchAsync)
                .WithName(prefix.Length == 0 ? "ClassifyBatch" : "ClassifyBatchWithModel")
                .WithTags("classify")
                .WithSummary("Classifies several texts; results are in input order. At most MaxConcurrentBatches run at once and BatchQueueLimit wait; past that, 503 with Retry-After.")
                .Produces<BatchClassifyResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
                .RequireRateLimiting(BatchLimit.Policy)
                .WithJsonRequestBody<BatchClassifyRequest>();
        }
    }

    internal static IResult UnknownModel(string? model, ModelCatalog catalog) => TypedResults.Problem(
        title: "Unknown model",
        detail: $"No model named '{model}'. Served models: {string.Join(", ", catalog.Names)}.",
        statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> ClassifyAsync(HttpRequest request, ModelCatalog catalog, string? model, CancellationToken cancellationToken)
    {
        (string? name, ITextClassifier? classifier, ClassifyRequest? body, IResult? problem) =
            await ReadAsync<ClassifyRequest>(request, catalog, model, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (CheckText(body!.Text, "text", catalog.Options) is { } invalid)
        {
            return invalid;
        }

        if (CheckTopK(body.TopK) is { } badTopK)
        {
            return badTopK;
        }

        Prediction prediction = classifier!.Classify(body.Text!);
        return TypedResults.Ok(ClassifyResponse.From(name!, prediction, body.TopK ?? DefaultTopK));
    }

    private static async Task<IResult> ClassifyBatchAsync(HttpRequest request, ModelCatalog catalog, string? model, CancellationToken cancellationToken)
    {
        (string? name, ITextClassifier? classifier, BatchClassifyRequest? body, IResult? problem) =
            await ReadAsync<BatchClassifyRequest>(request, catalog, model, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Texts is null)
        {
            return JsonBody.Invalid("texts", "The texts field is required: an array of strings.");
        }

        if (body.Texts.Count > catalog.Options.MaxBatchSize)
        {
            return JsonBody.Invalid("texts", $"At most {catalog.Options.MaxBatchSize} texts per request, got {body.Texts.Count}.");
        }

        for (int i = 0; i < body.Texts.Count; i++)
        {
            if (CheckText(body.Texts[i], $"texts[{i}]", catalog.Options) is { } invalid)
            {
                return invalid;
            }
        }

        if (CheckTopK(body.TopK) is { } badTopK)
        {
            return badTopK;
        }

        IReadOnlyList<Prediction> predictions = await classifier!.ClassifyBatchAsync(body.Texts!, cancellationToken);
        int topK = body.TopK ?? DefaultTopK;
        return TypedResults.Ok(new BatchClassifyResponse(name!, [.. predictions.Select(p => PredictionResult.From(p, topK))]));
    }

    /// <summary>The model named by the route (or the default) and the JSON body, or the problem to answer with.</summary>
    private static async Task<(string? Name, ITextClassifier? Classifier, T? Body, IResult? Problem)> ReadAsync<T>(
        HttpRequest request, ModelCatalog catalog, string? model, CancellationToken cancellationToken)
        where T : class
    {
        if (!catalog.TryGet(model, out string? name, out ITextClassifier? classifier))
        {
            return (null, null, null, UnknownModel(model, catalog));
        }

        (T? body, IResult? problem) = await JsonBody.ReadAsync<T>(request, cancellationToken);
        return (name, classifier, body, problem);
    }

    private static IResult? CheckText(string? text, string field, ServiceOptions options)
    {
        if (text is null)
        {
            return JsonBody.Invalid(field, $"The {field} field is required: a JSON string.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return JsonBody.Invalid(field, $"The {field} field is empty.");
        }

        return text.Length > options.MaxTextLength
            ? JsonBody.Invalid(field, $"The {field} field has {text.Length} characters; the limit is {options.MaxTextLength}.")
            : null;
    }

    private static IResult? CheckTopK(int? topK) =>
        topK is < 1 ? JsonBody.Invalid("topK", "topK must be at least 1.") : null;
}
