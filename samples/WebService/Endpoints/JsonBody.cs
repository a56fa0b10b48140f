using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace TextClassification.WebService.Endpoints;

/// <summary>
/// Reads a JSON request body by hand so every bad request is a problem naming what was wrong: a 400 (a wrong content
/// type among them), a 413 for a body over Kestrel's limit, a 415 for a body in a content coding (gzip) this service
/// does not decode. Minimal APIs' own binding answers 415 for a wrong content type and a bare 400 otherwise.
/// </summary>
internal static class JsonBody
{
    // The most the buffer reserves up front from a declared Content-Length; a larger body grows it as it arrives.
    private const int InitialCapacityLimit = 1 << 20;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        // First, as every other answer leaves the body unread too. A declared length over Kestrel's limit is refused
        // before anything is allocated for it: Kestrel checks the limit only at the first read, and the buffer below
        // was sized from the header (2 GB for a header alone).
        if (request.ContentLength is long declared &&
            request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is long limit && declared > limit)
        {
            // The body stays unread, so the connection cannot carry another request: Kestrel would drop it after
            // the answer, under a client that had already pooled it for its next request.
            request.HttpContext.Response.Headers.Connection = "close";
            return (null, TypedResults.Problem(
                title: "Bad request body",
                detail: $"The request body is {declared} bytes; this service accepts at most {limit}.",
                statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        // Content codings are not decoded (there is no request decompression here): a gzip body was read as JSON text
        // and refused as "not valid UTF-8 (byte 2)". RFC 9110 §15.5.16: 415, with Accept-Encoding saying what is taken.
        if (UnsupportedCoding(request) is { } coding)
        {
            request.HttpContext.Response.Headers.AcceptEncoding = "identity";
            return (null, TypedResults.Problem(
                title: "Unsupported content encoding",
                detail: $"This service does not decode Content-Encoding '{coding}': send the JSON body uncompressed (no Content-Encoding, or identity).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

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
        ReadOnlyMemory<byte> body = default;
        try
        {
            // Read whole (Kestrel caps it, 4 MB by default) so the encoding is checked before the JSON: the JSON
            // reader names a bad lead byte or a UTF-16 byte-order mark "not valid JSON", and a body of only a UTF-8
            // byte-order mark was "not valid JSON" rather than empty.
            using var buffer = new MemoryStream((int)Math.Clamp(request.ContentLength ?? 0, 0, InitialCapacityLimit));
            await request.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (body.Span.StartsWith(Encoding.UTF8.Preamble))
            {
                body = body[Encoding.UTF8.Preamble.Length..];
            }

            if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
            {
                return (null, Problem("Invalid JSON", "The request body is empty: send a JSON object."));
            }

            if (InvalidUtf8At(body.Span) is int bad)
            {
                return (null, Problem("Invalid JSON", $"The request body is not valid UTF-8 (byte {bad + 1}): send JSON encoded as UTF-8."));
            }

            value = JsonSerializer.Deserialize<T>(body.Span, json);
        }
        catch (JsonException ex)
        {
            return (null, JsonBodyError.Describe(typeof(T), body, ex, json));
        }
        catch (ConnectionResetException)
        {
            // The client reset the connection during the upload: 499, as the exception handler answers a request whose
            // client went away. Left to it, this was an error logged as unhandled and a 500 or a 499 in the metrics,
            // depending on whether the abort had been signalled when the handler looked.
            return (null, TypedResults.StatusCode(StatusCodes.Status499ClientClosedRequest));
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's MaxRequestBodySize (413) and malformed chunked bodies (400).
            return (null, TypedResults.Problem(title: "Bad request body", detail: ex.Message, statusCode: ex.StatusCode));
        }

        return value is null
            ? (null, Problem("Invalid request", "The request body must be a JSON object, not null."))
            : (value, null);
    }

    // The first content coding other than identity that the request declares, or null.
    private static string? UnsupportedCoding(HttpRequest request)
    {
        foreach (string? header in request.Headers.ContentEncoding)
        {
            foreach (string coding in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    return coding;
                }
            }
        }

        return null;
    }

    // The offset of the first byte that is not well-formed UTF-8 (a UTF-16 byte-order mark, a Latin-1 letter, an
    // encoded surrogate), or null.
    private static int? InvalidUtf8At(ReadOnlySpan<byte> body)
    {
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return null;
        }

        // Only for a bad body: walk it a scalar at a time to the first byte that does not decode.
        int offset = 0;
        while (Rune.DecodeFromUtf8(body[offset..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    public static IResult Problem(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");
}
