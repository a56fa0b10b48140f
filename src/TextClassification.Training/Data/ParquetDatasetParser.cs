using System.Globalization;
using System.Numerics;
using System.Reflection;
using Parquet;
using Parquet.Schema;

namespace TextClassification.Training.Data;

/// <summary>
/// Reads an Apache Parquet file (Hugging Face's <c>refs/convert/parquet</c> exports, <c>datasets</c>' and pandas'
/// <c>to_parquet</c>): the text and label columns are found by name among the file's top-level columns, as a header's
/// are, and read one row group at a time. The text column holds strings; the label column strings, booleans
/// (<c>true</c>/<c>false</c>) or integers, which are the class names where the file's <c>datasets</c> metadata names
/// them (<see cref="HuggingFaceClassLabels"/>; -1, its missing label, is an empty label) and their decimal form
/// otherwise; with a multi-label delimiter, a list of those (a label set). A null is a missing value, as an empty cell
/// is. Rows are numbered from 1 (<see cref="LabeledText.LineNumber"/>, <see cref="SkippedRow.LineNumber"/> and the
/// errors' row).
/// </summary>
internal static class ParquetDatasetParser
{
    private const string Schema = "the file's schema";

    /// <summary>Reads every row of the Parquet file <paramref name="stream"/> holds from its start (a stream that cannot
    /// seek is read into memory first: Parquet's footer is at the end).</summary>
    /// <exception cref="DataFormatException">The file is not Parquet, is truncated or damaged, lacks a column, or a
    /// column or value cannot be a text or label; named by file, and by row where it is a row's.</exception>
    public static Dataset Parse(Stream stream, string source, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var builder = new DatasetBuilder(source, options, cancellationToken);
        Stream input = stream.CanSeek ? stream : InMemory(stream, source, cancellationToken);
        RequireParquet(input, source);
        RequireFooterEnds(input, source);
        // Page headers are read from the stream itself, a byte at a time: one that ends at the end of the file read -1 as
        // the byte 0xFF, a varint that never ends (a damaged file looped forever in ReadRawAsync: the fuzz harness).
        var guarded = new EndCheckedView(input);
        ParquetReader reader = Library(
            () => ParquetReader.CreateAsync(guarded, leaveStreamOpen: true, cancellationToken: cancellationToken).GetAwaiter().GetResult(),
            source,
            0,
            "the footer (schema and row groups)");
        try
        {
            // Progress past the columns not read: the position after each row group (a pipe, read into memory first,
            // has no position to ask: its bytes are all counted already).
            ProgressReportingStream? progress = stream.CanSeek ? stream as ProgressReportingStream : null;
            ReadRows(reader, builder, source, options, progress is null ? null : () => progress.Reached(progress.Position), cancellationToken);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return builder.Build(source);
    }

    private static void ReadRows(ParquetReader reader, DatasetBuilder builder, string source, DatasetReadOptions options, Action? groupRead, CancellationToken cancellationToken)
    {
        IReadOnlyList<Field> fields = Library(() => reader.Schema.Fields, source, 0, "the schema");
        var names = new string[fields.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = fields[i].Name;
        }

        (int textIndex, int labelIndex) = HeaderColumns.Resolve(names, options, source, 0, Schema);
        int[]? labelIndexes = options.LabelColumns is not null && !options.TextsOnly ? HeaderColumns.LabelIndexes(names, options, source, 0, Schema) : null;
        IReadOnlyDictionary<string, string>? metadata = Library(() => reader.CustomMetadata, source, 0, "the key-value metadata");
        ColumnCells text = TextCells(fields[textIndex], source);
        ColumnCells? label = options.TextsOnly || labelIndexes is not null ? null : LabelCells(fields[labelIndex], metadata, options.MultiLabelDelimiter, oneOfLabelColumns: false, source);
        ColumnCells[]? labelColumns = labelIndexes?.Select(i => LabelCells(fields[i], metadata, null, oneOfLabelColumns: true, source)).ToArray();
        string?[][]? labelColumnCells = labelColumns is null ? null : new string?[labelColumns.Length][];

        int read = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = read + 1;
            using ParquetRowGroupReader group = Library(() => reader.OpenRowGroupReader(g), source, first, $"row group {g + 1}");
            long count = group.RowCount;
            if (count < 0 || count > int.MaxValue - read)
            {
                throw DataFormatException.AtRow(source, first, count < 0
                    ? $"row group {g + 1} gives a negative row count ({count}): the file is damaged"
                    : $"row group {g + 1} holds {count:N0} rows, past the {int.MaxValue:N0} rows a dataset can hold");
            }

            int rows = (int)count;
            string?[] texts = text.Read(group, rows, first, g, source, cancellationToken);
            string?[]? labels = label?.Read(group, rows, first, g, source, cancellationToken);
            if (labelColumns is not null)
            {
                for (int c = 0; c < labelColumns.Length; c++)
                {
                    labelColumnCells![c] = labelColumns[c].Read(group, rows, first, g, source, cancellationToken);
                }
            }

            for (int r = 0; r < rows; r++)
            {
                int row = first + r;
                try
                {
                    string labelCell = options.TextsOnly ? string.Empty
                        : labelColumnCells is not null ? LabelColumns.Cell(i => labelColumnCells[i][r] ?? string.Empty, options, source, row)
                        : labels![r] ?? string.Empty;
                    builder.Add(texts[r] ?? string.Empty, labelCell, row);
                }
                catch (DataFormatException ex) when (ex.LineNumber == row && ex.Message.StartsWith($"{source}:{row}:", StringComparison.Ordinal))
                {
                    // The shared checks name a line: a Parquet file's row is named as one.
                    throw DataFormatException.AtRow(source, row, ex.Problem, ex.InnerException);
                }
            }

            read += rows;
            groupRead?.Invoke();
        }
    }

    // A stream that cannot seek (a pipe: /dev/stdin) read whole, as the footer at its end is read first.
    private static MemoryStream InMemory(Stream stream, string source, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        try
        {
            stream.CopyToAsync(memory, cancellationToken).GetAwaiter().GetResult();
        }
        catch (IOException ex) when (memory.Length >= int.MaxValue - (1 << 20))
        {
            throw DataFormatException.ForFile(source, "the Parquet data read from a stream that cannot seek (a pipe) is over 2 GB, which is read into memory whole: read it from its file", ex);
        }

        memory.Position = 0;
        return memory;
    }

    // Parquet starts and ends with "PAR1" (the footer, its length, then "PAR1"): anything else is refused here, with what
    // it looks like, before the library reads it.
    private static void RequireParquet(Stream input, string source)
    {
        long length = input.Length;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        input.Position = 0;
        input.ReadAtLeast(head, Math.Min(4, (int)Math.Min(length, 4)), throwOnEndOfStream: false);
        bool startsAsParquet = length >= 4 && head.SequenceEqual("PAR1"u8);
        if (!startsAsParquet)
        {
            throw DataFormatException.ForFile(source, $"not a Parquet file: it does not start with PAR1, as Parquet does{NotParquetHint(head[..(int)Math.Min(length, 4)])}");
        }

        if (length < 12)
        {
            throw DataFormatException.ForFile(source, $"the Parquet file is truncated: it is {length} bytes, less than PAR1, a footer length and PAR1 take (was its download or copy cut short?)");
        }

        input.Position = length - 4;
        input.ReadExactly(tail);
        input.Position = 0;
        if (tail.SequenceEqual("PARE"u8))
        {
            throw DataFormatException.ForFile(source, "the Parquet file's footer is encrypted (PARE), which is not read: write the data unencrypted");
        }

        if (!tail.SequenceEqual("PAR1"u8))
        {
            throw DataFormatException.ForFile(source, "the Parquet file is truncated: it starts with PAR1 but does not end with it, where its footer ends (was its download or copy cut short?)");
        }
    }

    // Parquet.Net 6.1.0 reads the footer's Thrift varints with no end check: a damaged footer that ends inside one (or
    // whose lengths point past its end) looped forever in ParquetReader.CreateAsync (found by the fuzz harness's Parquet
    // part). So the footer is first parsed by the library's own reader over a stream that throws at its end: a footer that
    // parses there is read the same way, to the same point, by CreateAsync. The reader is internal and reached by
    // reflection; where a later version has moved it (FooterParse null), this check is skipped.
    private static void RequireFooterEnds(Stream input, string source)
    {
        long length = input.Length;
        Span<byte> size = stackalloc byte[4];
        input.Position = length - 8;
        input.ReadExactly(size);
        long footerLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(size);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw DataFormatException.ForFile(source, $"the Parquet file is damaged or truncated: its footer length ({footerLength:N0} bytes) does not fit in the file ({length:N0} bytes)");
        }

        if (FooterParse is { } parse)
        {
            var footer = new byte[footerLength];
            input.Position = length - 8 - footerLength;
            input.ReadExactly(footer);
            try
            {
                parse(new EndCheckedStream(footer));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner and not OperationCanceledException)
            {
                string problem = inner is EndOfStreamException
                    ? "the Parquet file is damaged or truncated: its footer (schema and row groups) ends in the middle of a value"
                    : $"the Parquet file is damaged or truncated: its footer (schema and row groups) cannot be read: {inner.Message}";
                throw DataFormatException.ForFile(source, problem, inner);
            }
        }

        input.Position = 0;
    }

    private static readonly Action<Stream>? FooterParse = CreateFooterParse();

    private static Action<Stream>? CreateFooterParse()
    {
        Type? reader = typeof(ParquetReader).Assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader");
        ConstructorInfo? create = reader?.GetConstructor([typeof(Stream)]);
        MethodInfo? read = reader is null ? null : typeof(Parquet.Meta.FileMetaData).GetMethod("Read", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [reader]);
        return create is null || read is null ? null : stream => read.Invoke(null, [create.Invoke([stream])]);
    }

    // The footer's bytes, where a read at the end throws (a MemoryStream's ReadByte gives -1 there, which the library
    // takes for the byte 0xFF, a varint that never ends).
    private sealed class EndCheckedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override int ReadByte() => base.ReadByte() is var value and >= 0 ? value : throw new EndOfStreamException();

        public override int Read(Span<byte> buffer) =>
            buffer.Length > 0 && Position >= Length ? throw new EndOfStreamException() : base.Read(buffer);

        public override int Read(byte[] buffer, int offset, int count) =>
            count > 0 && Position >= Length ? throw new EndOfStreamException() : base.Read(buffer, offset, count);
    }

    // A seekable stream read through, where ReadByte at the end throws instead of giving -1.
    private sealed class EndCheckedView(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int ReadByte() => inner.ReadByte() is var value and >= 0 ? value : throw new EndOfStreamException();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static string NotParquetHint(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return " (it is empty)";
        }

        if (head is [0x1F, 0x8B, ..])
        {
            return " (it is gzip-compressed: decompress it first)";
        }

        foreach (byte b in head)
        {
            if (b is < 0x09 or (> 0x0D and < 0x20) && b != 0x1B)
            {
                return string.Empty;
            }
        }

        return " (it looks like text: a TSV, CSV or JSON Lines file is read by its own extension, or --format tsv, csv or jsonl)";
    }

    private static ColumnCells TextCells(Field field, string source)
    {
        if (field is DataField { MaxRepetitionLevel: 0 } data && data.ClrType == typeof(ReadOnlyMemory<char>))
        {
            return Strings(data, field.Name, -1, null, "text", source);
        }

        throw DataFormatException.ForFile(source, $"text column '{field.Name}' holds {Describe(field)}; the text column must hold strings (BYTE_ARRAY marked UTF8, as pandas and datasets write str columns)");
    }

    private static ColumnCells LabelCells(Field field, IReadOnlyDictionary<string, string>? metadata, string? delimiter, bool oneOfLabelColumns, string source)
    {
        DataField data;
        int listLevel = -1;
        switch (field)
        {
            case ListField { Item: DataField { MaxRepetitionLevel: 1 } item } list when !oneOfLabelColumns:
                if (delimiter is null)
                {
                    throw DataFormatException.ForFile(source, $"label column '{field.Name}' holds {Describe(field)}: a label set needs a multi-label delimiter to be read (such as textclf train --multi-label-delimiter '|')");
                }

                data = item;
                listLevel = list.MaxDefinitionLevel;
                break;
            case DataField { MaxRepetitionLevel: 0 } flat:
                data = flat;
                delimiter = null;
                break;
            default:
                throw DataFormatException.ForFile(source, oneOfLabelColumns
                    ? $"label column '{field.Name}' holds {Describe(field)}; a label column holds one value a row: 1 or 0 (true/false), or a share from 0 to 1 read with a threshold"
                    : $"label column '{field.Name}' holds {Describe(field)}; a label column holds strings, booleans or integers (with a multi-label delimiter, a list of them)");
        }

        string name = field.Name;
        string[]? classes = HuggingFaceClassLabels.Of(metadata, name);
        Type type = data.ClrType;
        return type switch
        {
            _ when type == typeof(ReadOnlyMemory<char>) => Strings(data, name, listLevel, delimiter, "label", source),
            _ when type == typeof(bool) => new Cells<bool>(data, name, static (value, _) => value ? "true" : "false", listLevel, delimiter, "label"),
            _ when type == typeof(long) => Integers<long>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(int) => Integers<int>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(short) => Integers<short>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(sbyte) => Integers<sbyte>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(ulong) => Integers<ulong>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(uint) => Integers<uint>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(ushort) => Integers<ushort>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(byte) => Integers<byte>(data, name, classes, listLevel, delimiter, source),
            _ when type == typeof(double) && oneOfLabelColumns => new Cells<double>(data, name, static (value, _) => value.ToString("R", CultureInfo.InvariantCulture), -1, null, "label"),
            _ when type == typeof(float) && oneOfLabelColumns => new Cells<float>(data, name, static (value, _) => value.ToString("R", CultureInfo.InvariantCulture), -1, null, "label"),
            _ => throw DataFormatException.ForFile(source, oneOfLabelColumns
                ? $"label column '{name}' holds {Describe(field)}; a label column holds 1 or 0 (integers, booleans, strings), or a share from 0 to 1 read with a threshold"
                : $"label column '{name}' holds {Describe(field)}; a label column holds strings, booleans or integers{(type == typeof(double) || type == typeof(float) ? " (columns of 0/1 or of shares, one per label, are read as label columns: --label-columns)" : string.Empty)}"),
        };
    }

    // A string column. Parquet.Net decodes a string's bytes leniently (an invalid byte read as U+FFFD, where the text
    // formats refuse it naming its line: review 49b), so a column of one string a row is read as its bytes, through a
    // byte field of its own schema (a top-level column is found by its name), and decoded strictly, an invalid byte an
    // error naming the row. A list's items are read as Parquet.Net decodes them.
    private static ColumnCells Strings(DataField data, string name, int listLevel, string? delimiter, string role, string source)
    {
        if (listLevel >= 0)
        {
            return new Cells<ReadOnlyMemory<char>>(data, name, static (value, _) => value.ToString(), listLevel, delimiter, role);
        }

        var bytes = new DataField(data.Name, typeof(byte[]), data.IsNullable);
        _ = new ParquetSchema(bytes);
        return new Cells<ReadOnlyMemory<byte>>(bytes, name, (value, row) => Utf8(value.Span, row, $"{role} column '{name}'", source), -1, null, role);
    }

    private static string Utf8(ReadOnlySpan<byte> value, int row, string column, string source)
    {
        if (System.Text.Unicode.Utf8.IsValid(value))
        {
            return System.Text.Encoding.UTF8.GetString(value);
        }

        int offset = 0;
        while (System.Text.Rune.DecodeFromUtf8(value[offset..], out _, out int consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        throw DataFormatException.AtRow(source, row, $"{column} holds a string that is not valid UTF-8: byte 0x{value[offset]:X2} at byte {offset + 1} of the value; Parquet strings are UTF-8, and the text formats refuse invalid UTF-8 too");
    }

    // An integer label: the class it numbers where the file's datasets metadata names the classes (-1, datasets' missing
    // label, is a missing value), its decimal form otherwise.
    private static Cells<T> Integers<T>(DataField data, string name, string[]? classes, int listLevel, string? delimiter, string source)
        where T : struct, IBinaryInteger<T>
    {
        if (classes is null)
        {
            return new Cells<T>(data, name, static (value, _) => value.ToString(null, CultureInfo.InvariantCulture), listLevel, delimiter, "label");
        }

        return new Cells<T>(
            data,
            name,
            (value, row) =>
            {
                Int128 index = Int128.CreateTruncating(value);
                if (index == -1)
                {
                    return null;
                }

                return index >= 0 && index < classes.Length
                    ? classes[(int)index]
                    : throw DataFormatException.AtRow(source, row, $"label column '{name}' holds {value.ToString(null, CultureInfo.InvariantCulture)}, which numbers no class: the file's Hugging Face metadata (ClassLabel) names {classes.Length} classes, 0 to {classes.Length - 1} ({Classes(classes)}), and -1 is a missing label");
            },
            listLevel,
            delimiter,
            "label");
    }

    private static string Classes(string[] classes) =>
        classes.Length <= 6 ? string.Join(", ", classes) : string.Join(", ", classes[..6]) + ", …";

    /// <summary>A column's type in words: <c>string</c>, <c>int64</c>, <c>list&lt;string&gt;</c>, <c>struct</c>.</summary>
    internal static string Describe(Field field) => field switch
    {
        ListField { Item: DataField item } => $"list<{TypeName(item.ClrType)}>",
        ListField { Item: var item } => $"list<{Describe(item)}>",
        DataField { MaxRepetitionLevel: > 0 } data => $"repeated {TypeName(data.ClrType)}",
        DataField data => TypeName(data.ClrType),
        StructField => "struct",
        MapField => "map",
        _ => field.SchemaType.ToString().ToLowerInvariant(),
    };

    private static string TypeName(Type type) => TypeNames.GetValueOrDefault(type, type.Name);

    // The CLR types Parquet.Net reads columns as, by the names pandas and Arrow give the column types.
    private static readonly Dictionary<Type, string> TypeNames = new()
    {
        [typeof(ReadOnlyMemory<char>)] = "string",
        [typeof(string)] = "string",
        [typeof(byte[])] = "binary (bytes not marked as UTF-8 text)",
        [typeof(ReadOnlyMemory<byte>)] = "binary (bytes not marked as UTF-8 text)",
        [typeof(bool)] = "bool",
        [typeof(sbyte)] = "int8",
        [typeof(byte)] = "uint8",
        [typeof(short)] = "int16",
        [typeof(ushort)] = "uint16",
        [typeof(int)] = "int32",
        [typeof(uint)] = "uint32",
        [typeof(long)] = "int64",
        [typeof(ulong)] = "uint64",
        [typeof(Half)] = "float16",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(DateTime)] = "timestamp",
        [typeof(DateTimeOffset)] = "timestamp",
        [typeof(DateOnly)] = "date",
        [typeof(TimeSpan)] = "time",
        [typeof(TimeOnly)] = "time",
        [typeof(Guid)] = "uuid",
    };

    // What the library throws for bytes it cannot read (a damaged page, a bad length, an unknown codec or encoding) is a
    // DataFormatException naming the file and, where it is a row group's, the group's first row.
    private static T Library<T>(Func<T> read, string source, int row, string what)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or DataFormatException))
        {
            string problem = ex is OutOfMemoryException
                ? $"{what} cannot be read: it asks for more memory than there is (the file is damaged, or a row group is too large)"
                : $"{what} cannot be read, the file is damaged or truncated: {ex.Message}";
            throw row > 0 ? DataFormatException.AtRow(source, row, problem, ex) : DataFormatException.ForFile(source, problem, ex);
        }
    }

    /// <summary>The cells of one column of a row group, one a row, null for a missing value.</summary>
    private abstract class ColumnCells
    {
        public abstract string?[] Read(ParquetRowGroupReader group, int rows, int first, int groupIndex, string source, CancellationToken cancellationToken);
    }

    // A column of T: each value a cell (format gives it from the value and its row; null for a missing value), or, for a
    // list column (listLevel: the list's definition level), each row's values trimmed and joined by the delimiter: the
    // empty list is the empty set (the delimiter alone), a null list a missing value.
    private sealed class Cells<T>(DataField field, string name, Func<T, int, string?> format, int listLevel, string? delimiter, string role) : ColumnCells
        where T : struct
    {
        public override string?[] Read(ParquetRowGroupReader group, int rows, int first, int groupIndex, string source, CancellationToken cancellationToken)
        {
            string what = $"{role} column '{name}' of row group {groupIndex + 1}";
            bool list = listLevel >= 0;
            long count = list ? Library(() => group.GetMetadata(field)?.MetaData?.NumValues ?? -1, source, first, what) : rows;
            if (count < (list ? rows : 0) || count > Array.MaxLength)
            {
                throw DataFormatException.AtRow(source, first, $"{what} gives {count:N0} values for {rows:N0} rows: the file is damaged");
            }

            T[] values = Library(() => new T[count], source, first, what);
            // Both level buffers, whatever the field's levels: Parquet.Net 6.1 refuses a read without a repetition
            // buffer even for a column that is not repeated, and without a definition buffer even for a required column
            // (no nulls: every level 0, the field's MaxDefinitionLevel, so every value is there).
            int[] definitions = new int[count];
            int[] repetitions = new int[count];
            Library(
                () =>
                {
                    group.ReadRawAsync<T>(field, values, definitions.AsMemory(), repetitions.AsMemory(), cancellationToken).AsTask().GetAwaiter().GetResult();
                    return true;
                },
                source,
                first,
                what);

            return list ? Lists(values, definitions, repetitions, rows, first, what, source) : Flat(values, definitions, rows, first);
        }

        private string?[] Flat(T[] values, int[] definitions, int rows, int first)
        {
            var cells = new string?[rows];
            int next = 0;
            int present = field.MaxDefinitionLevel;
            for (int r = 0; r < rows; r++)
            {
                cells[r] = definitions[r] == present ? format(values[next++], first + r) : null;
            }

            return cells;
        }

        private string?[] Lists(T[] values, int[] definitions, int[] repetitions, int rows, int first, string what, string source)
        {
            var cells = new string?[rows];
            int present = field.MaxDefinitionLevel;
            int empty = listLevel - 1; // the list is there, with no item
            int row = -1;
            int next = 0;
            List<string> set = [];
            bool missing = false;
            for (int i = 0; i < repetitions.Length; i++)
            {
                if (repetitions[i] == 0)
                {
                    if (row >= 0)
                    {
                        cells[row] = missing ? null : Joined(set);
                    }

                    if (++row >= rows)
                    {
                        break;
                    }

                    set.Clear();
                    missing = false;
                }
                else if (row < 0)
                {
                    throw DataFormatException.AtRow(source, first, $"{what} does not start with a row: the file is damaged");
                }

                int definition = definitions[i];
                if (definition == present)
                {
                    string item = (format(values[next++], first + row) ?? throw DataFormatException.AtRow(source, first + row, $"label column '{name}' holds -1 (a missing label) in the row's list; a label set holds labels"))
                        .Trim();
                    if (item.Length > 0)
                    {
                        set.Add(item.Contains(delimiter!, StringComparison.Ordinal)
                            ? throw DataFormatException.AtRow(source, first + row, $"label '{item}' in the list of column '{name}' contains the multi-label delimiter '{delimiter}'")
                            : item);
                    }
                }
                else if (definition < empty)
                {
                    missing = true;
                }
                else if (definition > empty)
                {
                    throw DataFormatException.AtRow(source, first + row, $"label column '{name}' holds a null in the row's list; a label set holds labels (a null list is a missing label)");
                }
            }

            if (row != rows - 1)
            {
                throw DataFormatException.AtRow(source, first, $"{what} holds {row + 1:N0} rows' lists where the row group has {rows:N0} rows: the file is damaged");
            }

            if (row >= 0)
            {
                cells[row] = missing ? null : Joined(set);
            }

            return cells;
        }

        private string Joined(List<string> set) => set.Count == 0 ? delimiter! : string.Join(delimiter, set);
    }
}
