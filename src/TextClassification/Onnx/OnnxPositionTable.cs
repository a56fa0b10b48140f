using System.Text;

namespace TextClassification.Onnx;

/// <summary>
/// The absolute position table of an export's graph: the one initializer whose name ends in
/// <c>position_embeddings.weight</c>, <c>[positions, hidden]</c>, as torch.onnx and Optimum name BERT's, DistilBERT's,
/// ELECTRA's and RoBERTa's (<c>bert.embeddings.position_embeddings.weight</c>). Read where config.json gives no
/// <c>max_position_embeddings</c> (or an encoder folder has no config.json): the length was then 512, and the first text
/// longer than a smaller table failed inside ONNX Runtime (review 52b). Only <c>ModelProto.graph</c> →
/// <c>initializer</c> names and dims are read; the weights are skipped by seeking, as <see cref="OnnxExternalData"/>
/// skips them. Like <c>max_position_embeddings</c> as written, RoBERTa's table counts the two positions it never uses
/// (514 for 512).
/// </summary>
internal static class OnnxPositionTable
{
    /// <summary>How the table's initializer name ends.</summary>
    public const string NameSuffix = "position_embeddings.weight";

    /// <summary>The rows and name of the graph's position table; null where the graph has none (a graph that renamed its
    /// weights, relative positions), two of different sizes, or cannot be read (ONNX Runtime then says why).</summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    public static (int Rows, string Name)? Find(string modelPath)
    {
        try
        {
            using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
            (int Rows, string Name)? found = null;
            long end = stream.Length;
            while (stream.Position < end)
            {
                ulong tag = ProtobufWire.ReadVarint(stream);
                if (tag == ((7 << 3) | 2))
                {
                    // ModelProto.graph (7) → GraphProto.initializer (5): TensorProto.dims (1), name (8).
                    long graphEnd = ProtobufWire.FieldEnd(stream, end);
                    if (!FindInGraph(stream, graphEnd, ref found))
                    {
                        return null;
                    }

                    stream.Position = graphEnd;
                }
                else
                {
                    ProtobufWire.SkipValue(stream, (int)(tag & 7), end);
                }
            }

            return found;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The model's positions: <paramref name="configured"/> (config.json's <c>max_position_embeddings</c>) where
    /// it is given; else, for absolute positions, the rows of the graph's table, with the caller's MaxLength checked
    /// against them. Source says where they come from, for messages ("the position table 'NAME' in PATH has N rows
    /// (…)"); null where they are config.json's own, or unknown.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requested"/> exceeds the table's rows (named
    /// <paramref name="optionsName"/>, the caller's options argument).</exception>
    public static (int? Positions, string? Source) Limit(int? configured, bool relative, int? requested, string modelPath, string configPath, string optionsName)
    {
        if (configured is not null || relative || Find(modelPath) is not { } table)
        {
            return (configured, null);
        }

        string source = $"the position table '{table.Name}' in {modelPath} has {table.Rows} rows ({configPath} gives no max_position_embeddings)";
        if (requested is { } asked && asked > table.Rows)
        {
            throw new ArgumentOutOfRangeException(optionsName, asked, $"MaxLength {asked} exceeds the model's positions: {source}.");
        }

        return (table.Rows, source);
    }

    // False where two tables of different sizes leave the length unknown.
    private static bool FindInGraph(Stream stream, long end, ref (int Rows, string Name)? found)
    {
        while (stream.Position < end)
        {
            ulong tag = ProtobufWire.ReadVarint(stream);
            if (tag != ((5 << 3) | 2))
            {
                ProtobufWire.SkipValue(stream, (int)(tag & 7), end);
                continue;
            }

            long tensorEnd = ProtobufWire.FieldEnd(stream, end);
            if (ReadTensor(stream, tensorEnd) is { } table)
            {
                if (found is { } other && other.Rows != table.Rows)
                {
                    return false;
                }

                found ??= table;
            }

            stream.Position = tensorEnd;
        }

        return true;
    }

    // A TensorProto's first dimension and name where it is a [rows ≥ 3, width] table named *position_embeddings.weight.
    private static (int Rows, string Name)? ReadTensor(Stream stream, long end)
    {
        var dims = new List<ulong>(2);
        string? name = null;
        while (stream.Position < end)
        {
            ulong tag = ProtobufWire.ReadVarint(stream);
            int field = (int)(tag >> 3);
            int wire = (int)(tag & 7);
            if (field == 1 && wire == 0)
            {
                dims.Add(ProtobufWire.ReadVarint(stream));
            }
            else if (field == 1 && wire == 2)
            {
                long packedEnd = ProtobufWire.FieldEnd(stream, end);
                while (stream.Position < packedEnd)
                {
                    dims.Add(ProtobufWire.ReadVarint(stream));
                }
            }
            else if (field == 8 && wire == 2)
            {
                long nameEnd = ProtobufWire.FieldEnd(stream, end);
                long length = nameEnd - stream.Position;
                if (length > 4096)
                {
                    return null;
                }

                byte[] bytes = new byte[length];
                stream.ReadExactly(bytes);
                name = Encoding.UTF8.GetString(bytes);
            }
            else
            {
                ProtobufWire.SkipValue(stream, wire, end);
            }
        }

        return name is not null && name.EndsWith(NameSuffix, StringComparison.Ordinal) && dims.Count == 2 && dims[0] is >= 3 and <= int.MaxValue && dims[1] > 0
            ? ((int)dims[0], name)
            : null;
    }
}
