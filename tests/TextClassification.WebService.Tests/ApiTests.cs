using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

public sealed class ApiTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private static readonly string[] Intents =
        ["account_access", "billing_issue", "cancel_subscription", "complaint", "order_status", "product_question", "refund_request", "shipping_address_change"];

    private HttpClient Client => fixture.Host.Client;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Classify_returns_the_label_its_score_every_score_and_the_top_k()
    {
        HttpResponseMessage response = await Client.PostAsync("classify", Json("""{"text": "I was charged twice for the same order", "topK": 4}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement json = await ReadJson(response);
        Assert.Equal("default", json.GetProperty("model").GetString());
        string label = json.GetProperty("label").GetString()!;
        Assert.Equal("billing_issue", label);
        Dictionary<string, float> scores = json.GetProperty("scores").Deserialize<Dictionary<string, float>>()!;
        Assert.Equal(Intents, scores.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1.0, scores.Values.Sum(), 3);
        Assert.Equal(scores[label], json.GetProperty("score").GetSingle());
        Assert.Equal(scores.Values.Max(), json.GetProperty("score").GetSingle());
        JsonElement[] top = [.. json.GetProperty("topK").EnumerateArray()];
        Assert.Equal(4, top.Length);
        Assert.Equal(label, top[0].GetProperty("label").GetString());
        float[] topScores = [.. top.Select(t => t.GetProperty("score").GetSingle())];
        Assert.Equal(topScores.OrderDescending(), topScores);
    }

    [Fact]
    public async Task Batch_returns_one_prediction_per_text_in_input_order_matching_single_calls()
    {
        string[] texts = ["where is my package?", "please close my account", "refund please, it arrived broken"];

        HttpResponseMessage response = await Client.PostAsJsonAsync("classify/batch", new { texts, topK = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement[] predictions = [.. (await ReadJson(response)).GetProperty("predictions").EnumerateArray()];
        Assert.Equal(texts.Length, predictions.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            JsonElement single = await ReadJson(await Client.PostAsJsonAsync("classify", new { text = texts[i] }));
            Assert.Equal(single.GetProperty("label").GetString(), predictions[i].GetProperty("label").GetString());
            Assert.Equal(single.GetProperty("score").GetSingle(), predictions[i].GetProperty("score").GetSingle());
            Assert.Equal(2, predictions[i].GetProperty("topK").GetArrayLength());
        }
    }

    [Fact]
    public async Task Classify_says_whether_the_model_abstained_and_which_labels_it_assigns()
    {
        const string Text = "where is my order, it is late";

        JsonElement answered = await ReadJson(await Client.PostAsync("models/subset/classify", Json($$"""{"text": "{{Text}}"}""")));
        JsonElement declined = await ReadJson(await Client.PostAsync("models/cautious/classify", Json($$"""{"text": "{{Text}}"}""")));
        JsonElement[] batch = [.. (await ReadJson(await Client.PostAsJsonAsync("models/cautious/classify/batch", new { texts = new[] { Text } })))
            .GetProperty("predictions").EnumerateArray()];

        Assert.False(answered.GetProperty("abstained").GetBoolean());
        Assert.Equal([answered.GetProperty("label").GetString()!], answered.GetProperty("labels").Deserialize<string[]>()!);
        // The same model with a threshold no probability reaches: the best guess and its scores stay, the answer is none.
        Assert.True(declined.GetProperty("abstained").GetBoolean());
        Assert.Empty(declined.GetProperty("labels").EnumerateArray());
        Assert.Equal(answered.GetProperty("label").GetString(), declined.GetProperty("label").GetString());
        Assert.Equal(answered.GetProperty("score").GetSingle(), declined.GetProperty("score").GetSingle());
        Assert.True(Assert.Single(batch).GetProperty("abstained").GetBoolean());
        Assert.Empty(batch[0].GetProperty("labels").EnumerateArray());
    }

    [Fact]
    public async Task A_named_model_is_selected_by_route()
    {
        JsonElement labels = await ReadJson(await Client.GetAsync("models/subset/labels"));
        HttpResponseMessage response = await Client.PostAsync("models/subset/classify", Json("""{"text": "where is my order, it is late"}"""));
        JsonElement json = await ReadJson(response);

        Assert.Equal(TestModels.SubsetLabels, labels.GetProperty("labels").Deserialize<string[]>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("subset", json.GetProperty("model").GetString());
        Assert.Equal(TestModels.SubsetLabels, json.GetProperty("scores").Deserialize<Dictionary<string, float>>()!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("order_status", json.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Labels_models_and_health_describe_the_served_models()
    {
        JsonElement labels = await ReadJson(await Client.GetAsync("labels"));
        JsonElement[] models = [.. (await ReadJson(await Client.GetAsync("models"))).EnumerateArray()];
        HttpResponseMessage health = await Client.GetAsync("healthz");
        JsonElement healthJson = await ReadJson(health);

        Assert.Equal(Intents, labels.GetProperty("labels").Deserialize<string[]>());
        Assert.Equal(["cautious", "default", "subset"], models.Select(m => m.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.True(models.Single(m => m.GetProperty("name").GetString() == "default").GetProperty("isDefault").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", healthJson.GetProperty("status").GetString());
        Assert.Equal("ok", healthJson.GetProperty("models").GetProperty("subset").GetString());
    }

    [Fact]
    public async Task The_report_has_metrics_a_confusion_matrix_over_the_test_split_and_roc_curves()
    {
        JsonElement report = await ReadJson(await Client.GetAsync("models/default/report"));

        int examples = report.GetProperty("examples").GetInt32();
        int[][] matrix = report.GetProperty("confusionMatrix").Deserialize<int[][]>()!;
        Assert.Equal(Intents, report.GetProperty("labels").Deserialize<string[]>());
        Assert.Equal(Intents.Length, matrix.Length);
        Assert.All(matrix, row => Assert.Equal(Intents.Length, row.Length));
        Assert.Equal(examples, matrix.Sum(row => row.Sum()));
        double accuracy = report.GetProperty("metrics").GetProperty("accuracy").GetDouble();
        Assert.Equal(accuracy, matrix.Select((row, i) => row[i]).Sum() / (double)examples, 9);
        Assert.InRange(accuracy, 0.7, 1.0);
        JsonElement[] roc = [.. report.GetProperty("roc").EnumerateArray()];
        Assert.Equal(Intents.Length, roc.Length);
        Assert.All(roc, c => Assert.InRange(c.GetProperty("points").GetArrayLength(), 2, 201));

        JsonElement subset = await ReadJson(await Client.GetAsync("models/subset/report"));
        Assert.Equal(JsonValueKind.Null, subset.GetProperty("confusionMatrix").ValueKind);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints()
    {
        JsonElement document = await ReadJson(await Client.GetAsync("openapi/v1.json"));

        JsonElement paths = document.GetProperty("paths");
        foreach (string path in (string[])["/classify", "/classify/batch", "/labels", "/models/{model}/classify", "/models/{model}/report"])
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.True(paths.GetProperty("/classify").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));

        // The endpoints whose handlers return IResult list their success response too (they had a 404 alone).
        foreach (string path in (string[])["/labels", "/models/{model}/labels", "/models/{model}/report"])
        {
            JsonElement ok = paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200");
            Assert.True(ok.GetProperty("content").TryGetProperty("application/json", out _), path);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_problems_the_classify_endpoints_answer()
    {
        JsonElement paths = (await ReadJson(await Client.GetAsync("openapi/v1.json"))).GetProperty("paths");

        // A 413 and a 415 were missing, and the 400 was a validation problem alone, though "Invalid JSON" and the
        // like are plain problems (an outside audit).
        foreach (string path in (string[])["/classify", "/classify/batch", "/models/{model}/classify", "/models/{model}/classify/batch"])
        {
            JsonElement responses = paths.GetProperty(path).GetProperty("post").GetProperty("responses");
            foreach (string status in (string[])["413", "415"])
            {
                Assert.True(responses.TryGetProperty(status, out JsonElement problem), $"{path}: no {status}");
                Assert.Equal("#/components/schemas/ProblemDetails", ProblemSchema(problem).GetProperty("$ref").GetString());
            }

            string[] badRequest = [.. ProblemSchema(responses.GetProperty("400")).GetProperty("anyOf").EnumerateArray().Select(s => s.GetProperty("$ref").GetString()!)];
            Assert.Equal(["#/components/schemas/HttpValidationProblemDetails", "#/components/schemas/ProblemDetails"], badRequest.Order(StringComparer.Ordinal));
        }

        static JsonElement ProblemSchema(JsonElement response) =>
            response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
    }

    [Fact]
    public async Task Metrics_are_exposed_in_Prometheus_text_format()
    {
        await Client.PostAsync("classify", Json("""{"text": "I was charged twice for the same order"}"""));

        string metrics = await Client.GetStringAsync("metrics");

        Assert.Contains("# TYPE textclassification_classifications_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("textclassification_predictions_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("label=\"billing_issue\"", metrics, StringComparison.Ordinal);
        Assert.Contains("textclassification_classification_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, string?> BadRequests => new()
    {
        { "empty body", "classify", "application/json", "" },
        { "invalid JSON", "classify", "application/json", "{\"text\": \"unterminated" },
        { "JSON null", "classify", "application/json", "null" },
        { "missing field", "classify", "application/json", "{\"txt\": \"hello\"}" },
        { "text not a string", "classify", "application/json", "{\"text\": 42}" },
        { "blank text", "classify", "application/json", "{\"text\": \"   \"}" },
        { "text over the limit", "classify", "application/json", $"{{\"text\": \"{new string('a', ServiceFixture.MaxTextLength + 1)}\"}}" },
        { "topK below 1", "classify", "application/json", "{\"text\": \"hello\", \"topK\": 0}" },
        { "wrong content type", "classify", "text/plain", "{\"text\": \"hello\"}" },
        { "form content type", "classify", "application/x-www-form-urlencoded", "text=hello" },
        { "no content type", "classify", null, "{\"text\": \"hello\"}" },
        { "batch without texts", "classify/batch", "application/json", "{\"text\": \"hello\"}" },
        { "batch with a null text", "classify/batch", "application/json", "{\"texts\": [\"a\", null]}" },
        { "batch over the size", "classify/batch", "application/json", JsonSerializer.Serialize(new { texts = Enumerable.Repeat("hi", ServiceFixture.MaxBatchSize + 1) }) },
        { "batch text over the limit", "classify/batch", "application/json", JsonSerializer.Serialize(new { texts = new[] { "ok", new string('b', ServiceFixture.MaxTextLength + 1) } }) },
        { "batch texts not an array", "classify/batch", "application/json", "{\"texts\": \"hello\"}" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_400_problem_details(string why, string path, string? contentType, string? body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? string.Empty));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        HttpResponseMessage response = await Client.PostAsync(path, content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await ReadJson(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("classify", "{\"text\": 42}", "$.text")]
    [InlineData("classify/batch", "{\"texts\": \"hello\"}", "$.texts")]
    [InlineData("classify", "{\"text\": \"hi\", \"topK\": \"three\"}", "$.topK")]
    public async Task A_value_of_the_wrong_type_is_named_by_its_path(string path, string body, string field)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");

        HttpResponseMessage response = await Client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await ReadJson(response);
        Assert.Contains($"at {field} (line 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A field given twice is refused, naming it. The last one had been classified silently, so a proxy, a web
    /// application firewall or an audit log that reads the first saw another text than the one the service classified.</summary>
    [Theory]
    [InlineData("classify", "{\"text\": \"refund please\", \"text\": \"where is my order\"}", "text")]
    [InlineData("classify", "{\"text\": \"refund please\", \"Text\": \"where is my order\"}", "text")]
    [InlineData("classify", "{\"text\": \"hi\", \"topK\": 1, \"topK\": \"three\"}", "topK")]
    [InlineData("classify/batch", "{\"texts\": [\"refund please\"], \"topK\": 1, \"texts\": [\"where is my order\"]}", "texts")]
    public async Task A_field_given_twice_is_refused_naming_it(string path, string body, string field)
    {
        HttpResponseMessage response = await Client.PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await ReadJson(response);
        Assert.True(problem.TryGetProperty("errors", out JsonElement errors), problem.GetRawText());
        Assert.Equal($"The {field} field is given more than once; send it once.", errors.GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("classify", "{\"text\": \"a\\ud800b\"}", "$.text")]
    [InlineData("classify/batch", "{\"texts\": [\"ok\", \"\\udc00\"]}", "$.texts")]
    public async Task An_escaped_lone_surrogate_is_named_as_such(string path, string body, string field)
    {
        // Valid UTF-8 and valid JSON syntax, but "\ud800" alone is no character; the answer said only "not valid JSON".
        HttpResponseMessage response = await Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string detail = (await ReadJson(response)).GetProperty("detail").GetString()!;
        Assert.Contains($"at {field}", detail, StringComparison.Ordinal);
        Assert.Contains("surrogate", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classify", "{\"text\": \"hi\", \"topK\": 3.5}", "The value at $.topK (line 1, byte 27) must be a whole number")]
    [InlineData("classify", "{\"text\": \"hi\", \"topK\": \"three\"}", "The value at $.topK (line 1, byte 31) must be a whole number")]
    [InlineData("classify", "[]", "must be a JSON object")]
    [InlineData("classify", "\"hi\"", "must be a JSON object")]
    [InlineData("classify/batch", "[\"a\", \"b\"]", "must be a JSON object")]
    [InlineData("classify", "{\"text\": 42}", "The value at $.text (line 1, byte 12) must be a JSON string; got 42.")]
    [InlineData("classify/batch", "{\"texts\": [\"a\", 5]}", "The value at $.texts[1] (line 1, byte 18) must be a JSON string; got 5.")]
    [InlineData("classify/batch", "{\"texts\": \"hello\"}", "must be an array of strings")]
    public async Task Valid_JSON_of_the_wrong_shape_is_not_called_invalid_JSON_but_says_what_was_expected(string path, string body, string expected)
    {
        // All of these were "not valid JSON for this endpoint", naming at most a path.
        HttpResponseMessage response = await Client.PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string detail = (await ReadJson(response)).GetProperty("detail").GetString()!;
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid JSON", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"text\": \"hi\", \"x\": ", 70)]
    [InlineData("", 70)]
    public async Task JSON_nested_past_the_depth_limit_is_named_as_such(string prefix, int depth)
    {
        string body = prefix + new string('[', depth) + new string(']', depth) + (prefix.Length > 0 ? "}" : string.Empty);

        HttpResponseMessage response = await Client.PostAsync("classify", Json(body));

        // The reason was dropped: "not valid JSON for this endpoint at $.x (line 1, byte 81)."
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("depth of 64 has been exceeded", (await ReadJson(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classify", "gzip", "gzip")]
    [InlineData("models/subset/classify/batch", "br", "br")]
    [InlineData("classify", "identity,gzip", "gzip")]
    public async Task A_body_in_a_content_coding_gets_415_naming_Content_Encoding(string path, string coding, string named)
    {
        // Read as JSON text, a gzip body was a 400 "not valid UTF-8 (byte 2)".
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{\"text\": \"hi\", \"texts\": [\"hi\"]}"u8);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (string each in coding.Split(','))
        {
            content.Headers.ContentEncoding.Add(each);
        }

        HttpResponseMessage response = await Client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["identity"], response.Headers.GetValues("Accept-Encoding"));
        Assert.Contains($"Content-Encoding '{named}'", (await ReadJson(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_identity_content_coding_is_read_as_no_coding()
    {
        HttpContent content = Json("""{"text": "where is my order?"}""");
        content.Headers.ContentEncoding.Add("identity");

        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync("classify", content)).StatusCode);
    }

    [Fact]
    public async Task Limits_are_published_for_clients()
    {
        JsonElement limits = await ReadJson(await Client.GetAsync("limits"));
        Assert.Equal(ServiceFixture.MaxBatchSize, limits.GetProperty("maxBatchSize").GetInt32());
        Assert.Equal(ServiceFixture.MaxTextLength, limits.GetProperty("maxTextLength").GetInt32());
        Assert.Equal(ServiceFixture.MaxRequestBodyBytes, limits.GetProperty("maxRequestBodyBytes").GetInt64());
        // What a client sizes its parallel batch requests by (review 56c: it could not learn them).
        Assert.Equal(ServiceFixture.MaxConcurrentBatches, limits.GetProperty("maxConcurrentBatches").GetInt32());
        Assert.Equal(ServiceFixture.BatchQueueLimit, limits.GetProperty("batchQueueLimit").GetInt32());
    }

    [Fact]
    public async Task A_body_not_in_utf8_is_named_as_such()
    {
        // Latin-1 "café" declared as such, and the same bytes declared as UTF-8 (where 0xE9 alone is invalid).
        byte[] latin1 = [.. "{\"text\":\"caf"u8, 0xE9, .. "\"}"u8];
        var declared = new ByteArrayContent(latin1);
        declared.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=iso-8859-1");
        var undeclared = new ByteArrayContent(latin1);
        undeclared.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");

        JsonElement charset = await ReadJson(await Client.PostAsync("classify", declared));
        JsonElement bytes = await ReadJson(await Client.PostAsync("classify", undeclared));

        Assert.Equal(400, charset.GetProperty("status").GetInt32());
        Assert.Contains("charset=iso-8859-1", charset.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, bytes.GetProperty("status").GetInt32());
        Assert.Contains("not valid UTF-8 (byte 13)", bytes.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A UTF-16 byte-order mark (a Windows client's Unicode), and a surrogate encoded as UTF-8 (CESU-8): named as
        // encodings, not as bad JSON; a body of only a UTF-8 byte-order mark is empty.
        byte[] utf16Mark = [0xFF, 0xFE, .. "{\"text\":\"hi\"}"u8];
        byte[] cesu8 = [.. "{\"text\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8];
        foreach (byte[] body in (byte[][])[utf16Mark, cesu8])
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");
            Assert.Contains("not valid UTF-8", (await ReadJson(await Client.PostAsync("classify", content))).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var bomOnly = new ByteArrayContent([0xEF, 0xBB, 0xBF]);
        bomOnly.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");
        Assert.Contains("is empty", (await ReadJson(await Client.PostAsync("classify", bomOnly))).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bomJson = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. "{\"text\":\"hi\"}"u8]);
        bomJson.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Client.PostAsync("classify", bomJson)).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_request_size_limit_gets_413_problem_details()
    {
        string body = JsonSerializer.Serialize(new { text = new string('c', ServiceFixture.MaxRequestBodyBytes + 10) });

        HttpResponseMessage response = await Client.PostAsync("classify", Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")] // refused for its type first, the body left unread as well
    public async Task A_connection_that_sent_a_body_over_the_limit_is_closed_not_reused(string contentType)
    {
        // The body is left unread, so the server must close the connection: a client that pooled it sent its next
        // request into a connection the server then dropped ("the response ended prematurely").
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = fixture.Host.BaseAddress };
        string body = JsonSerializer.Serialize(new { text = new string('c', ServiceFixture.MaxRequestBodyBytes + 10) });

        for (int i = 0; i < 20; i++)
        {
            HttpResponseMessage refused = await client.PostAsync("classify", new StringContent(body, Encoding.UTF8, contentType));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.True(refused.Headers.ConnectionClose, "a 413 with the body unread must close the connection");

            HttpResponseMessage next = await client.GetAsync("labels");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_gets_413_before_any_buffer_is_sized_from_it()
    {
        // Headers alone, claiming 2 GB: the body buffer was sized from the header before Kestrel checked the limit.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.Host.BaseAddress.Host, fixture.Host.BaseAddress.Port);
        await using System.Net.Sockets.NetworkStream stream = tcp.GetStream();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n{\"text\":\"hi\"}"));
        byte[] reply = new byte[4096];
        int read = await stream.ReadAsync(reply);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        string response = Encoding.ASCII.GetString(reply, 0, read);
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("accepts at most", response, StringComparison.Ordinal);
        Assert.True(allocated < 500_000_000, $"{allocated:N0} bytes allocated while answering");
    }

    [Fact]
    public async Task An_unknown_model_gets_404_problem_details()
    {
        HttpResponseMessage response = await Client.PostAsync("models/nope/classify", Json("""{"text": "hello"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        JsonElement problem = await ReadJson(response);
        Assert.Contains("subset", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_and_its_script_are_served()
    {
        string page = await Client.GetStringAsync("/");
        HttpResponseMessage script = await Client.GetAsync("app.js");

        Assert.Contains("id=\"classify-form\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task The_page_names_every_endpoint_relative_to_itself_so_it_works_under_a_proxy_path()
    {
        // Behind a reverse proxy that serves the service under /classifier/, a root-relative URL ("/models",
        // href="/healthz") left the page for the proxy's own root: the page loaded, then every call failed.
        string page = await Client.GetStringAsync("/");
        string script = await Client.GetStringAsync("app.js");

        string[] rootRelative =
        [
            .. System.Text.RegularExpressions.Regex.Matches(page, "(?:href|src|action)=\"(/[^\"]*)\"").Select(m => m.Groups[1].Value),
            .. System.Text.RegularExpressions.Regex.Matches(script, "(?:fetch|postJson)\\(\\s*[\"'`](/[^\"'`]*)").Select(m => m.Groups[1].Value),
            .. System.Text.RegularExpressions.Regex.Matches(script, "[\"'`](/(?:models|classify|limits|healthz|metrics)[^\"'`]*)").Select(m => m.Groups[1].Value),
        ];

        Assert.Empty(rootRelative);
        Assert.Contains("fetch(\"models\")", script, StringComparison.Ordinal); // the pattern above reads this script's calls
    }
}
