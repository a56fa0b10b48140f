using TextClassification.Tests.Support;

namespace TextClassification.Tests.Pipeline;

/// <summary>What <see cref="TypedTextClassifier{TLabel}"/>'s public constructor refuses in its parallel lists, for a
/// developer who writes the enum and the wrapper by hand instead of generating them.</summary>
public sealed class TypedTextClassifierArgumentTests
{
    public enum Topic
    {
        Finance,
        Sports,
        Weather,
    }

    [Fact]
    public void A_null_label_name_is_an_argument_error_naming_its_index()
    {
        // It was an InvalidOperationException saying the model's labels do not match, "not in the model: []": the null
        // left out of both lists, so nothing pointed at the name list.
        var error = Assert.Throws<ArgumentException>(() =>
            new TypedTextClassifier<Topic>(TestModels.Small, [Topic.Finance, Topic.Sports, Topic.Weather], ["finance", null!, "weather"]));
        Assert.Equal("names", error.ParamName);
        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_value_given_twice_is_refused()
    {
        // Accepted, every prediction of 'sports' or 'weather' came out as Topic.Finance too, and ScoreOf(Topic.Finance)
        // read finance's probability alone.
        var error = Assert.Throws<ArgumentException>(() =>
            new TypedTextClassifier<Topic>(TestModels.Small, [Topic.Finance, Topic.Finance, Topic.Weather], SyntheticData.Labels));
        Assert.Equal("values", error.ParamName);
        Assert.Contains("Finance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_prediction_refuses_an_enum_value_given_twice()
    {
        // Prediction<TLabel>'s public constructor took [Finance, Finance, Weather], and a 'sports' answer read Finance.
        Prediction untyped = TestModels.Small.Classify("the team won the final");
        var error = Assert.Throws<ArgumentException>(() => new Prediction<Topic>(untyped, [Topic.Finance, Topic.Finance, Topic.Weather]));
        Assert.Equal("labels", error.ParamName);
    }
}
