using System.Text;

namespace TextClassification.Onnx;

/// <summary>
/// Finds the external weight files an ONNX graph names (<c>TensorProto.external_data</c> entries with the key
/// <c>location</c>, as written by exports past protobuf's 2 GB limit, e.g. <c>model.onnx_data</c>), by walking the
/// protobuf wire format of <c>ModelProto.graph</c> → <c>initializer</c> / <c>sparse_initializer</c>, and the tensors
/// and subgraphs of node attributes. Every other field, the inline weights included, is skipped by seeking, so a
/// 400 MB graph costs a few thousand reads.
/// </summary>
internal static class OnnxExternalData
{
    private enum Message
    {
        Model,
        Graph,
        Node,
        Attribute,
        SparseTensor,
        Tensor,
        Entry,
    }

    /// <summary>The distinct locations (paths relative to the graph's folder), in ordinal order.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <returns>The locations; empty when every weight is inside the graph.</returns>
    /// <exception cref="InvalidDataException">The file is not valid protobuf.</exception>
    public static IReadOnlyList<string> Locations(string modelPath)
    {
        using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
        return Locations(stream);
    }

    /// <summary>The same walk over a graph held in memory.</summary>
    internal static IReadOnlyList<string> Locations(byte[] model)
    {
        using var stream = new MemoryStream(model, writable: false);
        return Locations(stream);
    }

    // How deep messages may nest (the model counting as one). Each level is a frame of the recursive walk, and a file of
    // a few megabytes nested a few hundred thousand deep (subgraph in node in graph…) ended the process with a stack
    // overflow, which no caller can catch: it was read after ONNX Runtime had refused that file, to look for a Git LFS
    // pointer among its weight files. ONNX Runtime's protobuf reader takes 100 levels; a graph it loads is far inside.
    internal const int MaxDepth = 1000;

    private static string[] Locations(Stream stream)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        Read(stream, stream.Length, Message.Model, found, depth: 1);
        return [.. found];
    }

    private static void Read(Stream stream, long end, Message message, SortedSet<string> found, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"the ONNX file nests messages more than {MaxDepth} deep (ONNX Runtime reads 100).");
        }

        string? key = null;
        string? value = null;
        while (stream.Position < end)
        {
            ulong tag = ProtobufWire.ReadVarint(stream);
            int field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    ProtobufWire.ReadVarint(stream);
                    break;
                case 1:
                    ProtobufWire.Skip(stream, 8, end);
                    break;
                case 5:
                    ProtobufWire.Skip(stream, 4, end);
                    break;
                case 2:
                    ulong declared = ProtobufWire.ReadVarint(stream);
                    if (declared > (ulong)(end - stream.Position))
                    {
                        throw new InvalidDataException("the ONNX file is not valid protobuf (a field runs past its message).");
                    }

                    long length = (long)declared;
                    long fieldEnd = stream.Position + length;

                    // onnx.proto3: ModelProto.graph 7; GraphProto.node 1, initializer 5, sparse_initializer 15;
                    // NodeProto.attribute 5; AttributeProto.t 5, g 6, tensors 10, graphs 11, sparse_tensor 22,
                    // sparse_tensors 23 (subgraphs of If/Loop and Constant tensors hold weights too);
                    // SparseTensorProto.values 1, indices 2; TensorProto.external_data 13.
                    Message? inner = (message, field) switch
                    {
                        (Message.Model, 7) => Message.Graph,
                        (Message.Graph, 1) => Message.Node,
                        (Message.Graph, 5) => Message.Tensor,
                        (Message.Graph, 15) => Message.SparseTensor,
                        (Message.Node, 5) => Message.Attribute,
                        (Message.Attribute, 5 or 10) => Message.Tensor,
                        (Message.Attribute, 6 or 11) => Message.Graph,
                        (Message.Attribute, 22 or 23) => Message.SparseTensor,
                        (Message.SparseTensor, 1 or 2) => Message.Tensor,
                        (Message.Tensor, 13) => Message.Entry,
                        _ => null,
                    };
                    if (inner is { } next)
                    {
                        Read(stream, fieldEnd, next, found, depth + 1);
                    }
                    else if (message == Message.Entry && field is 1 or 2 && length <= 4096)
                    {
                        byte[] bytes = new byte[length];
                        stream.ReadExactly(bytes);
                        string text = Encoding.UTF8.GetString(bytes);
                        if (field == 1)
                        {
                            key = text;
                        }
                        else
                        {
                            value = text;
                        }
                    }

                    stream.Position = fieldEnd;
                    break;
                default:
                    throw new InvalidDataException($"the ONNX file is not valid protobuf (wire type {tag & 7}).");
            }
        }

        if (message == Message.Entry && key == "location" && !string.IsNullOrEmpty(value))
        {
            found.Add(value);
        }
    }
}
