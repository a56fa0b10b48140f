using Spectre.Console;
using Spectre.Console.Rendering;

namespace TextClassification.Cli;

/// <summary>
/// A table cell of words that may be narrowed below its longest word: wrapped between words, and a word longer than the
/// cell folded onto the next line ("calibratio" over "n"). Spectre's own text measures at least its longest word, so
/// in a terminal narrower than the table's words and numbers it squeezed the next column instead, whose number then
/// wrapped or ran over the border.
/// </summary>
internal sealed class FoldingText(string text) : IRenderable
{
    // The narrowest the cell measures: room for a short word.
    private const int MinWidth = 4;

    private readonly Text _text = new(text) { Overflow = Overflow.Fold };
    private readonly int _width = text.GetCellWidth();

    public Measurement Measure(RenderOptions options, int maxWidth) => new(Math.Min(MinWidth, _width), _width);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => ((IRenderable)_text).Render(options, maxWidth);
}
