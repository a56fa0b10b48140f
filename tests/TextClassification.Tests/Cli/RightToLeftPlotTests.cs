using SkiaSharp;
using TextClassification.Cli;
using TextClassification.Training.Evaluation;
using Xunit.Abstractions;

namespace TextClassification.Tests.Cli;

/// <summary>Labels in right-to-left scripts (Hebrew, Arabic) in the report's plots.</summary>
public sealed class RightToLeftPlotTests(ITestOutputHelper output)
{
    [Fact]
    public void ConfusionMatrixPng_DrawsAHebrewLabelRightToLeft()
    {
        // "אב" reads alef, then bet, from the right: right-aligned at its tick, its last glyph on the right is the alef,
        // drawn where the label "א" alone is. The plots drew the letters in memory order from the left, so the bet stood
        // at the tick, where the label "ב" alone is. The widest label, the same in all three, fixes the layout.
        using SKBitmap both = Draw("אב");
        using SKBitmap alef = Draw("א");
        using SKBitmap bet = Draw("ב");

        // Row 0 of the three-row heatmap: 120 px below the 70 px title margin; its tick label is all that differs.
        long fromAlef = 0;
        long fromBet = 0;
        for (int y = 72; y < 188; y++)
        {
            for (int x = 0; x < both.Width; x++)
            {
                SKColor a = alef.GetPixel(x, y);
                SKColor b = bet.GetPixel(x, y);
                if (a == b)
                {
                    continue;
                }

                SKColor drawn = both.GetPixel(x, y);
                fromAlef += Math.Abs(drawn.Red - a.Red) + Math.Abs(drawn.Green - a.Green) + Math.Abs(drawn.Blue - a.Blue);
                fromBet += Math.Abs(drawn.Red - b.Red) + Math.Abs(drawn.Green - b.Green) + Math.Abs(drawn.Blue - b.Blue);
            }
        }

        output.WriteLine($"difference from the alef's pixels {fromAlef}, from the bet's {fromBet}");
        Assert.True(fromBet > 0 && fromAlef < fromBet / 2, $"from the alef's pixels {fromAlef}, from the bet's {fromBet}");
    }

    [Theory]
    [InlineData("sport", "sport")]
    [InlineData("מקום", "מקום")]
    [InlineData("عدد 42", "عدد 24")]
    [InlineData("עד 3.14", "עד 41.3")]
    [InlineData("42 عدد", "24 عدد")]
    [InlineData("מחיר USD 12", "מחיר 21 DSU")]
    [InlineData("שלום (AUC 0.994)", "שלום (499.0 CUA)")]
    [InlineData("x מקום 12", "x מקום 12")]
    public void ForShaping_ReversesTheLeftToRightRunsOfARightToLeftText(string text, string shaped)
    {
        // HarfBuzz reverses a right-to-left text whole; the runs it gets reversed come out in reading order.
        Assert.Equal(shaped, RightToLeftText.ForShaping(text));
    }

    [Fact]
    public void ForShaping_KeepsAnAccentWithItsLetter()
    {
        Assert.Equal("שלום e\u0301fac", RightToLeftText.ForShaping("שלום cafe\u0301"));
    }

    private static SKBitmap Draw(string label)
    {
        string[] labels = [label, "zzzzzzzzzzzzzzzz", "y"];
        int[] gold = [0, 1, 2, 0, 1, 2];
        float[] probabilities = new float[gold.Length * 3];
        for (int i = 0; i < gold.Length; i++)
        {
            probabilities[(i * 3) + (i == 3 ? 1 : gold[i])] = 1f;
        }

        ClassificationMetrics metrics = MetricsCalculator.Compute(labels, gold, probabilities);
        return SKBitmap.Decode(ReportPlots.ConfusionMatrixPng(metrics));
    }
}
