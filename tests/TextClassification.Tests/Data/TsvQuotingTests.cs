using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TextClassification.Training.Data;

namespace TextClassification.Tests.Data;

/// <summary>TSV as Python's <c>csv</c> module and pandas write it (quoted fields), and as it is written by hand (no
/// quoting), read by <see cref="TsvRecordReader"/>.</summary>
public sealed class TsvQuotingTests
{
    [Fact]
    public void Quoted_fields_may_hold_tabs_quotes_and_line_breaks()
    {
        Dataset data = Read("label\ttext\npos\t\"great\tfilm\"\nneg\t\"a \"\"classic\"\"\nit is not\n\nat all\"\nneg\tlast\n");

        Assert.Equal(["great\tfilm", "a \"classic\"\nit is not\n\nat all", "last"], data.Rows.Select(row => row.Text));
        Assert.Equal([2, 3, 7], data.Rows.Select(row => row.LineNumber));
    }

    [Fact]
    public void A_text_that_merely_starts_with_a_quote_reads_as_written()
    {
        // Closed by text rather than a tab; never closed; closed, but only lines later (the rows between stay rows).
        Dataset data = Read("label\ttext\nneg\t\"Hi\" he said\npos\t\"unclosed\npos\tplain\nneg\tends with a quote\"\n");

        Assert.Equal(["\"Hi\" he said", "\"unclosed", "plain", "ends with a quote\""], data.Rows.Select(row => row.Text));
        Assert.Equal([2, 3, 4, 5], data.Rows.Select(row => row.LineNumber));

        // Text first: the label's tab is on the line the quote would go on from.
        Dataset textFirst = Read("text\tlabel\n\"I love it\tpos\nso happy\"\tneg\nplain\tpos\n");
        Assert.Equal(["\"I love it", "so happy\"", "plain"], textFirst.Rows.Select(row => row.Text));
        Assert.Equal(["pos", "neg", "pos"], textFirst.Rows.Select(row => row.Label));

        // The same after rows that gave both labels: each line read as written is a row with a label the file knows.
        Dataset known = Read("text\tlabel\nfine\tpos\nbad\tneg\n\"I love it\tpos\nso happy\"\tneg\n");
        Assert.Equal(["fine", "bad", "\"I love it", "so happy\""], known.Rows.Select(row => row.Text));
    }

    [Fact]
    public void A_quoted_field_spanning_lines_that_would_leave_the_wrong_field_count_reads_as_written()
    {
        // Read quoted, line 2 would take line 3 into a record of two fields where the header has three.
        var ex = Assert.Throws<DataFormatException>(() => Read("label\ttext\textra\n1\t\"x\ny\"\n"));

        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("found 2; a field opens with a double quote but is not a complete quoted field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_text_with_both_a_tab_and_a_line_break_as_python_writes_it_is_read()
    {
        // Python's csv.writer(delimiter='\t') output; the reader refused it with "not a complete quoted field" (an
        // outside check). Where the text comes first and its first line holds the tab, the line read as written has
        // the header's two fields, as a text merely starting with a quote does: that stays as written (the test above).
        Dataset labelFirst = Read("label\ttext\npos\t\"a\tb\nc \"\"q\"\"\"\nneg\tplain\n");
        Dataset textFirst = Read("text\tlabel\nplain\tneg\n\"x\ny\tz\nw\"\tneg\n");

        Assert.Equal(["a\tb\nc \"q\"", "plain"], labelFirst.Rows.Select(row => row.Text));
        Assert.Equal([2, 4], labelFirst.Rows.Select(row => row.LineNumber));
        Assert.Equal(["plain", "x\ny\tz\nw"], textFirst.Rows.Select(row => row.Text));
        Assert.Equal(["neg", "neg"], textFirst.Rows.Select(row => row.Label));
        Assert.Equal([2, 3], textFirst.Rows.Select(row => row.LineNumber));

        // Tab-indented code, label first: the first line as written has the header's two fields, but the lines the
        // quoted text takes in are no rows (their first field is empty). They had been read as rows with an empty
        // label, skipped, and the texts cut at their first line.
        Dataset code = Read("label\ttext\ncode\t\"def f():\n\treturn 1\"\nneg\tplain\ncode\t\"if x:\n\ty = 1\n\tz = \"\"q\"\"\"\n");
        Assert.Equal(["def f():\n\treturn 1", "plain", "if x:\n\ty = 1\n\tz = \"q\""], code.Rows.Select(row => row.Text));
        Assert.Equal([2, 4, 5], code.Rows.Select(row => row.LineNumber));
        Assert.Empty(code.Skipped);
    }

    [Fact]
    public void A_quoted_text_whose_lines_read_as_rows_is_read_quoted_where_a_line_would_give_a_label_the_file_never_gave()
    {
        // Python's csv output of a text with a tab on its first line and a line break: read as written, each of its
        // lines is a row of the header's two fields, and one of them holds a label that is a piece of the text
        // ("line with tab", "then"). Both had been read that way: a new label and a cut text, without a word.
        Dataset textFirst = Read("text\tlabel\nfine\tpos\nbad\tneg\n\"first\tline with tab\nsecond line\"\tpos\nlast\tneg\n");
        Dataset labelFirst = Read("label\ttext\npos\tfine\nneg\tbad\nneg\t\"no tab first\nthen\ttab\"\npos\tlast\n");

        Assert.Equal(["fine", "bad", "first\tline with tab\nsecond line", "last"], textFirst.Rows.Select(row => row.Text));
        Assert.Equal(["pos", "neg", "pos", "neg"], textFirst.Rows.Select(row => row.Label));
        Assert.Equal([2, 3, 4, 6], textFirst.Rows.Select(row => row.LineNumber));
        Assert.Equal(["fine", "bad", "no tab first\nthen\ttab", "last"], labelFirst.Rows.Select(row => row.Text));
        Assert.Equal(["pos", "neg", "neg", "pos"], labelFirst.Rows.Select(row => row.Label));
        Assert.Equal([2, 3, 4, 6], labelFirst.Rows.Select(row => row.LineNumber));

        // A quoted label the file never gives is no evidence: read as written, as before.
        Dataset unknown = Read("text\tlabel\nfine\tpos\n\"a\tb\nc\"\tneg\n");
        Assert.Equal(["fine", "\"a", "c\""], unknown.Rows.Select(row => row.Text));

        // The file's first record, before any label was given: its label comes in a plain row after it.
        Dataset first = Read("label\ttext\npos\t\"no tab first\nthen\ttab\"\nneg\tplain\npos\tmore\n");
        Assert.Equal(["no tab first\nthen\ttab", "plain", "more"], first.Rows.Select(row => row.Text));
        Assert.Equal([2, 4, 5], first.Rows.Select(row => row.LineNumber));

        // Stray quotes at the start whose written labels come later too: rows, as before.
        Dataset stray = Read("text\tlabel\n\"I love it\tpos\nso happy\"\tneg\nplain\tpos\nother\tneg\n");
        Assert.Equal(["\"I love it", "so happy\"", "plain", "other"], stray.Rows.Select(row => row.Text));
    }

    [Fact]
    public void Rows_between_a_stray_opening_quote_and_a_stray_closing_one_stay_rows_whatever_their_labels()
    {
        // A review of the rule above: a label's first row is one whose label the file has not given yet, so rows of new
        // labels between a text opening with a stray quote and one ending with a lone quote were swallowed into one
        // text, and their labels vanished without a word. A plain row is never taken into a quoted text now.
        Dataset labelFirst = Read("label\ttext\npos\tgood\nneg\tbad\npos\t\"Loved it\nneutral\tmeh\nmixed\tso so\nneg\tworst ending\"\n");
        Assert.Equal(["pos", "neg", "pos", "neutral", "mixed", "neg"], labelFirst.Rows.Select(row => row.Label));

        // A label's first row right after a stray opening quote, closed by the next line: its label comes again later,
        // so it is a label, and both lines stay rows.
        Dataset textFirst = Read("text\tlabel\nbad\tneg\n\"Loved it\tpos\nworst ending\"\tneg\nfine\tpos\n");
        Assert.Equal(["bad", "\"Loved it", "worst ending\"", "fine"], textFirst.Rows.Select(row => row.Text));
        Assert.Equal([2, 3, 4, 5], textFirst.Rows.Select(row => row.LineNumber));
    }

    [Property(Arbitrary = [typeof(TsvArbitraries)])]
    public void What_pythons_csv_writes_reads_back_with_tabs_and_line_breaks_once_the_file_has_given_its_labels(string[] texts, bool labelFirst)
    {
        // csv.writer(delimiter='\t') output whose texts may hold both tabs and line breaks, after one row of each label
        // (the texts' chunks never spell a label, so a line of a text read as written never gives a known label). A line
        // inside a text (neither its first nor its last) that would be a plain row of its own is not taken into the text
        // (rows stay rows), so those lines hold no tab here unless they hold a quote.
        string[] labels = ["pos", "neg"];
        var tsv = new StringBuilder(labelFirst ? "label\ttext\n" : "text\tlabel\n");
        var expected = new List<string>();
        for (int i = 0; i < texts.Length + labels.Length; i++)
        {
            string text = i < labels.Length ? "given" : texts[i - labels.Length];
            while (text.Contains("\r\n", StringComparison.Ordinal))
            {
                text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            string[] lines = text.Split('\n');
            for (int k = 1; k < lines.Length - 1; k++)
            {
                lines[k] = lines[k].Contains('"', StringComparison.Ordinal) ? lines[k] : lines[k].Replace('\t', ' ');
            }

            text = string.Join('\n', lines);

            string label = labels[i % labels.Length];
            tsv.Append(labelFirst ? $"{label}\t{MinimalQuote(text)}\n" : $"{MinimalQuote(text)}\t{label}\n");
            if (text.Trim().Length > 0)
            {
                expected.Add(text.Trim());
            }
        }

        Dataset data = Read(tsv.ToString());

        Assert.Equal(expected, data.Rows.Select(row => row.Text));
    }

    [Fact]
    public void A_file_whose_header_quotes_every_name_reads_a_new_labels_text_with_a_tab_and_a_line_break_quoted()
    {
        // pandas' to_csv(sep='\t', quoting=QUOTE_ALL) or R's write.table: every line holds a quote, so no plain row gave
        // evidence and the record was read as written: two rows, one labelled 'here and' (made up), without a word.
        Dataset data = Read("\"text\"\t\"label\"\n\"first\"\t\"pos\"\n\"tab\there and\nbreak\"\t\"neutral\"\n\"second\"\t\"neg\"\n");

        Assert.Equal(["first", "tab\there and\nbreak", "second"], data.Rows.Select(row => row.Text));
        Assert.Equal(["pos", "neutral", "neg"], data.Rows.Select(row => row.Label));
        Assert.Equal([2, 3, 5], data.Rows.Select(row => row.LineNumber));

        // A quote that never closes shows the file is not such a writer's: its lines and the later ones are read as
        // without the quoted header.
        Dataset stray = Read("\"text\"\t\"label\"\n\"unclosed\tpos\nplain\tneg\n\"I love it\tpos\nso happy\"\tneg\n");
        Assert.Equal(["\"unclosed", "plain", "\"I love it", "so happy\""], stray.Rows.Select(row => row.Text));

        // A header of plain names keeps the rule for stray quotes: the lines stay rows.
        Dataset plain = Read("text\tlabel\n\"I love it\tpos\nso happy\"\tneg\nplain\tpos\n");
        Assert.Equal(["\"I love it", "so happy\"", "plain"], plain.Rows.Select(row => row.Text));
    }

    [Fact]
    public void A_file_whose_header_quotes_every_name_reads_a_numeric_label_first_record_quoted()
    {
        // QUOTE_NONNUMERIC (pandas, Python's csv) leaves integer labels unquoted, so the record opens with the label:
        // the rule had asked for a quote first, and the text read as two rows, one labelled 'second' (made up).
        Dataset data = Read("\"label\"\t\"text\"\n0\t\"first\"\n1\t\"line one\nsecond\tpart\"\n0\t\"other\"\n");

        Assert.Equal(["first", "line one\nsecond\tpart", "other"], data.Rows.Select(row => row.Text));
        Assert.Equal(["0", "1", "0"], data.Rows.Select(row => row.Label));
        Assert.Equal([2, 3, 5], data.Rows.Select(row => row.LineNumber));
    }

    [Fact]
    public void A_file_whose_header_quotes_every_name_keeps_plain_rows_after_a_stray_quote()
    {
        // A quote never closed but by a later row's text (6'2"), through a plain row: such a writer quotes every text,
        // so the unquoted label 'pos' shows the record is not its; the rows between had been taken into one text.
        Dataset data = Read("\"text\"\t\"label\"\n\"unclosed\tpos\nplain row\tneg\n6'2\"\tpos\nafter\tneg\n");

        Assert.Equal(["\"unclosed", "plain row", "6'2\"", "after"], data.Rows.Select(row => row.Text));
        Assert.Equal(["pos", "neg", "pos", "neg"], data.Rows.Select(row => row.Label));
    }

    [Property(Arbitrary = [typeof(TsvArbitraries)])]
    public void What_a_writer_quoting_every_field_writes_reads_back(string[] texts, bool labelFirst, bool numericLabels) =>
        AssertAWriterQuotingEveryFieldReadsBack(texts, labelFirst, numericLabels);

    // csv.writer(delimiter='\t', quoting=QUOTE_ALL): every field, the header's too, in quotes, each quote inside
    // doubled; texts with tabs and line breaks, labels given for the first time anywhere. With numericLabels,
    // QUOTE_NONNUMERIC of integer labels: the labels are written without quotes.
    private static void AssertAWriterQuotingEveryFieldReadsBack(string[] texts, bool labelFirst, bool numericLabels)
    {
        var tsv = new StringBuilder(labelFirst ? "\"label\"\t\"text\"\n" : "\"text\"\t\"label\"\n");
        var expected = new List<(string Label, string Text)>();
        for (int i = 0; i < texts.Length; i++)
        {
            string text = texts[i];
            while (text.Contains("\r\n", StringComparison.Ordinal))
            {
                text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            string label = (numericLabels ? "" : "label") + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string written = numericLabels ? label : $"\"{label}\"";
            string quoted = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            tsv.Append(labelFirst ? $"{written}\t{quoted}\n" : $"{quoted}\t{written}\n");
            if (text.Trim().Length > 0)
            {
                expected.Add((label, text.Trim()));
            }
        }

        Dataset data = Read(tsv.ToString());

        Assert.Equal(expected, data.Rows.Select(row => (row.Label, row.Text)));
    }

    [Fact]
    public void What_Rs_write_table_writes_reads_with_its_backslashed_quotes()
    {
        // write.table(df, sep = "\t", row.names = FALSE): every field and name quoted, a quote inside written \" (its
        // default qmethod "escape"). The rows holding one were read as written, labels in quotes ("pos" beside pos).
        const string tsv = "\"label\"\t\"text\"\n\"pos\"\t\"fine film\"\n\"pos\"\t\"he said \\\"great\\\" movie\"\n" +
            "\"neg\"\t\"bad \\\"film\\\" and\ttab\"\n\"neg\"\t\"C:\\dir \\\"x\\\"\nnext line\"\n";

        Dataset data = Read(tsv);

        Assert.Equal(
            [("pos", "fine film"), ("pos", "he said \"great\" movie"), ("neg", "bad \"film\" and\ttab"), ("neg", "C:\\dir \"x\"\nnext line")],
            data.Rows.Select(row => (row.Label, row.Text)));
    }

    [Fact]
    public void What_Rs_write_table_writes_reads_its_backslashed_quotes_beside_a_date_column()
    {
        // write.table leaves a Date or POSIXct column unquoted (it quotes character and factor columns only): the rule
        // that a record's unquoted fields are values took 2020-01-01 for a plain word, and the row holding \" was read
        // as written, its label in quotes ("pos" beside neg), without a word (review2 39).
        const string tsv = "\"text\"\t\"date\"\t\"label\"\n\"say \\\"hi\\\" now\"\t2020-01-01\t\"pos\"\n" +
            "\"fine\"\t2020-01-02 10:30:00\t\"neg\"\n\"two\tlines \\\"x\\\"\nhere\"\t2020-01-03 09:00\t\"pos\"\n\"clock\"\t12:00:00\t\"neg\"\n";

        Dataset data = Read(tsv);

        Assert.Equal(
            [("pos", "say \"hi\" now"), ("neg", "fine"), ("pos", "two\tlines \"x\"\nhere"), ("neg", "clock")],
            data.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal([2, 3, 4, 6], data.Rows.Select(row => row.LineNumber));
    }

    [Fact]
    public void A_bare_NA_or_nan_in_a_file_quoting_every_text_is_a_missing_value()
    {
        // write.table writes a missing value as a bare NA (the text "NA" is quoted), Python's csv with QUOTE_NONNUMERIC
        // a missing float as nan. They had been read as the text or the label "NA": a class of its own.
        const string tsv = "\"label\"\t\"text\"\n\"pos\"\t\"fine film\"\n\"neg\"\tNA\nNA\t\"no label\"\n\"pos\"\t\"NA\"\n" +
            "NA\tNA\n\"neg\"\tnan\n\"neg\"\t\"two\nlines\"\n";

        Dataset data = Read(tsv);

        Assert.Equal([("pos", "fine film"), ("pos", "NA"), ("neg", "two\nlines")], data.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal(
            [new SkippedRow(3, SkipReasons.EmptyText), new SkippedRow(4, SkipReasons.EmptyLabel), new SkippedRow(6, SkipReasons.EmptyText), new SkippedRow(7, SkipReasons.EmptyText)],
            data.Skipped);
    }

    [Fact]
    public void NA_is_a_text_in_a_file_that_does_not_quote_every_text()
    {
        // Without quotes there is no telling R's missing value from the word: read as written, as before.
        Dataset plain = Read("label\ttext\npos\tNA\nNA\tfine\n");
        Dataset someQuoted = Read("label\t\"text\"\npos\tNA\nneg\t\"a \"\"b\"\"\"\n");

        Assert.Equal([("pos", "NA"), ("NA", "fine")], plain.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal([("pos", "NA"), ("neg", "a \"b\"")], someQuoted.Rows.Select(row => (row.Label, row.Text)));
    }

    [Fact]
    public void Rs_row_names_are_read_past_as_Rs_read_table_reads_them()
    {
        // write.table(df, sep = "\t") with its default row.names = TRUE: one field more than the header in every record,
        // the row name first (quoted with the texts; unquoted with quote = FALSE). Such files had been refused with a
        // field-count error blaming a quote. The first record's text may hold a tab and a line break; row names of a
        // subset of a data frame are any numbers.
        Dataset quoted = Read("\"text\"\t\"label\"\n\"7\"\t\"a\ttab and\nbreak\"\t\"pos\"\n\"12\"\t\"say \\\"hi\\\"\"\t\"neg\"\n");
        Dataset plain = Read("text\tlabel\n\n1\tfine film\tpos\n2\tbad one\tneg\n");
        // rownames(df) <- ids: names, not numbers (they had been refused).
        Dataset named = Read("\"text\"\t\"label\"\n\"msg-a\"\t\"fine film\"\t\"pos\"\n\"msg b\"\t\"bad\tone\"\t\"neg\"\n");

        Assert.Equal([("pos", "a\ttab and\nbreak"), ("neg", "say \"hi\"")], quoted.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal([("pos", "fine film"), ("neg", "bad\tone")], named.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal([("pos", "fine film"), ("neg", "bad one")], plain.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal([3, 4], plain.Rows.Select(row => row.LineNumber));
    }

    [Fact]
    public void A_record_without_the_row_name_the_first_record_has_is_refused_naming_both_counts()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("text\tlabel\n1\tfine film\tpos\nbad one\tneg\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("expected 3 tab-separated fields (a row name, as the file's first record at line 2 has, then the header's 2) but found 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stray_tab_after_a_number_in_the_first_record_is_named_by_the_error()
    {
        // A plain file whose first record's text holds a tab after a 0/1 label reads as R's row names, and the next
        // record is refused: the error names the first record too (review 40: it named only line 4, which is fine).
        var error = Assert.Throws<DataFormatException>(() => Read("label\ttext\n\n1\tfine\tfilm\n0\tbad one\n"));

        Assert.Equal(4, error.LineNumber);
        Assert.Contains("the file's first record at line 3 has", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3 has a field more than the header (a text holding a tab, unquoted?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text\tlabel\nfine\tfilm\tpos\n")]              // a word first: a text holding a tab, unquoted
    [InlineData("text\tlabel\n1\t2\t3\tpos\n")]                  // two fields more
    [InlineData("\"text\"\t\"label\"\n1\t\"fine\"\t\"pos\"\n")]    // unquoted number where every name is quoted
    [InlineData("\"text\"\t\"label\"\n\"fine film\"\t\"pos\"\t\n\"bad one\"\t\"neg\"\t\n")]   // a tab after every record (review 41: read as row names, every row skipped)
    [InlineData("\"label\"\t\"text\"\n\"pos\"\t\"a\ttab and\nbreak\"\t\n\"neg\"\t\"b\"\t\n")]     // so, the first text holding a tab and a line break
    public void A_first_record_of_another_shape_keeps_the_field_count_error(string tsv)
    {
        var error = Assert.Throws<DataFormatException>(() => Read(tsv));

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("as in the header", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("label\ttext\n1\t\"def f():\tpass\"\n0\t\"x =\t1\"\n", "1", "def f():\tpass")]                 // Python's csv, pandas index=False: every text a tab
    [InlineData("label\ttext\n1\t\"only\tone\"\n", "1", "only\tone")]                                             // one record
    [InlineData("label\ttext\n1\t\"a\tb\"\n0\tplain\n", "1", "a\tb")]                                            // the next record refused before
    [InlineData("\tlabel\ttext\n0\tpos\t\"a\tb\"\n1\tneg\tplain\n", "pos", "a\tb")]                              // pandas' default index=True
    [InlineData("\"\"\t\"label\"\t\"text\"\n\"0\"\t\"pos\"\t\"a\tb\"\n\"1\"\t\"neg\"\t\"plain\"\n", "pos", "a\tb")] // QUOTE_ALL with the index
    [InlineData("id\ttext\tlabel\n1\t\"a\tb\"\tpos\n2\tc\tneg\n", "pos", "a\tb")]                                // an id column first
    public void A_quoted_text_holding_a_tab_after_a_number_is_no_row_name(string tsv, string label, string text)
    {
        // Review 40: the first record's tabs were counted as written, so a quoted text holding a tab after a number
        // (a 0/1 label, pandas' index, an id) made it one field more than the header with a row number first: read as
        // R's row name, the record split inside the text ("a / b" for label / text), and the file refused on its next
        // record, or misread without a word where every text holds one tab. It reads quoted, as before.
        Dataset data = Read(tsv);

        Assert.Equal((label, text), (data.Rows[0].Label, data.Rows[0].Text));
        Assert.Equal(tsv.Count(c => c == '\n') - 1, data.Rows.Count);
    }

    [Fact]
    public void A_blank_line_after_a_record_holding_a_backslash_and_a_quote_does_not_decide_the_files_quoting()
    {
        // The look-ahead that decides between "" and \" took a blank line for the next record: none opens a quote, so it
        // read as "not a record" (review2 39). In pandas' file the \" reading was then taken for the rest of the file, its
        // records split into made-up ones (label 1); in R's, a last record followed by a blank line was read with "".
        Dataset pandas = Read("\"label\"\t\"text\"\n\"pos\"\t\"\\\"\"\n1\t\"\"\"\"\n1\t\"\"\"\n\n\"neg\"\t\"x\"\n");
        Dataset r = Read("\"label\"\t\"text\"\n\"neg\"\t\"p\t\\\"\nq\t\"\n\n");

        Assert.Equal([("pos", "\\\"\n1\t\"\"\n1\t\""), ("neg", "x")], pandas.Rows.Select(row => (row.Label, row.Text)));
        Assert.Equal([2, 6], pandas.Rows.Select(row => row.LineNumber));
        Assert.Equal([("neg", "p\t\"\nq")], r.Rows.Select(row => (row.Label, row.Text)));
    }

    [Property(Arbitrary = [typeof(BackslashArbitraries)], MaxTest = 1000)]
    public void What_Rs_write_table_writes_reads_back(string[] texts, bool rowNames, bool missing, bool namedRows)
    {
        // As R writes it: each quote inside a field as \", nothing else escaped. A text ending in a backslash is
        // ambiguous in that form (R's read.table misreads it too): not generated. With its default row.names = TRUE
        // each record starts with its quoted row name, which the header does not name: a row number, or with
        // `namedRows` a name (rownames(df) <- ids). With `missing`, every third text is R's NA, written bare.
        var tsv = new StringBuilder("\"label\"\t\"text\"\n");
        var expected = new List<(string Label, string Text)>();
        for (int i = 0; i < texts.Length; i++)
        {
            string text = texts[i].Replace("\r", string.Empty, StringComparison.Ordinal);
            if (text.EndsWith('\\'))
            {
                text += "x";
            }

            string label = "label" + (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
            bool isMissing = missing && i % 3 == 1;
            tsv.Append(rowNames ? (namedRows ? $"\"row {i + 1}-x\"\t" : $"\"{i + 1}\"\t") : string.Empty)
                .Append($"\"{label}\"\t")
                .Append(isMissing ? "NA" : $"\"{text.Replace("\"", "\\\"", StringComparison.Ordinal)}\"").Append('\n');
            if (!isMissing && text.Trim().Length > 0)
            {
                expected.Add((label, text.Trim()));
            }
        }

        Dataset data = Read(tsv.ToString());

        Assert.Equal(expected, data.Rows.Select(row => (row.Label, row.Text)));
    }

    [Property(Arbitrary = [typeof(BackslashArbitraries)], MaxTest = 1000)]
    public void Backslashes_before_doubled_quotes_are_text_in_a_file_quoting_every_field(string[] texts, bool labelFirst) =>
        // pandas' to_csv(sep='\t', quoting=QUOTE_ALL) of texts holding \ and \" (JSON, paths): quotes doubled, so \""
        // is a backslash and a quote, and R's \" must not be read into them.
        AssertAWriterQuotingEveryFieldReadsBack(texts, labelFirst, numericLabels: false);

    public static class BackslashArbitraries
    {
        private static readonly Gen<string> Chunk = Gen.Frequency(
            (4, Gen.Elements("\t", "\"", "\\", "\\\"", "\n", " ")),
            (5, Gen.Elements("a", "Z", "0", "hello", "label", "'")));

        public static Arbitrary<string[]> Texts() =>
            Chunk.ListOf().Select(chunks => string.Concat(chunks)).ArrayOf().ToArbitrary();
    }

    [Fact]
    public void A_quoted_field_past_the_line_limit_is_named_as_such()
    {
        // A complete quoted field of 1,500 lines was reported as "not a complete quoted field" (an outside check).
        string lines = string.Join('\n', Enumerable.Range(0, TsvRecordReader.MaxContinuationLines + 500).Select(i => $"l{i}"));
        var ex = Assert.Throws<DataFormatException>(() => Read($"text\tlabel\n\"{lines}\"\tham\nz\tspam\n"));

        Assert.Equal(2, ex.LineNumber);
        Assert.Contains($"goes on over more than {TsvRecordReader.MaxContinuationLines} lines", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not a complete quoted field", ex.Message, StringComparison.Ordinal);

        // At the limit it is read.
        string within = string.Join('\n', Enumerable.Range(0, TsvRecordReader.MaxContinuationLines + 1).Select(i => $"l{i}"));
        Assert.Equal(2, Read($"text\tlabel\n\"{within}\"\tham\nz\tspam\n").Rows.Count);
    }

    [Fact]
    public void A_lone_carriage_return_is_text_unless_it_is_the_files_line_break()
    {
        Dataset lf = Read("label\ttext\nham\tone\rtwo\nspam\tthree\n");
        Dataset crlf = Read("label\ttext\r\nham\tone\rtwo\r\nspam\tthree\r\n");
        Dataset mac = Read("label\ttext\rham\tone\rspam\tthree\r");

        Assert.Equal(["one\rtwo", "three"], lf.Rows.Select(row => row.Text));
        Assert.Equal([2, 3], lf.Rows.Select(row => row.LineNumber));
        Assert.Equal(["one\rtwo", "three"], crlf.Rows.Select(row => row.Text));
        Assert.Equal(["one", "three"], mac.Rows.Select(row => row.Text));
        Assert.Equal([2, 3], mac.Rows.Select(row => row.LineNumber));
    }

    /// <summary>Strings rich in what TSV quoting is about: tabs, quotes, line breaks and spaces.</summary>
    public static class TsvArbitraries
    {
        private static readonly Gen<string> Chunk = Gen.Frequency(
            (4, Gen.Elements("\t", "\"", "\"\"", "\n", "\r", " ", ",")),
            (5, Gen.Elements("a", "Z", "0", "hello", "label", "'")),
            (1, Gen.Elements("é", "中文", "😀")));

        public static Arbitrary<string[]> Texts() =>
            Chunk.ListOf().Select(chunks => string.Concat(chunks)).ArrayOf().ToArbitrary();
    }

    [Property(Arbitrary = [typeof(TsvArbitraries)])]
    public void What_pythons_csv_writes_reads_back(string[] texts, bool crlf)
    {
        // csv.writer(delimiter='\t') with the default QUOTE_MINIMAL: a field is quoted when it holds the delimiter, a
        // quote, CR or LF (or starts with a quote), and each quote inside is doubled.
        string newline = crlf ? "\r\n" : "\n";
        var tsv = new StringBuilder("label\ttext").Append(newline);
        var expected = new List<string>();
        foreach (string raw in texts)
        {
            // A CRLF inside a quoted field is read back as one line break (Python keeps it), and a tab in a text with a
            // line break makes the reader take the lines as written (TsvRecordReader's rule): neither is generated.
            string text = raw;
            while (text.Contains("\r\n", StringComparison.Ordinal))
            {
                text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            text = text.Contains('\n', StringComparison.Ordinal) ? text.Replace('\t', ' ') : text;
            tsv.Append("x\t").Append(MinimalQuote(text)).Append(newline);
            if (text.Trim().Length > 0)
            {
                expected.Add(text.Trim());
            }
        }

        Dataset data = Read(tsv.ToString());

        Assert.Equal(expected, data.Rows.Select(row => row.Text));
    }

    private static string MinimalQuote(string value) =>
        value.AsSpan().IndexOfAny("\t\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static Dataset Read(string content) =>
        DatasetReader.Read(new StringReader(content), "memory.tsv", DatasetFormat.Tsv);
}
