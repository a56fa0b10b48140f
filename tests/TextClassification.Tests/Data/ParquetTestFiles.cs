using Parquet;
using Parquet.Schema;

namespace TextClassification.Tests.Data;

/// <summary>Parquet files the tests write with Parquet.Net itself (no committed binaries), as pandas and Hugging Face
/// <c>datasets</c> lay them out: string columns, nullable integers and booleans, lists, key-value metadata.</summary>
internal static class ParquetTestFiles
{
    /// <summary>One column: its field and a value per row (string, long, int, bool, double, or a string[]/long[] for a
    /// list field; null for a missing value; a required field's, <c>DataField&lt;long&gt;</c> or <c>&lt;sbyte&gt;</c>, none
    /// null).</summary>
    public sealed record Column(Field Field, IReadOnlyList<object?> Values);

    public static Column Strings(string name, IReadOnlyList<string?> values) => new(new DataField<string>(name), [.. values]);

    public static Column Longs(string name, IReadOnlyList<long?> values) => new(new DataField<long?>(name), [.. values.Select(v => (object?)v)]);

    /// <summary>The bytes of a file holding <paramref name="columns"/>, split into row groups of
    /// <paramref name="groupSizes"/> rows (one group of every row when null).</summary>
    public static byte[] Write(
        IReadOnlyList<Column> columns,
        IReadOnlyList<int>? groupSizes = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        CompressionMethod compression = CompressionMethod.Snappy) =>
        WriteAsync(columns, groupSizes, metadata, compression).GetAwaiter().GetResult();

    /// <summary>The <c>huggingface</c> metadata <c>datasets</c> writes for ClassLabel columns (a name with
    /// <c>sequence</c> true is a Sequence of ClassLabel, a multi-label column).</summary>
    public static Dictionary<string, string> HuggingFace(params (string Column, string[] Names, bool Sequence)[] features)
    {
        var json = new Dictionary<string, object>();
        foreach ((string column, string[] names, bool sequence) in features)
        {
            var classLabel = new Dictionary<string, object> { ["names"] = names, ["_type"] = "ClassLabel" };
            json[column] = sequence ? new Dictionary<string, object> { ["feature"] = classLabel, ["_type"] = "Sequence" } : classLabel;
        }

        json["text"] = new Dictionary<string, object> { ["dtype"] = "string", ["_type"] = "Value" };
        return new Dictionary<string, string>
        {
            ["huggingface"] = System.Text.Json.JsonSerializer.Serialize(new { info = new { features = json } }),
        };
    }

    private static async Task<byte[]> WriteAsync(
        IReadOnlyList<Column> columns, IReadOnlyList<int>? groupSizes, IReadOnlyDictionary<string, string>? metadata, CompressionMethod compression)
    {
        int rows = columns[0].Values.Count;
        groupSizes ??= [rows];
        var schema = new ParquetSchema(columns.Select(c => c.Field));
        using var stream = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = compression }))
        {
            if (metadata is not null)
            {
                writer.CustomMetadata = new Dictionary<string, string>(metadata);
            }

            int start = 0;
            foreach (int size in groupSizes)
            {
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                foreach (Column column in columns)
                {
                    await WriteColumn(group, column.Field, column.Values.Skip(start).Take(size).ToArray());
                }

                start += size;
            }
        }

        return stream.ToArray();
    }

    private static async Task WriteColumn(ParquetRowGroupWriter group, Field field, object?[] values)
    {
        switch (field)
        {
            case DataField<string> strings:
                await group.WriteAsync(strings, values.Cast<string?>().ToArray()!);
                break;
            case DataField<long?> longs:
                await group.WriteAsync<long>(longs, values.Select(v => (long?)v).ToArray());
                break;
            case DataField<int?> ints:
                await group.WriteAsync<int>(ints, values.Select(v => (int?)v).ToArray());
                break;
            case DataField<long> requiredLongs:
                await group.WriteAsync<long>(requiredLongs, values.Select(v => (long)v!).ToArray());
                break;
            case DataField<sbyte> requiredBytes:
                await group.WriteAsync<sbyte>(requiredBytes, values.Select(v => (sbyte)v!).ToArray());
                break;
            case DataField<bool?> bools:
                await group.WriteAsync<bool>(bools, values.Select(v => (bool?)v).ToArray());
                break;
            case DataField<double?> doubles:
                await group.WriteAsync<double>(doubles, values.Select(v => (double?)v).ToArray());
                break;
            case ListField { Item: DataField<string> item } list:
                (int[] definitions, int[] repetitions, object[] items) = Levels(list, item, values);
                await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(item, items.Select(v => ((string)v).AsMemory()).ToArray(), definitions, repetitions, default);
                break;
            case ListField { Item: DataField<long> item } list:
                (definitions, repetitions, items) = Levels(list, item, values);
                await group.WriteAllPartsAsync<long>(item, items.Select(v => (long)v).ToArray(), definitions, repetitions, default);
                break;
            default:
                throw new NotSupportedException(field.ToString());
        }
    }

    // A nullable list's levels: null list 0, empty list 1, then each item at the item's level.
    private static (int[] Definitions, int[] Repetitions, object[] Items) Levels(ListField list, DataField item, object?[] rows)
    {
        var definitions = new List<int>();
        var repetitions = new List<int>();
        var items = new List<object>();
        int empty = list.MaxDefinitionLevel - 1;
        foreach (object? row in rows)
        {
            var values = (System.Collections.IList?)row;
            if (values is null || values.Count == 0)
            {
                definitions.Add(values is null ? empty - 1 : empty);
                repetitions.Add(0);
                continue;
            }

            for (int i = 0; i < values.Count; i++)
            {
                definitions.Add(item.MaxDefinitionLevel);
                repetitions.Add(i == 0 ? 0 : 1);
                items.Add(values[i]!);
            }
        }

        return ([.. definitions], [.. repetitions], [.. items]);
    }
}
