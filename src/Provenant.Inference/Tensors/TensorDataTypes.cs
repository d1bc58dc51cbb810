using Provenant.Core.Errors;
using Provenant.Formats.Onnx;

namespace Provenant.Inference.Tensors;

/// <summary>Properties of <see cref="TensorDataType"/> values and conversion from ONNX types.</summary>
public static class TensorDataTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(TensorDataType type) => type switch
    {
        TensorDataType.Int8 or TensorDataType.UInt8 or TensorDataType.Bool => 1,
        TensorDataType.Int16 or TensorDataType.UInt16 or TensorDataType.Float16 or TensorDataType.BFloat16 => 2,
        TensorDataType.Int32 or TensorDataType.UInt32 or TensorDataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Whether the type is a floating-point type (float16, bfloat16, float32, float64).</summary>
    public static bool IsFloat(TensorDataType type) =>
        type is TensorDataType.Float32 or TensorDataType.Float64 or TensorDataType.Float16 or TensorDataType.BFloat16;

    /// <summary>The CLR element type of the storage array.</summary>
    public static Type ClrType(TensorDataType type) => type switch
    {
        TensorDataType.Float32 => typeof(float),
        TensorDataType.Float64 => typeof(double),
        TensorDataType.Float16 => typeof(Half),
        TensorDataType.BFloat16 => typeof(ushort),
        TensorDataType.Int8 => typeof(sbyte),
        TensorDataType.UInt8 => typeof(byte),
        TensorDataType.Int16 => typeof(short),
        TensorDataType.UInt16 => typeof(ushort),
        TensorDataType.Int32 => typeof(int),
        TensorDataType.UInt32 => typeof(uint),
        TensorDataType.Int64 => typeof(long),
        TensorDataType.UInt64 => typeof(ulong),
        TensorDataType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown tensor data type"),
    };

    /// <summary>Allocates a zeroed storage array of <paramref name="length"/> elements.</summary>
    public static Array Allocate(TensorDataType type, int length) => Array.CreateInstance(ClrType(type), length);

    /// <summary>The ONNX name (FLOAT, INT64, FLOAT16…).</summary>
    public static string Name(TensorDataType type) => OnnxDataTypes.Name(ToOnnx(type));

    /// <summary>The engine type for an ONNX data type.</summary>
    /// <param name="type">ONNX element type.</param>
    /// <param name="where">Where the type occurs, for the error message.</param>
    /// <exception cref="UnsupportedFeatureException">FLOAT8, INT4, UINT4, INT2, UINT2, FLOAT4E2M1, FLOAT8E8M0, STRING, complex.</exception>
    public static TensorDataType FromOnnx(OnnxDataType type, string where) => type switch
    {
        OnnxDataType.Float => TensorDataType.Float32,
        OnnxDataType.Double => TensorDataType.Float64,
        OnnxDataType.Float16 => TensorDataType.Float16,
        OnnxDataType.BFloat16 => TensorDataType.BFloat16,
        OnnxDataType.Int8 => TensorDataType.Int8,
        OnnxDataType.UInt8 => TensorDataType.UInt8,
        OnnxDataType.Int16 => TensorDataType.Int16,
        OnnxDataType.UInt16 => TensorDataType.UInt16,
        OnnxDataType.Int32 => TensorDataType.Int32,
        OnnxDataType.UInt32 => TensorDataType.UInt32,
        OnnxDataType.Int64 => TensorDataType.Int64,
        OnnxDataType.UInt64 => TensorDataType.UInt64,
        OnnxDataType.Bool => TensorDataType.Bool,
        _ => throw new UnsupportedFeatureException($"{where}: data type {OnnxDataTypes.Name(type)} is not supported by the Provenant engines"),
    };

    /// <summary>The ONNX data type with the same number.</summary>
    public static OnnxDataType ToOnnx(TensorDataType type) => (OnnxDataType)(int)type;
}
