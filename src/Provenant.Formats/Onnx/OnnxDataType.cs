namespace Provenant.Formats.Onnx;

/// <summary>
/// Element type of an ONNX tensor: <c>TensorProto.DataType</c> with the specification's numbers
/// (onnx/onnx.proto; FLOAT8 types since IR 9, INT4/UINT4 since IR 10, FLOAT4E2M1/FLOAT8E8M0/INT2/UINT2
/// since IR 11).
/// </summary>
public enum OnnxDataType
{
    /// <summary>Not set (invalid for a tensor).</summary>
    Undefined = 0,
    /// <summary>IEEE 754 binary32.</summary>
    Float = 1,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,
    /// <summary>UTF-8 string (stored in <c>string_data</c>, never in <c>raw_data</c>).</summary>
    String = 8,
    /// <summary>Boolean, one byte per element (0 or 1).</summary>
    Bool = 9,
    /// <summary>IEEE 754 binary16.</summary>
    Float16 = 10,
    /// <summary>IEEE 754 binary64.</summary>
    Double = 11,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,
    /// <summary>Complex number of two binary32 values (real first).</summary>
    Complex64 = 14,
    /// <summary>Complex number of two binary64 values (real first).</summary>
    Complex128 = 15,
    /// <summary>bfloat16: the upper 16 bits of a binary32.</summary>
    BFloat16 = 16,
    /// <summary>8-bit float E4M3, finite, NaN only (OCP FP8).</summary>
    Float8E4M3FN = 17,
    /// <summary>8-bit float E4M3, no negative zero.</summary>
    Float8E4M3FNUZ = 18,
    /// <summary>8-bit float E5M2 (OCP FP8).</summary>
    Float8E5M2 = 19,
    /// <summary>8-bit float E5M2, no negative zero.</summary>
    Float8E5M2FNUZ = 20,
    /// <summary>Unsigned 4-bit integer, two per byte.</summary>
    UInt4 = 21,
    /// <summary>Signed 4-bit integer, two per byte.</summary>
    Int4 = 22,
    /// <summary>4-bit float E2M1, two per byte.</summary>
    Float4E2M1 = 23,
    /// <summary>8-bit exponent-only scale (OCP MX).</summary>
    Float8E8M0 = 24,
    /// <summary>Unsigned 2-bit integer, four per byte.</summary>
    UInt2 = 25,
    /// <summary>Signed 2-bit integer, four per byte.</summary>
    Int2 = 26,
}
