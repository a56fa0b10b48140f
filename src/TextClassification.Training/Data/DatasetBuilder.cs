namespace TextClassification.Training.Data;

/// <summary>
/// Collects parsed rows and cleans them as <see cref="DatasetReadOptions"/> asks: trims text and label, lower-cases
/// labels, keeps allowed labels only, drops duplicates and reports conflicting ones. Every row not kept is recorded
/// as a <see cref="SkippedRow"/> with its line number. Checks for cancellation every
/// <see cref="CancellationCheckInterval"/> rows.
/// </summary>
internal sealed class DatasetBuilder
{
    /// <summary>How many rows are added between two cancellation checks.</summary>
    public const int CancellationCheckInterval = 1024;

    private readonly List<LabeledText> _rows = [];
    private readonly List<SkippedRow> _skipped = [];
    private readonly string _source;
    private readonly CancellationToken _cancellationToken;
    private readonly bool _lowercaseLabels;
    private readonly HashSet<string>? _allowedLabels;
    private readonly string? _delimiter;
    private readonly DuplicateHandling _duplicates;
    private readonly bool _textsOnly;
    private readonly Action<LabeledText>? _textSink;
    private readonly bool _onOneLine;

    // Only with duplicate handling: every kept text, with the labels and lines it was seen with.
    private readonly Dictionary<string, TextOccurrences>? _texts;
    private int _conflictCount;
    private int _count;
    private HashSet<int>? _putOnOneLine; // the indexes in _rows of texts that held a tab or line break (made when one does)

    /// <summary>Creates a builder that cleans rows as <paramref name="options"/> says and observes <paramref name="cancellationToken"/>;
    /// <paramref name="source"/> names the file in errors.</summary>
    public DatasetBuilder(string source, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        _source = source;
        _cancellationToken = cancellationToken;
        cancellationToken.ThrowIfCancellationRequested();
        _textsOnly = options.TextsOnly;
        _textSink = options.TextSink;
        _lowercaseLabels = options.LowercaseLabels;
        _duplicates = options.Duplicates;
        _onOneLine = options.TextsOnOneLine;
        if (options.MultiLabelDelimiter is { Length: 0 })
        {
            throw new ArgumentException("The multi-label delimiter must not be empty.", nameof(options));
        }

        if (options.MultiLabelDelimiter is { } delimiter && !LabelSet.IsValidDelimiter(delimiter))
        {
            throw new ArgumentException(
                $"The multi-label delimiter \"{LabelSet.Escape(delimiter)}\" holds a line break, tab or other control character; a label set is written on one line, so use printable text such as '|'.",
                nameof(options));
        }

        _delimiter = options.MultiLabelDelimiter;
        if (options.AllowedLabels is { } allowed)
        {
            _allowedLabels = new HashSet<string>(StringComparer.Ordinal);
            foreach (string label in allowed)
            {
                _allowedLabels.Add(NormalizeLabel(label));
            }
        }

        if (_duplicates != DuplicateHandling.Keep)
        {
            _texts = new Dictionary<string, TextOccurrences>(StringComparer.Ordinal);
        }
    }

    /// <summary>Adds one row, or records it as skipped, with the reason, when it is not kept.</summary>
    /// <exception cref="DataFormatException">A row with text has a label holding a line break, tab or other control
    /// character (a label is one line: it is printed one per line, and separated by tabs).</exception>
    public void Add(string text, string label, int lineNumber)
    {
        if (++_count % CancellationCheckInterval == 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
        }

        if (_textsOnly)
        {
            // A text to classify, kept as written, with no label: in the rows, or given to the sink as it is read.
            var record = new LabeledText(text, string.Empty, lineNumber);
            if (_textSink is null)
            {
                _rows.Add(record);
            }
            else
            {
                _textSink(record);
            }

            return;
        }

        string trimmedText = text.Trim();
        string oneLine = _onOneLine ? OneLineText.Of(trimmedText) : trimmedText;
        bool putOnOneLine = !ReferenceEquals(oneLine, trimmedText);
        trimmedText = oneLine;

        string? reason = trimmedText.Length == 0 ? SkipReasons.EmptyText : null;
        string normalizedLabel = string.Empty;
        if (_delimiter is null)
        {
            normalizedLabel = NormalizeLabel(label);
            reason ??= normalizedLabel.Length == 0 ? SkipReasons.EmptyLabel : null;
            if (reason is null)
            {
                ThrowIfControlCharacter(normalizedLabel, lineNumber);
                reason = _allowedLabels is not null && !_allowedLabels.Contains(normalizedLabel) ? SkipReasons.LabelNotAllowed : null;
            }
        }
        else
        {
            // The set is split from the cell as written, each label then trimmed, so a delimiter that is or ends in white
            // space (' ', ', ') splits as written. A cell of only delimiters is the empty set; a blank one is no label.
            string[] labels = LabelSet.ParseCell(label, _delimiter, _lowercaseLabels);
            bool emptySet = labels.Length == 0 && label.Contains(_delimiter, StringComparison.Ordinal);
            reason ??= labels.Length == 0 && !emptySet ? SkipReasons.EmptyLabel : null;
            if (reason is null)
            {
                foreach (string part in labels)
                {
                    ThrowIfControlCharacter(part, lineNumber);
                }

                (normalizedLabel, bool anyAllowed) = CanonicalLabelSet(labels);
                reason = anyAllowed ? null : SkipReasons.LabelNotAllowed;
            }
        }

        reason ??=
            _texts is not null && IsDuplicate(trimmedText, normalizedLabel, lineNumber) ? SkipReasons.Duplicate
            : null;

        if (reason is null)
        {
            if (putOnOneLine)
            {
                (_putOnOneLine ??= []).Add(_rows.Count);
            }

            _rows.Add(new LabeledText(trimmedText, normalizedLabel, lineNumber));
        }
        else
        {
            _skipped.Add(new SkippedRow(lineNumber, reason));
        }
    }

    /// <summary>Creates the dataset from the rows added so far.</summary>
    public Dataset Build(string source)
    {
        if (_texts is null || _conflictCount == 0)
        {
            return Result(source, _rows, [], droppedOnOneLine: 0);
        }

        var conflicts = new List<LabelConflict>(_conflictCount);
        foreach (TextOccurrences occurrences in _texts.Values)
        {
            if (occurrences.Labels.Count > 1)
            {
                conflicts.Add(new LabelConflict(occurrences.Text, occurrences.Labels.AsReadOnly(), occurrences.Lines.AsReadOnly()));
            }
        }

        conflicts.Sort(static (a, b) => a.LineNumbers[0].CompareTo(b.LineNumbers[0]));
        if (_duplicates != DuplicateHandling.DropExactAndConflicting)
        {
            return Result(source, _rows, conflicts, droppedOnOneLine: 0);
        }

        var kept = new List<LabeledText>(_rows.Count);
        int droppedOnOneLine = 0;
        for (int i = 0; i < _rows.Count; i++)
        {
            LabeledText row = _rows[i];
            if (_texts[row.Text].Labels.Count > 1)
            {
                _skipped.Add(new SkippedRow(row.LineNumber, SkipReasons.ConflictingLabels));
                droppedOnOneLine += _putOnOneLine?.Contains(i) == true ? 1 : 0;
            }
            else
            {
                kept.Add(row);
            }
        }

        // Line numbers are unique per row, so this restores source order.
        _skipped.Sort(static (a, b) => a.LineNumber.CompareTo(b.LineNumber));
        return Result(source, kept, conflicts, droppedOnOneLine);
    }

    // The dataset of the rows kept, counting those of its texts that were put on one line (kept, less those dropped
    // for conflicting labels; counted by row, as a JSON array on one line gives every row one line number).
    private Dataset Result(string source, List<LabeledText> rows, List<LabelConflict> conflicts, int droppedOnOneLine) =>
        new(source, rows.AsReadOnly(), _skipped.AsReadOnly(), conflicts.AsReadOnly())
        {
            TextsPutOnOneLine = (_putOnOneLine?.Count ?? 0) - droppedOnOneLine,
        };

    private void ThrowIfControlCharacter(string label, int lineNumber)
    {
        if (LabelSet.HasControlCharacter(label))
        {
            throw new DataFormatException(
                _source,
                lineNumber,
                null,
                $"the label \"{LabelSet.Escape(label)}\" holds a line break, tab or other control character; a label must be a single line of printable text");
        }
    }

    // A multi-label cell's labels (distinct, in ordinal order) as the set's canonical cell: those outside the allowed
    // list removed, joined by the delimiter. No labels (a cell that holds only delimiters) is the empty set, written as
    // one delimiter (so "|" and "||" are the same labels) and kept, allowed list or not: a text that none of the labels
    // applies to. False when the allowed list removed every label of a set that had some.
    private (string Label, bool AnyAllowed) CanonicalLabelSet(string[] labels)
    {
        if (labels.Length == 0)
        {
            return (_delimiter!, true);
        }

        if (_allowedLabels is null)
        {
            return (string.Join(_delimiter, labels), true);
        }

        var kept = new List<string>(labels.Length);
        foreach (string label in labels)
        {
            if (_allowedLabels.Contains(label))
            {
                kept.Add(label);
            }
        }

        return (string.Join(_delimiter, kept), kept.Count > 0);
    }

    private string NormalizeLabel(string label) => LabelSet.Normalize(label, _lowercaseLabels);

    /// <summary>
    /// Records the text's occurrence and returns whether an earlier row had the same text and label. A new label for
    /// a known text is not a duplicate: it makes the text a conflict.
    /// </summary>
    private bool IsDuplicate(string text, string label, int lineNumber)
    {
        if (!_texts!.TryGetValue(text, out TextOccurrences? occurrences))
        {
            _texts.Add(text, new TextOccurrences(text, label, lineNumber));
            return false;
        }

        occurrences.Lines.Add(lineNumber);
        if (occurrences.Labels.Contains(label))
        {
            return true;
        }

        if (occurrences.Labels.Count == 1)
        {
            _conflictCount++;
        }

        occurrences.Labels.Add(label);
        return false;
    }

    /// <summary>The labels and line numbers a text was seen with.</summary>
    private sealed class TextOccurrences(string text, string label, int lineNumber)
    {
        public string Text { get; } = text;

        public List<string> Labels { get; } = [label];

        public List<int> Lines { get; } = [lineNumber];
    }
}
