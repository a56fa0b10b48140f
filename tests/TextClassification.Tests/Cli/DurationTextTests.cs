using TextClassification.Cli;

namespace TextClassification.Tests.Cli;

/// <summary>Durations as <c>--time-budget</c> reads them (<see cref="DurationText"/>).</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("60s", 60)]
    [InlineData("2m", 120)]
    [InlineData("1.5h", 5400)]
    [InlineData("1500ms", 1.5)]
    [InlineData("1m30s", 90)]
    [InlineData("1h15m", 4500)]
    [InlineData("1h0m30s", 3630)]
    [InlineData("2m500ms", 120.5)]
    [InlineData(" 1M30S ", 90)]
    public void A_duration_is_read_as_its_seconds(string text, double seconds)
    {
        Assert.True(DurationText.TryParseSeconds(text, out double read));
        Assert.Equal(seconds, read, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("s")]
    [InlineData("30s1m")]
    [InlineData("1m1m")]
    [InlineData("1m 30s")]
    [InlineData("1m30")]
    [InlineData("-5s")]
    [InlineData("1.2.3s")]
    [InlineData("1d")]
    public void A_text_that_is_no_duration_is_refused(string text)
    {
        Assert.False(DurationText.TryParseSeconds(text, out _));
    }
}
