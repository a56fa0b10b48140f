using Google.Protobuf;

namespace TextClassification.Tests.Onnx;

/// <summary>
/// Writes the handful of ONNX protobuf messages a small test graph needs (ModelProto, GraphProto, NodeProto,
/// TensorProto, ValueInfoProto, AttributeProto) with <see cref="CodedOutputStream"/>, by field number, so the tests
/// need no generated onnx.proto classes. Field numbers are those of onnx/onnx.proto3 (ONNX 1.14).
/// </summary>
internal static class OnnxProtoWriter
{
    public const int FloatType = 1;
    public const int Float16Type = 10;
    public const int Int32Type = 6;
    public const int Int64Type = 7;

    public static byte[] Model(byte[] graph, long opset, long irVersion = 8)
    {
        byte[] opsetId = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(string.Empty);
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt64(opset);
        });
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(irVersion);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString("TextClassification.Tests");
            o.WriteTag(7, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(graph));
            o.WriteTag(8, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(opsetId));
        });
    }

    public static byte[] Graph(string name, IEnumerable<byte[]> nodes, IEnumerable<byte[]> initializers, IEnumerable<byte[]> inputs, IEnumerable<byte[]> outputs) =>
        Message(o =>
        {
            foreach (byte[] node in nodes)
            {
                WriteMessage(o, 1, node);
            }

            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            foreach (byte[] tensor in initializers)
            {
                WriteMessage(o, 5, tensor);
            }

            foreach (byte[] input in inputs)
            {
                WriteMessage(o, 11, input);
            }

            foreach (byte[] output in outputs)
            {
                WriteMessage(o, 12, output);
            }
        });

    public static byte[] Node(string opType, string[] inputs, string[] outputs, params byte[][] attributes) =>
        Message(o =>
        {
            foreach (string input in inputs)
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(input);
            }

            foreach (string output in outputs)
            {
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteString(output);
            }

            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString(outputs[0] + "_node");
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            o.WriteString(opType);
            foreach (byte[] attribute in attributes)
            {
                WriteMessage(o, 5, attribute);
            }
        });

    public static byte[] IntAttribute(string name, long value) =>
        Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteInt64(value);
            o.WriteTag(20, WireFormat.WireType.Varint);
            o.WriteEnum(2);
        });

    public static byte[] FloatAttribute(string name, float value) =>
        Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            o.WriteTag(2, WireFormat.WireType.Fixed32);
            o.WriteFloat(value);
            o.WriteTag(20, WireFormat.WireType.Varint);
            o.WriteEnum(1);
        });

    public static byte[] IntsAttribute(string name, params long[] values) =>
        Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            foreach (long value in values)
            {
                o.WriteTag(8, WireFormat.WireType.Varint);
                o.WriteInt64(value);
            }

            o.WriteTag(20, WireFormat.WireType.Varint);
            o.WriteEnum(7);
        });

    public static byte[] FloatTensor(string name, float[] values, params long[] dims) =>
        Tensor(name, FloatType, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    public static byte[] Int64Tensor(string name, long[] values, params long[] dims) =>
        Tensor(name, Int64Type, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims);

    /// <summary>A float tensor whose values live in another file (ONNX external data: <c>data_location</c> EXTERNAL and
    /// <c>external_data</c> entries naming the file, offset and length), as exports past 2 GB write them.</summary>
    public static byte[] ExternalFloatTensor(string name, string location, long offset, long length, params long[] dims) =>
        Message(o =>
        {
            WriteTensorHeader(o, name, FloatType, dims);
            foreach ((string key, string value) in new[] { ("location", location), ("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("length", length.ToString(System.Globalization.CultureInfo.InvariantCulture)) })
            {
                WriteMessage(o, 13, Message(e =>
                {
                    e.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    e.WriteString(key);
                    e.WriteTag(2, WireFormat.WireType.LengthDelimited);
                    e.WriteString(value);
                }));
            }

            o.WriteTag(14, WireFormat.WireType.Varint);
            o.WriteEnum(1);
        });

    /// <summary>A tensor value info; a dimension is symbolic when its name is not null, else fixed.</summary>
    public static byte[] ValueInfo(string name, int elementType, params object[] dims)
    {
        byte[] shape = Message(o =>
        {
            foreach (object dim in dims)
            {
                WriteMessage(o, 1, Message(d =>
                {
                    if (dim is string symbol)
                    {
                        d.WriteTag(2, WireFormat.WireType.LengthDelimited);
                        d.WriteString(symbol);
                    }
                    else
                    {
                        d.WriteTag(1, WireFormat.WireType.Varint);
                        d.WriteInt64(Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }));
            }
        });
        byte[] tensorType = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt32(elementType);
            WriteMessage(o, 2, shape);
        });
        byte[] type = Message(o => WriteMessage(o, 1, tensorType));
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            WriteMessage(o, 2, type);
        });
    }

    private static byte[] Tensor(string name, int dataType, byte[] raw, long[] dims) =>
        Message(o =>
        {
            WriteTensorHeader(o, name, dataType, dims);
            o.WriteTag(9, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(raw));
        });

    // TensorProto's dims (1), data_type (2) and name (8).
    private static void WriteTensorHeader(CodedOutputStream o, string name, int dataType, long[] dims)
    {
        foreach (long dim in dims)
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(dim);
        }

        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32(dataType);
        o.WriteTag(8, WireFormat.WireType.LengthDelimited);
        o.WriteString(name);
    }

    private static void WriteMessage(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
        }

        return stream.ToArray();
    }
}
