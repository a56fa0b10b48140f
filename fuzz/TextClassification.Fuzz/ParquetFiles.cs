using Parquet;
using Parquet.Schema;

namespace TextClassification.Fuzz;

/// <summary>Seed Parquet files for the data target's Parquet part, written with Parquet.Net as pandas and Hugging Face
/// <c>datasets</c> lay them out: string texts and labels, ClassLabel integers with the <c>huggingface</c> metadata,
/// booleans, a list column of labels, nulls, several row groups, every common codec. Mutated as bytes (flips,
/// overwritten runs, cuts, splices), each must read or be refused with a DataFormatException.</summary>
internal static class ParquetFiles
{
    private static readonly string[] Labels = ["pos", "neg", "neutral"];

    private static readonly CompressionMethod[] Codecs = [CompressionMethod.None, CompressionMethod.Snappy, CompressionMethod.Gzip, CompressionMethod.Zstd];

    /// <summary>32 seed files.</summary>
    public static List<byte[]> Seeds(int seed)
    {
        var random = new Random(seed);
        List<string> texts = FuzzModels.SeedTexts(24, seed);
        var seeds = new List<byte[]>();
        for (int s = 0; s < 32; s++)
        {
            int rows = 4 + random.Next(40);
            seeds.Add(Write(random, texts, rows, kind: s % 4, Codecs[s % Codecs.Length]).GetAwaiter().GetResult());
        }

        return seeds;
    }

    /// <summary>A round-trip case's rows as a Parquet file of a string text and a string label column.</summary>
    public static byte[] WriteRows(RoundTripCase data) => WriteRowsAsync(data).GetAwaiter().GetResult();

    private static async Task<byte[]> WriteRowsAsync(RoundTripCase data)
    {
        var text = new DataField<string>("text");
        var label = new DataField<string>("label");
        using var stream = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(text, label), stream, new ParquetOptions { CompressionMethod = Codecs[data.Codec % Codecs.Length] }))
        {
            int size = Math.Max(1, data.GroupRows);
            for (int start = 0; start < data.Rows.Count; start += size)
            {
                List<RoundTripRow> rows = data.Rows.GetRange(start, Math.Min(size, data.Rows.Count - start));
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync(text, rows.ConvertAll(r => r.Text).ToArray());
                await group.WriteAsync(label, rows.ConvertAll(r => r.Label).ToArray());
            }
        }

        return stream.ToArray();
    }

    // kind 0: string labels; 1: ClassLabel int64 with metadata; 2: bool labels; 3: a list<string> "labels" column.
    private static async Task<byte[]> Write(Random random, List<string> texts, int rows, int kind, CompressionMethod codec)
    {
        var text = new DataField<string>("text");
        Field label = kind switch
        {
            1 => new DataField<long?>("label"),
            2 => new DataField<bool?>("label"),
            3 => new ListField("labels", new DataField<string>("element")),
            _ => new DataField<string>("label"),
        };
        using var stream = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(text, label), stream, new ParquetOptions { CompressionMethod = codec }))
        {
            if (kind == 1)
            {
                writer.CustomMetadata = new Dictionary<string, string>
                {
                    ["huggingface"] = "{\"info\": {\"features\": {\"text\": {\"dtype\": \"string\", \"_type\": \"Value\"}, \"label\": {\"names\": [\"pos\", \"neg\", \"neutral\"], \"_type\": \"ClassLabel\"}}}}",
                };
            }

            for (int start = 0; start < rows;)
            {
                int size = Math.Min(rows - start, 1 + random.Next(rows));
                start += size;
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync(text, Enumerable.Range(0, size).Select(_ => random.Next(8) == 0 ? null : texts[random.Next(texts.Count)]).ToArray());
                switch (label)
                {
                    case DataField<long?> longs:
                        await group.WriteAsync<long>(longs, Enumerable.Range(0, size).Select(_ => random.Next(8) == 0 ? (long?)null : random.Next(-1, 3)).ToArray());
                        break;
                    case DataField<bool?> bools:
                        await group.WriteAsync<bool>(bools, Enumerable.Range(0, size).Select(_ => random.Next(8) == 0 ? (bool?)null : random.Next(2) == 0).ToArray());
                        break;
                    case ListField { Item: DataField item } list:
                        await WriteLists(group, list, item, random, size);
                        break;
                    default:
                        await group.WriteAsync((DataField)label, Enumerable.Range(0, size).Select(_ => random.Next(8) == 0 ? null : Labels[random.Next(Labels.Length)]).ToArray());
                        break;
                }
            }
        }

        return stream.ToArray();
    }

    // Each row a null list, an empty one, or one to three labels.
    private static async Task WriteLists(ParquetRowGroupWriter group, ListField list, DataField item, Random random, int rows)
    {
        var definitions = new List<int>();
        var repetitions = new List<int>();
        var values = new List<ReadOnlyMemory<char>>();
        int empty = list.MaxDefinitionLevel - 1;
        for (int r = 0; r < rows; r++)
        {
            int count = random.Next(-1, 4);
            if (count <= 0)
            {
                definitions.Add(count < 0 ? empty - 1 : empty);
                repetitions.Add(0);
                continue;
            }

            for (int i = 0; i < count; i++)
            {
                definitions.Add(item.MaxDefinitionLevel);
                repetitions.Add(i == 0 ? 0 : 1);
                values.Add(Labels[random.Next(Labels.Length)].AsMemory());
            }
        }

        await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(item, values.ToArray(), definitions.ToArray(), repetitions.ToArray(), default);
    }

    /// <summary>One to three byte mutations of <paramref name="input"/>: a flipped bit, an overwritten byte or run, a
    /// cut (truncation), an inserted or removed run, or a run spliced from another seed.</summary>
    public static byte[] Mutate(Random random, byte[] input, List<byte[]> corpus)
    {
        var bytes = new List<byte>(input);
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    for (int i = at; i < Math.Min(bytes.Count, at + 1 + random.Next(16)); i++)
                    {
                        bytes[i] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
                default:
                    byte[] other = corpus[random.Next(corpus.Count)];
                    int from = random.Next(other.Length);
                    int length = Math.Min(other.Length - from, Math.Min(bytes.Count - at, 1 + random.Next(64)));
                    for (int i = 0; i < length; i++)
                    {
                        bytes[at + i] = other[from + i];
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
