using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// Documents a JSON request body in the OpenAPI document without <c>Accepts</c> metadata: that metadata makes routing
/// answer a wrong Content-Type with 415 before the handler runs, and this service answers it with a 400 problem
/// naming what was sent (see <see cref="JsonBody"/>).
/// </summary>
internal static class OpenApiBody
{
    /// <summary>The request body of <typeparamref name="T"/> and the problems reading it may answer: 400 (a plain or a
    /// validation problem), 413 and 415.</summary>
    public static RouteHandlerBuilder WithJsonRequestBody<T>(this RouteHandlerBuilder builder) =>
        builder
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                OpenApiSchema schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
                DescribeBodyProblems(operation);
            });

    // What JsonBody answers, in words, and the 400's two shapes: a plain problem for a body that cannot be read (not
    // JSON, not UTF-8, not an object, a wrong content type) and a validation problem, naming the field under errors,
    // for a field that is wrong. The 400 was documented as a validation problem alone.
    private static void DescribeBodyProblems(OpenApiOperation operation)
    {
        if (operation.Responses is not { } responses ||
            !responses.TryGetValue("400", out IOpenApiResponse? badRequest) || !responses.TryGetValue("413", out IOpenApiResponse? tooLarge) ||
            badRequest.Content?.Values.FirstOrDefault()?.Schema is not { } validationProblem ||
            tooLarge.Content?.Values.FirstOrDefault()?.Schema is not { } problem)
        {
            return;
        }

        badRequest.Content.Values.First().Schema = new OpenApiSchema { AnyOf = [problem, validationProblem] };
        Describe(badRequest, "Bad request: a problem naming what is wrong with the body (not JSON, not UTF-8, not a JSON object, a value of the wrong type, a Content-Type other than application/json), or a validation problem naming the field under errors (a text missing, empty or too long, too many texts, topK below 1).");
        Describe(tooLarge, "The body is larger than the service's MaxRequestBodyBytes (GET /limits).");
        if (responses.TryGetValue("415", out IOpenApiResponse? unsupported))
        {
            Describe(unsupported, "The body has a Content-Encoding (gzip, br, ...) the service does not decode; send it uncompressed.");
        }
    }

    private static void Describe(IOpenApiResponse response, string description)
    {
        if (response is OpenApiResponse concrete)
        {
            concrete.Description = description;
        }
    }
}
