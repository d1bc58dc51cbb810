namespace Provenant.Formats.Onnx;

/// <summary>Sizes and names of <see cref="OnnxDataType"/> values.</summary>
public static class OnnxDataTypes
{
    /// <summary>
    /// The safetensors dtype spelling of an element type (<c>F32</c>, <c>I8</c>, <c>BOOL</c>…), which tensor commitments
    /// use for ONNX initializers too (docs/tensor-commitments.md); null for types safetensors has no name for.
    /// </summary>
    public static string? SafetensorsDType(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => "F32",
        OnnxDataType.Double => "F64",
        OnnxDataType.Float16 => "F16",
        OnnxDataType.BFloat16 => "BF16",
        OnnxDataType.Int8 => "I8",
        OnnxDataType.Int16 => "I16",
        OnnxDataType.Int32 => "I32",
        OnnxDataType.Int64 => "I64",
        OnnxDataType.UInt8 => "U8",
        OnnxDataType.UInt16 => "U16",
        OnnxDataType.UInt32 => "U32",
        OnnxDataType.UInt64 => "U64",
        OnnxDataType.Bool => "BOOL",
        _ => null,
    };

    /// <summary>
    /// Bits one element occupies in <c>raw_data</c> (little-endian, packed low nibble first for 4- and
    /// 2-bit types); 0 for <see cref="OnnxDataType.String"/> and <see cref="OnnxDataType.Undefined"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a known data type.</exception>
    public static int BitsPerElement(OnnxDataType type) => type switch
    {
        OnnxDataType.Undefined or OnnxDataType.String => 0,
        OnnxDataType.UInt8 or OnnxDataType.Int8 or OnnxDataType.Bool or OnnxDataType.Float8E4M3FN
            or OnnxDataType.Float8E4M3FNUZ or OnnxDataType.Float8E5M2 or OnnxDataType.Float8E5M2FNUZ
            or OnnxDataType.Float8E8M0 => 8,
        OnnxDataType.UInt16 or OnnxDataType.Int16 or OnnxDataType.Float16 or OnnxDataType.BFloat16 => 16,
        OnnxDataType.Float or OnnxDataType.Int32 or OnnxDataType.UInt32 => 32,
        OnnxDataType.Int64 or OnnxDataType.Double or OnnxDataType.UInt64 or OnnxDataType.Complex64 => 64,
        OnnxDataType.Complex128 => 128,
        OnnxDataType.UInt4 or OnnxDataType.Int4 or OnnxDataType.Float4E2M1 => 4,
        OnnxDataType.UInt2 or OnnxDataType.Int2 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown ONNX data type"),
    };

    /// <summary>Whether <paramref name="code"/> is a data type number this reader knows (1–26).</summary>
    public static bool IsKnown(int code) => code is >= 1 and <= 26;

    /// <summary>Bytes of <c>raw_data</c> holding <paramref name="elements"/> elements (sub-byte types rounded up).</summary>
    public static long ByteLength(OnnxDataType type, long elements) => (elements * BitsPerElement(type) + 7) / 8;

    /// <summary>The specification's upper-case name, e.g. <c>FLOAT</c>, <c>INT64</c>, <c>FLOAT8E4M3FN</c>.</summary>
    public static string Name(OnnxDataType type) => type switch
    {
        OnnxDataType.Float8E4M3FN => "FLOAT8E4M3FN",
        OnnxDataType.Float8E4M3FNUZ => "FLOAT8E4M3FNUZ",
        OnnxDataType.Float8E5M2 => "FLOAT8E5M2",
        OnnxDataType.Float8E5M2FNUZ => "FLOAT8E5M2FNUZ",
        OnnxDataType.Float4E2M1 => "FLOAT4E2M1",
        OnnxDataType.Float8E8M0 => "FLOAT8E8M0",
        OnnxDataType.BFloat16 => "BFLOAT16",
        _ => type.ToString().ToUpperInvariant(),
    };
}
