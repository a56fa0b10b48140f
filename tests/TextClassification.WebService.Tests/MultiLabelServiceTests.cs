using System.Net.Http.Json;
using System.Text.Json;
using TextClassification.Training.Data;
using TextClassification.Training.Trainers;
using TextClassification.WebService.Tests.Support;

namespace TextClassification.WebService.Tests;

/// <summary>A multi-label model served next to the embedded single-label one: a client tells them apart from
/// <c>GET /models</c>, and the OpenAPI document says what the response fields mean (an outside multi-label audit).</summary>
public sealed class MultiLabelServiceTests : IAsyncLifetime
{
    private static readonly string[] Topics = ["finance", "sports"];

    private readonly string _bundles = Path.Combine(Path.GetTempPath(), $"tc-web-multilabel-{Guid.NewGuid():N}");
    private ServiceHost _host = null!;
    private TextClassifier _model = null!;

    public async Task InitializeAsync()
    {
        string[] finance = ["stock market shares", "bank loan interest", "investor dividend bond", "earnings equity stock"];
        string[] sports = ["football goal match", "team coach league", "player tournament referee", "stadium football team"];
        var rows = new List<LabeledText>();
        for (int copy = 0; copy < 6; copy++)
        {
            for (int i = 0; i < finance.Length; i++)
            {
                rows.Add(new LabeledText($"{finance[i]} {copy}", "finance"));
                rows.Add(new LabeledText($"{sports[i]} {copy}", "sports"));
                rows.Add(new LabeledText($"{finance[i]} {sports[(i + 1) % sports.Length]} {copy}", "finance|sports"));
                rows.Add(new LabeledText($"the weather is nice today {i} {copy}", "|"));
            }
        }

        _model = NGramTrainer.Train(rows, new NGramTrainerOptions { Seed = 3, Dimension = 16, MaxEpochs = 10, MultiLabelDelimiter = "|" }).Classifier;
        Assert.True(_model.IsMultiLabel);
        _model.Save(Path.Combine(_bundles, "topics"));
        // A single-label model that can answer "none of these" (review 50h: GET /models did not say so).
        NGramTrainer.Train([.. rows.Where(row => !row.Label.Contains('|', StringComparison.Ordinal))], new NGramTrainerOptions { Seed = 3, Dimension = 16, MaxEpochs = 10 })
            .Classifier.WithAbstain(new Bundles.AbstainSection { Threshold = 0.75, Target = "precision", TargetValue = 0.9 })
            .Save(Path.Combine(_bundles, "abstaining"));
        _host = await ServiceHost.StartAsync(
            "TextClassification:Models:default:ModelPath=",
            $"TextClassification:Models:topics:ModelPath={Path.Combine(_bundles, "topics")}",
            $"TextClassification:Models:abstaining:ModelPath={Path.Combine(_bundles, "abstaining")}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_bundles, recursive: true);
    }

    [Fact]
    public async Task Models_say_which_model_is_multi_label_and_its_thresholds()
    {
        JsonElement[] models = [.. JsonDocument.Parse(await _host.Client.GetStringAsync("models")).RootElement.EnumerateArray()];

        JsonElement topics = models.Single(m => m.GetProperty("name").GetString() == "topics");
        Assert.Equal(Topics, topics.GetProperty("labels").Deserialize<string[]>());
        Assert.True(topics.GetProperty("multiLabel").GetBoolean());
        Assert.Equal(_model.Thresholds, topics.GetProperty("thresholds").Deserialize<float[]>());
        JsonElement embedded = models.Single(m => m.GetProperty("name").GetString() == "default");
        Assert.False(embedded.GetProperty("multiLabel").GetBoolean());
        Assert.Equal(JsonValueKind.Null, embedded.GetProperty("thresholds").ValueKind);
        Assert.Equal(JsonValueKind.Null, embedded.GetProperty("confidenceThreshold").ValueKind);
        Assert.Equal(JsonValueKind.Null, topics.GetProperty("confidenceThreshold").ValueKind);
        JsonElement abstaining = models.Single(m => m.GetProperty("name").GetString() == "abstaining");
        Assert.False(abstaining.GetProperty("multiLabel").GetBoolean());
        Assert.Equal(0.75f, abstaining.GetProperty("confidenceThreshold").GetSingle());
    }

    [Fact]
    public async Task Classify_answers_a_set_of_labels_and_an_empty_one_without_abstaining()
    {
        HttpResponseMessage response = await _host.Client.PostAsJsonAsync("models/topics/classify/batch",
            new { texts = (string[])["stock market shares football goal match 9", "the weather is nice today 9"] });

        JsonElement[] predictions = [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions").EnumerateArray()];
        Assert.Equal(Topics, predictions[0].GetProperty("labels").Deserialize<string[]>());
        Assert.Empty(predictions[1].GetProperty("labels").EnumerateArray());
        Assert.False(predictions[1].GetProperty("abstained").GetBoolean());
        Assert.Contains(predictions[1].GetProperty("label").GetString(), Topics); // the best guess is still named
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_response_fields()
    {
        JsonElement schemas = JsonDocument.Parse(await _host.Client.GetStringAsync("openapi/v1.json")).RootElement
            .GetProperty("components").GetProperty("schemas");

        foreach (string schema in (string[])["ClassifyResponse", "PredictionResult"])
        {
            JsonElement properties = schemas.GetProperty(schema).GetProperty("properties");
            foreach (string field in (string[])["label", "score", "abstained", "labels", "scores", "topK"])
            {
                Assert.True(properties.GetProperty(field).TryGetProperty("description", out JsonElement description), $"{schema}.{field}");
                Assert.False(string.IsNullOrWhiteSpace(description.GetString()), $"{schema}.{field}");
            }

            Assert.Contains("multi-label", properties.GetProperty("labels").GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        JsonElement model = schemas.GetProperty("ModelInfo").GetProperty("properties");
        Assert.True(model.GetProperty("multiLabel").TryGetProperty("description", out _));
        Assert.True(model.GetProperty("thresholds").TryGetProperty("description", out _));
    }
}
