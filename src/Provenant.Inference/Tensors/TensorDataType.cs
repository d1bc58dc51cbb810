namespace Provenant.Inference.Tensors;

/// <summary>
/// Element types the engines compute with. Numbers equal ONNX <c>TensorProto.DataType</c>
/// (<see cref="Provenant.Formats.Onnx.OnnxDataType"/>) so conversion is explicit but lossless. Storage:
/// <c>float[]</c>, <c>double[]</c>, <c>Half[]</c>, <c>ushort[]</c> (bfloat16 bit patterns), <c>sbyte[]</c>,
/// <c>byte[]</c>, <c>short[]</c>, <c>ushort[]</c>, <c>int[]</c>, <c>uint[]</c>, <c>long[]</c>, <c>ulong[]</c>,
/// <c>bool[]</c>. FLOAT8, INT4/UINT4, INT2/UINT2, FLOAT4, STRING and complex types are not supported.
/// </summary>
public enum TensorDataType
{
    /// <summary>IEEE 754 binary32.</summary>
    Float32 = 1,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,
    /// <summary>Signed 8-bit integer (quantized weights and activations).</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer (quantized activations).</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer (accumulators).</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer (shapes, indices).</summary>
    Int64 = 7,
    /// <summary>Boolean (one byte, 0 or 1).</summary>
    Bool = 9,
    /// <summary>IEEE 754 binary16.</summary>
    Float16 = 10,
    /// <summary>IEEE 754 binary64.</summary>
    Float64 = 11,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,
    /// <summary>bfloat16 (upper half of a binary32), stored as raw 16-bit patterns.</summary>
    BFloat16 = 16,
}
