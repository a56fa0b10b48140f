namespace TextClassification.Training.Data;

/// <summary>
/// Reads labeled text datasets from TSV, CSV (RFC 4180), JSON Lines or Apache Parquet files.
/// </summary>
/// <remarks>
/// TSV and CSV files need a header row; the text and label columns are found by name
/// (case-insensitive, after trimming), so other columns may be present in any order. The first line that is not blank
/// is always read as the header: a file without one (or with other column names) throws a
/// <see cref="DataFormatException"/> that names the columns looked for, lists the fields found, and says so.
/// Text and label values are trimmed; rows with an empty text or label are recorded in
/// <see cref="Dataset.Skipped"/>, and so are the rows dropped by the optional cleaning of
/// <see cref="DatasetReadOptions"/> (allowed labels, duplicates), each with its line number and a
/// <see cref="SkipReasons"/> value. Blank lines are ignored. Malformed input throws a
/// <see cref="DataFormatException"/> whose message starts with <c>file:line[:column]:</c> (a Parquet file's, with
/// <c>file: row N:</c>, or <c>file:</c> for the whole file's problem). A Parquet file's columns are its top-level
/// fields, found by name as a header's are, and its rows are numbered from 1 where the text formats give lines.
/// </remarks>
public static class DatasetReader
{
    private const string SupportedExtensions = ".tsv, .txt (TSV), .csv, .jsonl, .json (JSON Lines, or one JSON array of objects), .parquet";

    /// <summary>
    /// Reads a dataset file.
    /// </summary>
    /// <param name="path">The file to read. With <see cref="DatasetFormat.Auto"/> its extension selects the format.</param>
    /// <param name="options">Column names and format; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Checked every 1024 rows.</param>
    /// <returns>The kept rows and the skipped rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">
    /// The format is <see cref="DatasetFormat.Auto"/> and the extension is not recognized, or the options are invalid
    /// (see <see cref="Read(TextReader, string, DatasetFormat, DatasetReadOptions?, CancellationToken)"/>).
    /// </exception>
    /// <exception cref="DataFormatException">The file is malformed, is not valid UTF-8 (the line and byte column of the
    /// first invalid byte are named) or lacks the text or label column.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Dataset Read(string path, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFile(path, options ?? new DatasetReadOptions(), progress: null, cancellationToken);
    }

    /// <summary>
    /// Reads a dataset file as <see cref="Read(string, DatasetReadOptions?, CancellationToken)"/> does, reporting how much
    /// of it is read: a multi-gigabyte file takes seconds to minutes.
    /// </summary>
    /// <param name="path">The file to read. With <see cref="DatasetFormat.Auto"/> its extension selects the format.</param>
    /// <param name="options">Column names and format; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives the bytes read, on the reading thread, one call at a time, never going back:
    /// about every 0.5 % of the file (at least a MiB apart), and once when the whole file is read
    /// (<see cref="DatasetReadProgress"/>). Null reports nothing.</param>
    /// <param name="cancellationToken">Checked every 1024 rows.</param>
    /// <returns>The kept rows and the skipped rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">As <see cref="Read(string, DatasetReadOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="DataFormatException">As <see cref="Read(string, DatasetReadOptions?, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Dataset Read(string path, DatasetReadOptions? options, IProgress<DatasetReadProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFile(path, options ?? new DatasetReadOptions(), progress, cancellationToken);
    }

    /// <summary>
    /// The texts of a data file to classify: the <paramref name="textColumn"/> of every record, in order, as written
    /// (quoted texts over several lines too; an empty one too), each with the line it starts on, and no label read (a
    /// file without a label column reads). A TSV file's <paramref name="labelColumn"/>, where it has one, decides a record
    /// that reads both quoted and as written, as <see cref="Read(string, DatasetReadOptions?, CancellationToken)"/> does.
    /// </summary>
    /// <exception cref="DataFormatException">The file is malformed or lacks the text column (the message names the setting
    /// that picks it as <paramref name="settingNames"/> says; <see cref="ColumnSettingNames.Properties"/> when null).</exception>
    internal static IReadOnlyList<LabeledText> ReadTexts(
        string path, string textColumn, string? labelColumn, DatasetFormat format, CancellationToken cancellationToken, ColumnSettingNames? settingNames = null)
    {
        var texts = new List<LabeledText>();
        StreamTexts(path, textColumn, labelColumn, format, texts.Add, cancellationToken, settingNames);
        return texts;
    }

    // ReadTexts one record at a time: each is given to `onText` as it is read (in order, before the next is read), so a
    // caller that answers as it goes holds no more of the file than it keeps. An exception `onText` throws ends the read.
    internal static void StreamTexts(
        string path, string textColumn, string? labelColumn, DatasetFormat format, Action<LabeledText> onText, CancellationToken cancellationToken, ColumnSettingNames? settingNames = null)
    {
        var options = new DatasetReadOptions
        {
            TextColumn = textColumn,
            Format = format,
            TextsOnly = true,
            TextSink = onText,
            ColumnSettings = settingNames ?? ColumnSettingNames.Properties,
        };
        ReadFile(path, string.IsNullOrWhiteSpace(labelColumn) ? options : options with { LabelColumn = labelColumn }, progress: null, cancellationToken);
    }

    private static Dataset ReadFile(string path, DatasetReadOptions options, IProgress<DatasetReadProgress>? progress, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(options.Format))
        {
            // Refused before the file is opened, as the other options' mistakes are.
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, $"DatasetReadOptions.Format must be one of {string.Join(", ", Enum.GetNames<DatasetFormat>())}.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                Directory.Exists(path) ? $"Dataset file not found: {path} is a folder; give a data file." : $"Dataset file not found: {path}", path);
        }

        DatasetFormat format = options.Format == DatasetFormat.Auto ? FormatFromExtension(path) : options.Format;
        if (format == DatasetFormat.Parquet)
        {
            Validate(options);
            // Read where the footer says: no sequential scan, a buffer of the reader's size.
            using Stream file = Reported(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16), progress);
            return Done(ParquetDatasetParser.Parse(file, path, options, cancellationToken), file);
        }

        var streamOptions = new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0, // the reader's own 64 KB blocks
            Options = FileOptions.SequentialScan,
        };

        // Decoded strictly by the reader itself: a bad byte is named by line and byte column (a pipe such as /dev/stdin
        // cannot be read twice to find it), and a UTF-16 or UTF-32 byte-order mark picks that encoding, strictly too.
        Stream input = Reported(new FileStream(path, streamOptions), progress);
        using var reader = new StrictTextReader(
            input,
            path,
            gzipAdvice: GzipAdvice(path, format));
        return Done(Read(reader, path, format, options, cancellationToken), input);
    }

    private static Stream Reported(FileStream file, IProgress<DatasetReadProgress>? progress) =>
        progress is null ? file : new ProgressReportingStream(file, progress);

    private static Dataset Done(Dataset dataset, Stream input)
    {
        (input as ProgressReportingStream)?.ReportDone();
        return dataset;
    }

    /// <summary>
    /// Reads a dataset from a text reader.
    /// </summary>
    /// <param name="reader">The text to read; it is not disposed.</param>
    /// <param name="sourceName">The name used for <see cref="Dataset.Source"/> and in error messages.</param>
    /// <param name="format">The format of the text; must not be <see cref="DatasetFormat.Auto"/>.</param>
    /// <param name="options">Column names; <see langword="null"/> for the defaults. Its <see cref="DatasetReadOptions.Format"/> is ignored.</param>
    /// <param name="cancellationToken">Checked every 1024 rows.</param>
    /// <returns>The kept rows and the skipped rows.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="format"/> is <see cref="DatasetFormat.Auto"/>, a column name is empty, the text and label
    /// columns are the same, <see cref="DatasetReadOptions.Duplicates"/> is not a defined value, or
    /// <see cref="DatasetReadOptions.AllowedLabels"/> is empty or holds an empty label.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="sourceName"/> is
    /// null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    /// <exception cref="DataFormatException">The text is malformed or lacks the text or label column.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Dataset Read(
        TextReader reader,
        string sourceName,
        DatasetFormat format,
        DatasetReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= new DatasetReadOptions();
        Validate(options);
        return format switch
        {
            DatasetFormat.Tsv => TsvDatasetParser.Parse(reader, sourceName, options, cancellationToken),
            DatasetFormat.Csv => CsvDatasetParser.Parse(reader, sourceName, options, cancellationToken),
            DatasetFormat.JsonLines => JsonLinesDatasetParser.Parse(reader, sourceName, options, cancellationToken),
            DatasetFormat.Auto => throw new ArgumentException(
                "The format cannot be inferred when reading from a TextReader; pass Tsv, Csv or JsonLines.",
                nameof(format)),
            DatasetFormat.Parquet => throw new ArgumentException(
                "Parquet is a binary format, not text: read it with Read(path) or ReadParquet(stream).",
                nameof(format)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown dataset format."),
        };
    }

    /// <summary>
    /// Reads a dataset from an Apache Parquet file's bytes (<see cref="DatasetFormat.Parquet"/>).
    /// </summary>
    /// <param name="stream">The file's bytes from its start; it is not disposed. One that cannot seek (a pipe) is read
    /// into memory first, as Parquet's footer is at its end.</param>
    /// <param name="sourceName">The name used for <see cref="Dataset.Source"/> and in error messages.</param>
    /// <param name="options">Column names and cleaning; <see langword="null"/> for the defaults. Its
    /// <see cref="DatasetReadOptions.Format"/> is ignored.</param>
    /// <param name="cancellationToken">Checked every 1024 rows and between row groups.</param>
    /// <returns>The kept rows and the skipped rows, numbered by row from 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see
    /// <see cref="Read(TextReader, string, DatasetFormat, DatasetReadOptions?, CancellationToken)"/>).</exception>
    /// <exception cref="DataFormatException">The bytes are not Parquet, are truncated or damaged, lack the text or label
    /// column, or a column's type or a value cannot be a text or label.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Dataset ReadParquet(
        Stream stream,
        string sourceName,
        DatasetReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= new DatasetReadOptions();
        Validate(options);
        return ParquetDatasetParser.Parse(stream, sourceName, options, cancellationToken);
    }

    // The options' own mistakes, refused before anything is read.
    private static void Validate(DatasetReadOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TextColumn) || string.IsNullOrWhiteSpace(options.LabelColumn))
        {
            throw new ArgumentException("DatasetReadOptions.TextColumn and LabelColumn must be non-empty column names.", nameof(options));
        }

        if (!Enum.IsDefined(options.Duplicates))
        {
            throw new ArgumentException(
                $"DatasetReadOptions.Duplicates is {options.Duplicates}; it must be one of {string.Join(", ", Enum.GetNames<DuplicateHandling>())}.", nameof(options));
        }

        LabelColumns.Validate(options);
        if (options.LabelColumns is null && !options.TextsOnly && string.Equals(options.TextColumn.Trim(), options.LabelColumn.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"DatasetReadOptions.TextColumn and LabelColumn name one column ('{options.TextColumn.Trim()}', compared ignoring case): the label would be the text.", nameof(options));
        }

        if (options.AllowedLabels is { } allowed)
        {
            if (allowed.Count == 0)
            {
                throw new ArgumentException("DatasetReadOptions.AllowedLabels is empty, which would drop every row; use null to allow every label.", nameof(options));
            }

            foreach (string label in allowed)
            {
                if (string.IsNullOrWhiteSpace(label))
                {
                    throw new ArgumentException("DatasetReadOptions.AllowedLabels holds an empty label.", nameof(options));
                }
            }
        }

    }

    // What to do about a gzip-compressed data file, in the format it is read as (given, or from its extension).
    internal static string GzipAdvice(string path, DatasetFormat format)
    {
        string cliName = format switch { DatasetFormat.Csv => "csv", DatasetFormat.JsonLines => "jsonl", _ => "tsv" };
        return $"decompress it first (gunzip), or read it decompressed: in C#, Read over a GZipStream with DatasetFormat.{format}; "
            + $"with textclf, zcat \"{path}\" | textclf <command> <arguments> /dev/stdin --format {cliName} (predict: --input /dev/stdin --format {cliName})";
    }

    /// <summary>
    /// Infers the format from a file extension: <c>.tsv</c>/<c>.txt</c>, <c>.csv</c>, <c>.jsonl</c>/<c>.json</c>, <c>.parquet</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The extension is not one of the supported ones.</exception>
    internal static DatasetFormat FormatFromExtension(string path)
    {
        if (TryInferFormat(path, out DatasetFormat format))
        {
            return format;
        }

        string extension = Path.GetExtension(path);
        throw new ArgumentException(
            $"Cannot infer the dataset format of '{path}' from its extension "
            + $"'{(extension.Length == 0 ? "(none)" : extension)}'; supported extensions: {SupportedExtensions}. "
            + "Set DatasetReadOptions.Format to choose the format explicitly.",
            nameof(path));
    }

    /// <summary>
    /// The format <see cref="DatasetFormat.Auto"/> gives <paramref name="path"/>, from its extension: <c>.tsv</c>/<c>.txt</c>
    /// TSV, <c>.csv</c> CSV, <c>.jsonl</c>/<c>.json</c> JSON Lines, <c>.parquet</c> Parquet (any letter case).
    /// </summary>
    /// <param name="path">A file path.</param>
    /// <param name="format">The inferred format, or <see cref="DatasetFormat.Auto"/> when there is none.</param>
    /// <returns>Whether the extension names a format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static bool TryInferFormat(string path, out DatasetFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        format = Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".TSV" or ".TXT" => DatasetFormat.Tsv,
            ".CSV" => DatasetFormat.Csv,
            ".JSONL" or ".JSON" => DatasetFormat.JsonLines,
            ".PARQUET" => DatasetFormat.Parquet,
            _ => DatasetFormat.Auto,
        };
        return format != DatasetFormat.Auto;
    }
}
