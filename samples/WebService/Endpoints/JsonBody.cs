using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// Reads a JSON request body by hand so every bad request is a 400 problem (a 413 for a body over Kestrel's limit)
/// naming what was wrong: minimal APIs' own binding answers 415 for a wrong content type and a bare 400 otherwise.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            string got = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
            return (null, Problem("Unsupported content type", $"Send the body as JSON with Content-Type: application/json (got {got})."));
        }

        // JSON is read as UTF-8 (RFC 8259); a body declared in another charset would be read wrong, not converted.
        if (request.GetTypedHeaders().ContentType?.Charset is { Length: > 0 } quoted &&
            Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(quoted).ToString() is var charset &&
            !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase) &&
            !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem("Unsupported charset", $"Send the JSON body in UTF-8 (got charset={charset})."));
        }

        JsonSerializerOptions json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, json, cancellationToken);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is null ? string.Empty : $" (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
            // Path names the field whose value had the wrong type or shape, e.g. $.text for {"text": 5}.
            string field = ex.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            bool atStart = ex.LineNumber is null or 0 && ex.BytePositionInLine is null or 0;
            string what = request.ContentLength == 0 || (request.ContentLength is null && atStart)
                ? "The request body is empty: send a JSON object."
                : ex.InnerException is DecoderFallbackException || (ex.InnerException?.Message.Contains("invalid UTF-8", StringComparison.Ordinal) ?? false)
                    ? $"The request body is not valid UTF-8{field}{where}: send JSON encoded as UTF-8."
                    : $"The request body is not valid JSON for this endpoint{field}{where}.";
            return (null, Problem("Invalid JSON", what));
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's MaxRequestBodySize (413) and malformed chunked bodies (400).
            return (null, TypedResults.Problem(title: "Bad request body", detail: ex.Message, statusCode: ex.StatusCode));
        }

        return value is null
            ? (null, Problem("Invalid JSON", "The request body must be a JSON object, not null."))
            : (value, null);
    }

    public static IResult Problem(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");
}
