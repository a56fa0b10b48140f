using System.Globalization;
using System.Text;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads the records of a tab-separated file. Lines are read by <see cref="LineReader"/>: they end at LF or CRLF, and
/// a lone CR is part of a field unless the file ends its lines with lone CRs.
/// Fields are split on tabs as written, except that a field opening with a double quote and closed by one before a
/// tab or the end of a line is read as a quoted field, as Python's <c>csv</c> module and pandas write one that
/// holds a tab, a quote or a line break: <c>""</c> inside it is one quote, and it may go on over following lines that
/// hold no tab before its closing quote, and only where its first line holds no tab after the opening quote either. A
/// record is read quoted only where every quoted field is complete and the fields number as many as the header's;
/// otherwise its line is split as written, so a text that merely starts with a quote reads as before, and the rows
/// after an unclosed quote stay rows, whichever column the text is in. (The tab rule is what keeps them rows. A quoted
/// text holding both a tab and a line break, as Python's <c>csv</c> writes one, is read quoted where reading its line as
/// written gives the wrong number of fields, or where none of the lines it takes in would be a row of its own, or where
/// reading them as rows would give a label the file gives nowhere else while the quoted record's label is one it gave.
/// In a file whose header quotes every name, as writers that quote every text write it, such a text is read quoted
/// where every field of its record not in quotes is a value such a writer leaves unquoted: a number, NA, TRUE.)
/// </summary>
internal sealed class TsvRecordReader
{
    /// <summary>How many more lines a quoted field may take before the record is read as written instead.</summary>
    public const int MaxContinuationLines = 1000;

    private const char Separator = '\t';
    private const char Quote = '"';

    private readonly LineReader _lines;
    // Lines read ahead of the record being read: given back by a quoted reading that did not hold, and read by the label
    // look-ahead. The next line to read is the first.
    private readonly LinkedList<string> _pending = new();
    // The labels of the plain rows (no quote) the look-ahead has read: each line is looked at once, so reading stays
    // linear however many records need the look-ahead (one look-ahead of 10,000 lines per record had made a file of
    // Python-csv quoted texts 100 times slower: a review).
    private readonly HashSet<string> _labelsAhead = new(StringComparer.Ordinal);
    private readonly List<string> _taken = []; // the lines the last quoted reading took (given back where it failed)
    // The error the label look-ahead met reading a line (a bad byte): thrown once the lines before it are read, so their
    // records come first (textclf predict --input answers them before the error, as where no look-ahead ran).
    private DataFormatException? _errorAhead;
    private int _linesRead;
    // Whether the header quotes each of its names: written by a writer that quotes every field (pandas or Python's csv
    // with QUOTE_ALL or QUOTE_NONNUMERIC, R's write.table), whose records are read as such a writer wrote them.
    private bool _everyFieldQuoted;
    // Whether that file writes a quote inside a field as \" (R's write.table, whose qmethod "escape" is its default):
    // found on the first record that reads so and not with doubled quotes.
    private bool _backslashEscapes;

    // Whether the records hold one field more than the header, a row name first (R's write.table with its default
    // row.names = TRUE): decided on the first record, null before it.
    private bool? _rowNames;

    /// <summary>Creates a reader over <paramref name="reader"/>, whose errors name <paramref name="source"/>.</summary>
    public TsvRecordReader(TextReader reader, string source = "the input") => _lines = new LineReader(reader, source);

    /// <summary>The 1-based line the last record read started on.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The last record's first line as written (for error positions).</summary>
    public string FirstLine { get; private set; } = string.Empty;

    /// <summary>Whether the last record was read as written because a quoted field in it went on over more than
    /// <see cref="MaxContinuationLines"/> lines (for the error's hint).</summary>
    public bool QuoteTooLong { get; private set; }

    /// <summary>
    /// Whether every record holds a row name before the header's fields, as R's <c>write.table</c> writes a data frame
    /// by default (<c>row.names = TRUE</c>): its header names the columns only, and R's own <c>read.table</c> reads
    /// the extra first field as the row name. Decided on the first record: its first field is a row name (any quoted
    /// name, <c>"17"</c> or <c>"id-17"</c>, in a file whose header quotes every name; a row number, <c>17</c>, in one that
    /// quotes none, where a word may be a text's first part before a stray tab), and it holds one field
    /// more than the header (split on tabs as written, or read quoted in a file whose header quotes every name) and does
    /// not read quoted as the header's fields (a pandas text holding a tab after a 0/1 label). From then on
    /// <see cref="Read"/> reads records of one field more, row name first.
    /// </summary>
    public bool RowNames => _rowNames == true;

    /// <summary>The line of the first record, which decided <see cref="RowNames"/> (0 where it is false).</summary>
    public int RowNamesLine { get; private set; }

    /// <summary>How many lines past a record that reads both ways are searched for the labels its lines give read as
    /// written (<see cref="ReadQuotedOverUnknownLabels"/>).</summary>
    public const int LabelLookAheadLines = 10_000;

    /// <summary>
    /// The next record that is not a blank line, or null at the end. <paramref name="expectedFields"/> is the header's
    /// field count (0 while reading the header). <paramref name="labelIndex"/> and <paramref name="givenLabels"/>, where
    /// given, are the label column and the labels (trimmed) of the rows read so far, which decide a record that reads
    /// both ways (see <see cref="ReadQuotedOverUnknownLabels"/>).
    /// </summary>
    public string[]? Read(int expectedFields, int labelIndex = -1, IReadOnlySet<string>? givenLabels = null)
    {
        if (expectedFields > 0)
        {
            _rowNames ??= FirstRecordHasARowName(expectedFields);
            if (_rowNames == true)
            {
                expectedFields++;
                labelIndex = labelIndex < 0 ? -1 : labelIndex + 1;
            }
        }

        string? line;
        do
        {
            line = NextLine();
            if (line is null)
            {
                return null;
            }

            if (_linesRead == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }
        }
        // A line of white space alone is blank; one with a tab holds (empty) fields, which are reported like any other
        // row (an empty text is counted as skipped), not dropped unseen.
        while (string.IsNullOrWhiteSpace(line) && !line.Contains('\t', StringComparison.Ordinal));

        LineNumber = _linesRead;
        FirstLine = line;
        QuoteTooLong = false;
        if (expectedFields > 0 && string.IsNullOrWhiteSpace(line))
        {
            // Tabs and spaces only: a row whose every field is empty (counted as an empty text), however many tabs
            // the line has.
            string[] empty = new string[expectedFields];
            Array.Fill(empty, string.Empty);
            return empty;
        }

        if (expectedFields == 0)
        {
            _everyFieldQuoted = EveryFieldQuoted(line);
        }

        if (!OpensAQuote(line))
        {
            string[] plain = line.Split(Separator);
            if (_everyFieldQuoted && expectedFields > 0 && plain.Length == expectedFields && Array.TrueForAll(plain, field => IsAValue(field)))
            {
                // A record of values alone from a writer that quotes every text (R's `NA<TAB>1`): its missing values
                // read as empty fields, as the quoted reading below reads them.
                for (int i = 0; i < plain.Length; i++)
                {
                    if (MissingValues.IsWrittenBare(plain[i]))
                    {
                        plain[i] = string.Empty;
                    }
                }
            }

            return plain;
        }

        // A file whose header quotes every name was written with every (text) field quoted, so a record that opens a
        // quote is one quoted record, tabs and line breaks inside its fields, as Python's csv reads it. The tests below
        // decide by the labels the file gives, and every line of such a file holds a quote: a text holding a tab and a
        // line break whose label came first there was read as written, two rows with made-up labels (`here and` from
        // "tab<TAB>here and<LF>break"), without a word. Such a writer leaves a field unquoted only where it is a value
        // (QUOTE_NONNUMERIC's and write.table's numbers, NA, TRUE): a numeric label may come before the quote (a review:
        // the rule had asked for a quote first, and `1<TAB>"line one` / `second<TAB>part"` still gave the label
        // `second`), and a record that reads quoted only by closing on a plain row (`6'2"<TAB>pos`) took the rows
        // between into its text. A record that does not read so shows the file is not one such writer wrote: the rule
        // ends there, so a file of stray quotes is still read in linear time.
        if (_everyFieldQuoted && expectedFields > 0)
        {
            if (ReadFromAQuotingWriter(line, expectedFields) is { } record)
            {
                return record;
            }

            // A record such a writer does not write (an unquoted word) that reads quoted all the same, on its line: read
            // so, as any file's, and the rule goes on.
            if (TryReadQuoted(line, expectedFields, tabsInside: false, out string[]? onItsLine))
            {
                return onItsLine!;
            }

            _everyFieldQuoted = false;
        }

        if (TryReadQuoted(line, expectedFields, tabsInside: false, out string[]? quoted, backslashEscapes: _backslashEscapes))
        {
            return quoted!;
        }

        // Python's csv module quotes a text holding both a tab and a line break (tab-indented code); the rule above reads
        // such a record as written. Read quoted with tabs allowed inside its multi-line quoted fields, it is taken where
        // the line as written has the wrong field count (an error otherwise: an outside check), or where no line it
        // takes in would be a row of its own (the header's field count and a first field that is not empty): then no
        // row is swallowed, and a file of rows reads as before. The attempt ends at the first such row, so a file whose
        // every text opens with a stray quote is still read in linear time.
        string[] written = line.Split(Separator);
        if (expectedFields > 0 && TryReadQuoted(line, expectedFields, tabsInside: true, out quoted,
                mayTake: written.Length != expectedFields ? null : next => !IsARow(next, expectedFields)))
        {
            return quoted!;
        }

        if (givenLabels is not null && written.Length == expectedFields
            && ReadQuotedOverUnknownLabels(line, written, expectedFields, labelIndex, givenLabels) is { } evidenced)
        {
            return evidenced;
        }

        return written;
    }

    // The quoted reading where lines it takes in look like rows. A text that Python's csv quotes for a tab on its first
    // line and a line break reads as written as rows of the header's field count (text first: `"a<TAB>b` and
    // `c"<TAB>pos`; label first: `pos<TAB>"a` and `b<TAB>c"`), as two rows whose texts merely start and end with a stray
    // quote do. The labels the written reading gives tell them apart: it is read quoted where the quoted record's label
    // is one the file gives (before, or in a plain row of the LabelLookAheadLines lines after), and some line read as
    // written gives no row (the wrong field count or an empty first field) or a label that the file gives nowhere
    // else: not before, nor in a plain row of the LabelLookAheadLines lines after (a label's first row is unknown when
    // it comes, and an outside review had such rows merged into a stray quote's text). The lines it takes in must hold a
    // quote or be no row, so a stray quote stops at the next plain row, no row is swallowed, and a file of stray quotes
    // is still read in linear time.
    private string[]? ReadQuotedOverUnknownLabels(string line, string[] written, int expectedFields, int labelIndex, IReadOnlySet<string> givenLabels)
    {
        if (!TryReadQuoted(line, expectedFields, tabsInside: true, out string[]? quoted, MayTake))
        {
            return null;
        }

        // The quoted record's label must be one the file gives: before, or in a plain row ahead (so the first records of
        // a file, before their labels came, read right too).
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        bool noRow = false;
        AddUnknown(written);
        foreach (string taken in _taken)
        {
            noRow |= !IsARow(taken, expectedFields);
            AddUnknown(taken.Split(Separator));
        }

        string quotedLabel = quoted![labelIndex].Trim();
        if (!givenLabels.Contains(quotedLabel) || (!noRow && unknown.Count > 0))
        {
            ReadAhead(expectedFields, labelIndex);
        }

        unknown.ExceptWith(_labelsAhead);
        bool evidence = (givenLabels.Contains(quotedLabel) || _labelsAhead.Contains(quotedLabel)) && (noRow || unknown.Count > 0);

        void AddUnknown(string[] fields)
        {
            string label = fields.Length == expectedFields ? fields[labelIndex].Trim() : string.Empty;
            if (!givenLabels.Contains(label))
            {
                unknown.Add(label);
            }
        }

        if (!evidence)
        {
            GiveBack(_taken);
        }

        return evidence ? quoted : null;

        bool MayTake(string next) => !IsARow(next, expectedFields) || next.Contains(Quote, StringComparison.Ordinal);
    }

    // Reads on until LabelLookAheadLines lines wait ahead, each line once, and keeps the labels (trimmed, not empty) of
    // the plain rows (no quote) among them in _labelsAhead. Those include the labels of rows already returned (given
    // before, so no different answer) and never those of lines past LabelLookAheadLines ahead (every earlier
    // look-ahead stopped before them).
    private void ReadAhead(int expectedFields, int labelIndex)
    {
        while (_pending.Count < LabelLookAheadLines && _errorAhead is null && ReadLineAhead() is { } next)
        {
            _pending.AddLast(next);
            // A line with a quote may be a piece of another quoted text: only plain rows give labels here.
            if (IsARow(next, expectedFields) && !next.Contains(Quote, StringComparison.Ordinal))
            {
                string label = next.Split(Separator)[labelIndex].Trim();
                if (label.Length > 0)
                {
                    _labelsAhead.Add(label);
                }
            }
        }
    }

    // The next line of the file for the look-ahead; null at the end, and where the line cannot be read (its error is
    // kept, and thrown where the line is read in turn).
    private string? ReadLineAhead()
    {
        try
        {
            return _lines.ReadLine();
        }
        catch (DataFormatException ex)
        {
            _errorAhead = ex;
            return null;
        }
    }

    // A record of a file whose every field is quoted, read with quotes inside doubled (Python's csv, pandas) or written
    // \" (R's write.table, whose qmethod "escape" is its default; there such a record had been read as written, its
    // label in quotes, "pos" beside pos, without a word). A record holding \" may read both ways; where the doubled
    // reading leaves a next record that does not read so (a piece of the text) and the \" reading does not, the file
    // writes \", and so do its records after it. Null where neither reading holds.
    private string[]? ReadFromAQuotingWriter(string line, int expectedFields)
    {
        if (TryReadQuoted(line, expectedFields, tabsInside: true, out string[]? record, unquotedAreValues: true, backslashEscapes: _backslashEscapes))
        {
            if (_backslashEscapes || !HoldsBackslashQuote(line, _taken))
            {
                return record;
            }

            List<string> doubledTaken = [.. _taken];
            if (NextReadsAsARecord(expectedFields, backslashEscapes: false))
            {
                return record;
            }

            GiveBack(doubledTaken);
            if (TryReadQuoted(line, expectedFields, tabsInside: true, out string[]? escaped, unquotedAreValues: true, backslashEscapes: true))
            {
                List<string> escapedTaken = [.. _taken];
                if (NextReadsAsARecord(expectedFields, backslashEscapes: true))
                {
                    _backslashEscapes = true;
                    return escaped;
                }

                GiveBack(escapedTaken);
            }

            // Neither reading is borne out: the doubled one, as before.
            TryReadQuoted(line, expectedFields, tabsInside: true, out record, unquotedAreValues: true);
            return record;
        }

        if (!_backslashEscapes && TryReadQuoted(line, expectedFields, tabsInside: true, out record, unquotedAreValues: true, backslashEscapes: true))
        {
            _backslashEscapes = true;
            return record;
        }

        return null;
    }

    private static bool HoldsBackslashQuote(string line, List<string> taken)
    {
        if (line.Contains("\\\"", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (string next in taken)
        {
            if (next.Contains("\\\"", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Whether the record after the one just read reads as one of this file's (or there is none); every line it looks at
    // is given back. Blank lines are passed over, as Read passes over them: one had been taken for a record that opens no
    // quote, and a blank line after a pandas record holding \" turned the \" reading on for the rest of its file (its
    // records split into made-up ones), or after R's last record left it read with "" (review2 39).
    private bool NextReadsAsARecord(int expectedFields, bool backslashEscapes)
    {
        List<string> blank = [];
        string? next;
        while ((next = NextLine()) is not null && string.IsNullOrWhiteSpace(next) && !next.Contains(Separator, StringComparison.Ordinal))
        {
            blank.Add(next);
        }

        if (next is null)
        {
            GiveBack(blank);
            return true;
        }

        // Such a writer quotes every text (an empty one too), so its record opens a quote.
        bool reads = OpensAQuote(next) && TryReadQuoted(next, expectedFields, tabsInside: true, out _, unquotedAreValues: true, backslashEscapes: backslashEscapes);
        if (reads)
        {
            GiveBack([.. _taken]);
        }

        GiveBack([next]);
        GiveBack(blank);
        return reads;
    }

    // Whether the first record (the next line that is not blank; every line looked at is given back) holds a row name
    // before the header's fields: its first field as written is a row name — any quoted name where the header quotes
    // its names (R's write.table quotes row names with the texts, quote = TRUE, its default: row numbers, or the names
    // rownames(df) <- ids gave), a row number where the header does not (quote = FALSE, where a word first may as well
    // be a text holding a stray tab) — and the record holds one field more than the header: as written, or read quoted
    // (a text holding a tab or a line break) where the header quotes its names. Such a file had been refused with a
    // field-count error blaming a quote. In a file that quotes nothing, a first field that is a word is no row name, so
    // another file's error stays as it was.
    private bool FirstRecordHasARowName(int expectedFields)
    {
        List<string> looked = [];
        string? line;
        while ((line = NextLine()) is not null)
        {
            looked.Add(line);
            if (!string.IsNullOrWhiteSpace(line))
            {
                break;
            }
        }

        // A record that reads quoted as the header's fields is no row name's, whatever its tabs as written: a quoted
        // text holding a tab (Python's csv, pandas) after a number (a 0/1 label, pandas' index) had been read as a row
        // name and a field too many, its file refused on the next record (review 40).
        bool rowName = line is not null && StartsWithARowName(line)
            && !ReadsQuotedAs(line, expectedFields, unquotedAreValues: false)
            && (line.AsSpan().Count(Separator) == expectedFields || (_everyFieldQuoted && ReadsQuotedAs(line, expectedFields + 1)))
            // A writer that quotes every text writes an empty text "" and a missing value NA, never nothing: a record
            // ending in a tab there is a trailing empty field, not a row name (review 41: "text"<TAB>"pos"<TAB> took
            // the text for a row name, the label for the text, and skipped every row as an empty label; it had been
            // refused with a field-count error).
            && !(_everyFieldQuoted && EndsInAnEmptyUnquotedField(line, expectedFields + 1));
        RowNamesLine = rowName ? _linesRead : 0;
        GiveBack(looked);
        return rowName;
    }

    // Whether the record from `line` on, read quoted as `fields` fields (or, where it does not read so, its line as
    // written), ends in a tab: an empty last field not in quotes. The lines it takes are given back.
    private bool EndsInAnEmptyUnquotedField(string line, int fields)
    {
        foreach (bool backslashEscapes in (ReadOnlySpan<bool>)[false, true])
        {
            if (TryReadQuoted(line, fields, tabsInside: true, out _, backslashEscapes: backslashEscapes))
            {
                string last = _taken.Count > 0 ? _taken[^1] : line;
                GiveBack(_taken);
                return last.EndsWith(Separator);
            }
        }

        return line.EndsWith(Separator);
    }

    // A quoted name where the header quotes its names ("7", "id-7"), a row number where it does not (7).
    private bool StartsWithARowName(string line)
    {
        int tab = line.IndexOf(Separator);
        ReadOnlySpan<char> first = tab < 0 ? default : line.AsSpan(0, tab);
        if (_everyFieldQuoted)
        {
            return first.Length >= 3 && first[0] == Quote && first[^1] == Quote && first[1..^1].IndexOf(Quote) < 0;
        }

        return !first.IsEmpty && !first.ContainsAnyExceptInRange('0', '9');
    }

    // Whether the record from `line` on reads quoted, as a writer quoting every text writes it (quotes inside doubled or
    // written \"; with `unquotedAreValues` false, any field may be unquoted), as `fields` fields; the lines it takes are
    // given back.
    private bool ReadsQuotedAs(string line, int fields, bool unquotedAreValues = true)
    {
        foreach (bool backslashEscapes in (ReadOnlySpan<bool>)[false, true])
        {
            if (TryReadQuoted(line, fields, tabsInside: true, out _, unquotedAreValues: unquotedAreValues, backslashEscapes: backslashEscapes))
            {
                GiveBack(_taken);
                return true;
            }
        }

        return false;
    }

    // Whether every field of a header line, split on tabs, is written in double quotes ("label"<TAB>"text").
    private static bool EveryFieldQuoted(string line)
    {
        foreach (string field in line.Split(Separator))
        {
            if (field.Length < 2 || field[0] != Quote || field[^1] != Quote)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a field of <paramref name="line"/>, split as written, opens with a double quote.</summary>
    public static bool OpensAQuote(string line) => line.StartsWith(Quote) || line.Contains("\t\"", StringComparison.Ordinal);

    // Reads the record from `line` on with quoted fields, taking further lines while a quoted field is open. Gives the
    // taken lines back and returns false where a quoted field is malformed, never closes, or the fields do not number
    // `expectedFields` (when known), unless `tabsInside` where a tab lies inside a quoted field that goes on over lines
    // (on its first line or a later one), where `mayTake` refuses a line the field would go on over, and, given
    // `unquotedAreValues`, where a field not in quotes is other than what a writer quoting every text leaves unquoted
    // (see IsAValue). With `backslashEscapes`, \" inside a quoted field is a quote (R's write.table).
    private bool TryReadQuoted(string line, int expectedFields, bool tabsInside, out string[]? fields, Predicate<string>? mayTake = null, bool unquotedAreValues = false, bool backslashEscapes = false)
    {
        List<string> taken = _taken;
        taken.Clear();
        var found = new List<string>();
        var field = new StringBuilder();
        string current = line;
        int position = 0;
        fields = null;
        while (true)
        {
            field.Clear();
            if (position < current.Length && current[position] == Quote)
            {
                position++;
                while (true)
                {
                    int quote = current.IndexOf(Quote, position);
                    if (!tabsInside && (taken.Count > 0 || quote < 0) && current.AsSpan(position, (quote < 0 ? current.Length : quote) - position).Contains(Separator))
                    {
                        // A tab on a line the quoted field went on to, or before the line break it goes on over: more
                        // likely the rows of a text-first file whose text merely starts with a quote.
                        GiveBack(taken);
                        return false;
                    }

                    if (quote < 0)
                    {
                        // The line ends inside the quotes: the field goes on over the next line.
                        field.Append(current, position, current.Length - position).Append('\n');
                        QuoteTooLong = taken.Count >= MaxContinuationLines;
                        string? next = QuoteTooLong ? null : NextLine();
                        if (next is not null && mayTake is not null && !mayTake(next))
                        {
                            taken.Add(next); // given back below with the others
                            next = null;
                        }

                        if (next is null)
                        {
                            GiveBack(taken);
                            return false;
                        }

                        taken.Add(next);
                        current = next;
                        position = 0;
                        continue;
                    }

                    if (backslashEscapes && quote > position && current[quote - 1] == '\\')
                    {
                        field.Append(current, position, quote - 1 - position).Append(Quote);
                        position = quote + 1;
                        continue;
                    }

                    field.Append(current, position, quote - position);
                    if (quote + 1 < current.Length && current[quote + 1] == Quote)
                    {
                        field.Append(Quote);
                        position = quote + 2;
                        continue;
                    }

                    position = quote + 1;
                    break;
                }

                if (position < current.Length && current[position] != Separator)
                {
                    // Text after the closing quote: not a quoted field.
                    GiveBack(taken);
                    return false;
                }
            }
            else
            {
                int tab = current.IndexOf(Separator, position);
                int end = tab < 0 ? current.Length : tab;
                if (unquotedAreValues && !IsAValue(current.AsSpan(position, end - position)))
                {
                    GiveBack(taken);
                    return false;
                }

                // A writer that quotes every text writes a missing value bare (R's NA, Python's nan): an empty field,
                // as pandas writes one; "NA" in quotes is the text NA.
                if (!unquotedAreValues || !MissingValues.IsWrittenBare(current.AsSpan(position, end - position)))
                {
                    field.Append(current, position, end - position);
                }

                position = end;
            }

            found.Add(field.ToString());
            if (position >= current.Length)
            {
                break;
            }

            if (expectedFields > 0 && found.Count >= expectedFields)
            {
                // More fields than the header's: no need to read on (and over more lines) to know it.
                GiveBack(taken);
                return false;
            }

            position++; // the tab
        }

        if (expectedFields > 0 && found.Count != expectedFields)
        {
            GiveBack(taken);
            return false;
        }

        fields = [.. found];
        return true;
    }

    // Whether an unquoted field is one a writer that quotes every text leaves unquoted: empty, a number (Python's
    // QUOTE_NONNUMERIC: 1, 0.5, 1e-05, nan, inf, and True/False, which are numbers to it; R's write.table: NA, TRUE),
    // or a date or time (write.table quotes character and factor columns only, so a Date or POSIXct column is written
    // bare: 2020-01-01, 2020-01-01 10:30:00; review2 39: such a column had turned its R \" reading off).
    private static bool IsAValue(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.IsEmpty
            || double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || field.Equals("nan", StringComparison.OrdinalIgnoreCase) || field.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || field.Equals("-inf", StringComparison.OrdinalIgnoreCase) || field.Equals("NA", StringComparison.Ordinal)
            || field.Equals("true", StringComparison.OrdinalIgnoreCase) || field.Equals("false", StringComparison.OrdinalIgnoreCase)
            || IsADateOrTime(field);
    }

    // yyyy-mm-dd, optionally followed by ' ' or 'T' and a time; or a time alone: hh:mm, hh:mm:ss, hh:mm:ss.fff.
    private static bool IsADateOrTime(ReadOnlySpan<char> field)
    {
        if (field.Length >= 10 && Digits(field[..4]) && field[4] == '-' && Digits(field.Slice(5, 2)) && field[7] == '-' && Digits(field.Slice(8, 2)))
        {
            return field.Length == 10 || ((field[10] == ' ' || field[10] == 'T') && IsATime(field[11..]));
        }

        return IsATime(field);

        static bool IsATime(ReadOnlySpan<char> time) =>
            time.Length >= 5 && Digits(time[..2]) && time[2] == ':' && Digits(time.Slice(3, 2))
            && (time.Length == 5 || (time.Length >= 8 && time[5] == ':' && Digits(time.Slice(6, 2))
                && (time.Length == 8 || (time.Length > 9 && time[8] == '.' && Digits(time[9..])))));

        static bool Digits(ReadOnlySpan<char> span) => !span.IsEmpty && !span.ContainsAnyExceptInRange('0', '9');
    }

    // Whether a line, split as written, is a row with something in its first field.
    private static bool IsARow(string line, int expectedFields)
    {
        int tabs = line.AsSpan().Count(Separator);
        int firstTab = line.IndexOf(Separator);
        return tabs == expectedFields - 1 && !string.IsNullOrWhiteSpace(firstTab < 0 ? line : line[..firstTab]);
    }

    // Lines taken while looking for a closing quote, returned to be read as records of their own.
    private void GiveBack(List<string> taken)
    {
        for (int i = taken.Count - 1; i >= 0; i--)
        {
            _pending.AddFirst(taken[i]);
        }

        _linesRead -= taken.Count;
    }

    private string? NextLine()
    {
        if (_pending.First is { } first)
        {
            _pending.RemoveFirst();
            _linesRead++;
            return first.Value;
        }

        if (_errorAhead is { } error)
        {
            throw error;
        }

        string? next = _lines.ReadLine();
        if (next is not null)
        {
            _linesRead++;
        }

        return next;
    }
}
