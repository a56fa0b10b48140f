using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

/// <summary>The plain lines <c>textclf predict</c> writes (docs/cli.md, "predict"), one per kind of prediction.</summary>
public class PredictOutputFormatTests
{
    private static readonly string[] Labels = ["finance", "sports", "weather"];

    [Fact]
    public void A_single_label_prediction_is_its_label_and_score()
    {
        Assert.Equal("sports\t0.7", PredictCommand.Format("t", new Prediction(Labels, [0.2f, 0.7f, 0.1f]), topK: null, json: false));
    }

    [Fact]
    public void An_abstained_prediction_ends_in_abstained_with_or_without_top_k()
    {
        var prediction = new Prediction(Labels, [0.2f, 0.5f, 0.3f], confidenceThreshold: 0.6f);
        Assert.Equal("sports\t0.5\tabstained", PredictCommand.Format("t", prediction, topK: null, json: false));
        Assert.Equal("sports:0.5\tweather:0.3\tabstained", PredictCommand.Format("t", prediction, topK: 2, json: false));
    }

    [Fact]
    public void A_multi_label_prediction_lists_every_label_at_or_above_its_threshold_in_model_order()
    {
        var prediction = new Prediction(Labels, [0.8f, 0.4f, 0.6f], 0f, [0.5f, 0.5f, 0.6f]);
        Assert.Equal("finance:0.8\tweather:0.6", PredictCommand.Format("t", prediction, topK: null, json: false, multiLabel: true));
    }

    [Fact]
    public void A_multi_label_prediction_with_no_label_at_its_threshold_is_none()
    {
        // The model's highest score (0.45) is still below its label's threshold: nothing is predicted, and the line
        // says so instead of naming the highest label.
        var prediction = new Prediction(Labels, [0.1f, 0.45f, 0.2f], 0f, [0.5f, 0.5f, 0.5f]);
        Assert.Empty(prediction.PredictedLabels);
        Assert.Equal("(none)", PredictCommand.Format("t", prediction, topK: null, json: false, multiLabel: true));
    }

    [Fact]
    public void A_multi_label_prediction_with_top_k_gives_the_k_highest_scores_whatever_the_thresholds()
    {
        var prediction = new Prediction(Labels, [0.1f, 0.45f, 0.2f], 0f, [0.5f, 0.5f, 0.5f]);
        Assert.Equal("sports:0.45\tweather:0.2", PredictCommand.Format("t", prediction, topK: 2, json: false, multiLabel: true));
    }
}
