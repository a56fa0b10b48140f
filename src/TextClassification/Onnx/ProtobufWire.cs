namespace TextClassification.Onnx;

/// <summary>The two primitives of protobuf's wire format the ONNX file walkers need (<see cref="OnnxExternalData"/>,
/// <see cref="OnnxPositionTable"/>): a varint, and a fixed-width field skipped by seeking.</summary>
internal static class ProtobufWire
{
    /// <summary>Moves past <paramref name="count"/> bytes of a fixed-width field.</summary>
    /// <exception cref="InvalidDataException">The field runs past <paramref name="end"/>, its message's end.</exception>
    public static void Skip(Stream stream, int count, long end)
    {
        if (stream.Position + count > end)
        {
            throw new InvalidDataException("the ONNX file is not valid protobuf (a field runs past its message).");
        }

        stream.Position += count;
    }

    /// <summary>Reads a varint (at most 10 bytes).</summary>
    /// <exception cref="InvalidDataException">The file ends inside it, or it is longer than 10 bytes.</exception>
    public static ulong ReadVarint(Stream stream)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException("the ONNX file is not valid protobuf (it ends inside a number).");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("the ONNX file is not valid protobuf (a number longer than 10 bytes).");
    }

    /// <summary>Reads a length-delimited field's length and returns where the field ends.</summary>
    /// <exception cref="InvalidDataException">The field runs past <paramref name="end"/>, its message's end.</exception>
    public static long FieldEnd(Stream stream, long end)
    {
        ulong declared = ReadVarint(stream);
        if (declared > (ulong)(end - stream.Position))
        {
            throw new InvalidDataException("the ONNX file is not valid protobuf (a field runs past its message).");
        }

        return stream.Position + (long)declared;
    }

    /// <summary>Moves past the value of a field of wire type <paramref name="wireType"/>.</summary>
    /// <exception cref="InvalidDataException">The value runs past <paramref name="end"/>, or the wire type is not one of
    /// proto3's (0, 1, 2, 5).</exception>
    public static void SkipValue(Stream stream, int wireType, long end)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint(stream);
                break;
            case 1:
                Skip(stream, 8, end);
                break;
            case 5:
                Skip(stream, 4, end);
                break;
            case 2:
                stream.Position = FieldEnd(stream, end);
                break;
            default:
                throw new InvalidDataException($"the ONNX file is not valid protobuf (wire type {wireType}).");
        }
    }
}
