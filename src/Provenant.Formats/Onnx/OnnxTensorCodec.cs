using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx.Proto;

namespace Provenant.Formats.Onnx;

/// <summary>
/// Converts <c>TensorProto</c> to <see cref="OnnxTensor"/> and back, checking the data against dtype ×
/// shape. ONNX IR (onnx.proto, TensorProto): exactly one of raw_data or the type's typed field holds the
/// elements; float16/bfloat16/int8/uint8/int16/uint16/bool/float8 elements travel one per int32_data
/// entry, 4-bit types two per entry (packed byte), uint32/uint64 in uint64_data, double in double_data.
/// </summary>
internal static class OnnxTensorCodec
{
    public static OnnxTensor Decode(TensorProto t, string file, string field, OnnxReadLimits limits)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
        {
            var loc = t.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "?";
            throw new UnsupportedFeatureException(
                $"{file}: {field}: tensor data stored in an external file ('{loc}') is not supported; " +
                "save the model with all tensors inside the .onnx file (onnx.save_model(..., save_as_external_data=False))");
        }
        if (t.Segment is not null)
        {
            throw new UnsupportedFeatureException($"{file}: {field}: segmented tensors (TensorProto.segment) are not supported");
        }
        if (!OnnxDataTypes.IsKnown(t.DataType))
        {
            throw new ProvenantFormatException(file, field + ".data_type", "a TensorProto.DataType between 1 and 26", t.DataType.ToString());
        }
        var type = (OnnxDataType)t.DataType;
        if (type is OnnxDataType.Complex64 or OnnxDataType.Complex128)
        {
            throw new UnsupportedFeatureException($"{file}: {field}: {OnnxDataTypes.Name(type)} tensors are not supported");
        }
        var dims = CheckDims(t.Dims, file, field + ".dims", limits);
        long n = 1;
        foreach (var d in dims)
        {
            n *= d; // bounded: CheckDims caps the running product
        }
        if (type == OnnxDataType.String)
        {
            if (t.HasRawData && t.RawData.Length > 0)
            {
                throw new ProvenantFormatException(file, field + ".raw_data", "no raw_data for a STRING tensor (string_data only)");
            }
            ExpectCount(t.StringData.Count, n, file, field + ".string_data");
            return OnnxTensor.FromStrings(t.Name, dims, t.StringData.Select(s => s.ToByteArray()).ToArray());
        }
        var byteLength = OnnxDataTypes.ByteLength(type, n);
        var typedCount = TypedCount(t);
        if (t.HasRawData)
        {
            if (typedCount > 0)
            {
                throw new ProvenantFormatException(file, field, "either raw_data or a typed data field, not both");
            }
            if (t.RawData.Length != byteLength)
            {
                throw new ProvenantFormatException(file, field + ".raw_data",
                    $"{byteLength} bytes ({n} × {OnnxDataTypes.Name(type)} for shape [{string.Join(",", dims)}])",
                    $"{t.RawData.Length} bytes");
            }
            return new OnnxTensor(t.Name, type, dims, t.RawData.Memory);
        }
        return new OnnxTensor(t.Name, type, dims, DecodeTyped(t, type, n, byteLength, file, field));
    }

    public static TensorProto Encode(OnnxTensor tensor)
    {
        var t = new TensorProto { DataType = (int)tensor.DataType };
        if (tensor.Name.Length > 0)
        {
            t.Name = tensor.Name;
        }
        t.Dims.AddRange(tensor.Dims);
        if (tensor.DataType == OnnxDataType.String)
        {
            t.StringData.AddRange(tensor.Strings.Select(ByteString.CopyFrom));
        }
        else
        {
            t.RawData = ByteString.CopyFrom(tensor.RawData.Span);
        }
        return t;
    }

    public static long[] CheckDims(IList<long> dims, string file, string field, OnnxReadLimits limits)
    {
        if (dims.Count > limits.MaxRank)
        {
            throw new ProvenantFormatException(file, field, $"at most {limits.MaxRank} dimensions", dims.Count.ToString());
        }
        long n = 1;
        var result = new long[dims.Count];
        for (var i = 0; i < dims.Count; i++)
        {
            var d = dims[i];
            if (d < 0)
            {
                throw new ProvenantFormatException(file, $"{field}[{i}]", "a dimension ≥ 0", d.ToString());
            }
            if (d > limits.MaxTensorElements || (d > 0 && n > limits.MaxTensorElements / d))
            {
                throw new ProvenantFormatException(file, $"{field}[{i}]",
                    $"a shape of at most {limits.MaxTensorElements} elements", $"dimension {d} in [{string.Join(",", dims)}]");
            }
            n *= d;
            result[i] = d;
        }
        return result;
    }

    private static int TypedCount(TensorProto t) =>
        t.FloatData.Count + t.Int32Data.Count + t.Int64Data.Count + t.DoubleData.Count + t.Uint64Data.Count + t.StringData.Count;

    private static void ExpectCount(long count, long expected, string file, string field)
    {
        if (count != expected)
        {
            throw new ProvenantFormatException(file, field, $"{expected} elements (dtype × shape)", $"{count}");
        }
    }

    private static void CopyTyped<T>(Google.Protobuf.Collections.RepeatedField<T> values, long expected, byte[] bytes, string file, string field)
        where T : unmanaged
    {
        ExpectCount(values.Count, expected, file, field);
        MemoryMarshal.AsBytes(values.ToArray().AsSpan()).CopyTo(bytes);
    }

    private static byte[] DecodeTyped(TensorProto t, OnnxDataType type, long n, long byteLength, string file, string field)
    {
        var fieldName = type switch
        {
            OnnxDataType.Float => "float_data",
            OnnxDataType.Int64 => "int64_data",
            OnnxDataType.Double => "double_data",
            OnnxDataType.UInt32 or OnnxDataType.UInt64 => "uint64_data",
            _ => "int32_data",
        };
        var otherCount = TypedCount(t) - fieldName switch
        {
            "float_data" => t.FloatData.Count,
            "int64_data" => t.Int64Data.Count,
            "double_data" => t.DoubleData.Count,
            "uint64_data" => t.Uint64Data.Count,
            _ => t.Int32Data.Count,
        };
        if (otherCount > 0)
        {
            throw new ProvenantFormatException(file, field, $"{OnnxDataTypes.Name(type)} elements in {fieldName} only");
        }
        var bits = OnnxDataTypes.BitsPerElement(type);
        // Sub-byte types: int32_data holds one packed byte per entry.
        var expected = bits < 8 ? byteLength : n;
        var f = field + "." + fieldName;
        var bytes = new byte[byteLength];
        switch (fieldName)
        {
            case "float_data":
                CopyTyped(t.FloatData, expected, bytes, file, f);
                break;
            case "int64_data":
                CopyTyped(t.Int64Data, expected, bytes, file, f);
                break;
            case "double_data":
                CopyTyped(t.DoubleData, expected, bytes, file, f);
                break;
            case "uint64_data":
                ExpectCount(t.Uint64Data.Count, expected, file, f);
                for (var i = 0; i < t.Uint64Data.Count; i++)
                {
                    if (type == OnnxDataType.UInt32)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), (uint)t.Uint64Data[i]);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), t.Uint64Data[i]);
                    }
                }
                break;
            default:
                ExpectCount(t.Int32Data.Count, expected, file, f);
                var width = Math.Max(1, bits / 8);
                for (var i = 0; i < t.Int32Data.Count; i++)
                {
                    var v = t.Int32Data[i];
                    switch (width)
                    {
                        case 1: bytes[i] = (byte)v; break;
                        case 2: BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)v); break;
                        default: BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), v); break;
                    }
                }
                break;
        }
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX tensors are little-endian; big-endian hosts are not supported");
        }
        return bytes;
    }
}
