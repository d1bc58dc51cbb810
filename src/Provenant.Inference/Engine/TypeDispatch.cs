using System.Numerics;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>A computation generic over any numeric storage type.</summary>
internal interface INumericVisitor<out TResult>
{
    TResult Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>;
}

/// <summary>A computation generic over the IEEE floating-point types (float16, float32, float64).</summary>
internal interface IFloatVisitor<out TResult>
{
    TResult Visit<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>;
}

/// <summary>Selects the generic instantiation for a tensor's element type, once per call.</summary>
internal static class TypeDispatch
{
    /// <summary>Numeric types: every supported type except bool and bfloat16.</summary>
    public static TResult Numeric<TV, TResult>(TensorDataType type, TV visitor, GraphNode node, int input)
        where TV : INumericVisitor<TResult> => type switch
        {
            TensorDataType.Float32 => visitor.Visit<float>(),
            TensorDataType.Float64 => visitor.Visit<double>(),
            TensorDataType.Float16 => visitor.Visit<Half>(),
            TensorDataType.Int8 => visitor.Visit<sbyte>(),
            TensorDataType.UInt8 => visitor.Visit<byte>(),
            TensorDataType.Int16 => visitor.Visit<short>(),
            TensorDataType.UInt16 => visitor.Visit<ushort>(),
            TensorDataType.Int32 => visitor.Visit<int>(),
            TensorDataType.UInt32 => visitor.Visit<uint>(),
            TensorDataType.Int64 => visitor.Visit<long>(),
            TensorDataType.UInt64 => visitor.Visit<ulong>(),
            _ => throw KernelErrors.UnsupportedType(node, input, type),
        };

    /// <summary>Floating-point types float16, float32, float64.</summary>
    public static TResult Float<TV, TResult>(TensorDataType type, TV visitor, GraphNode node, int input)
        where TV : IFloatVisitor<TResult> => type switch
        {
            TensorDataType.Float32 => visitor.Visit<float>(),
            TensorDataType.Float64 => visitor.Visit<double>(),
            TensorDataType.Float16 => visitor.Visit<Half>(),
            _ => throw KernelErrors.UnsupportedType(node, input, type),
        };

    /// <summary>Any storage type (for data movement: gather, slice, transpose, concat…), by CLR element type.</summary>
    public static TResult Any<TV, TResult>(TensorDataType type, TV visitor) where TV : IAnyVisitor<TResult> => type switch
    {
        TensorDataType.Float32 => visitor.Visit<float>(),
        TensorDataType.Float64 => visitor.Visit<double>(),
        TensorDataType.Float16 => visitor.Visit<Half>(),
        TensorDataType.Int8 => visitor.Visit<sbyte>(),
        TensorDataType.UInt8 => visitor.Visit<byte>(),
        TensorDataType.Int16 => visitor.Visit<short>(),
        TensorDataType.UInt16 or TensorDataType.BFloat16 => visitor.Visit<ushort>(),
        TensorDataType.Int32 => visitor.Visit<int>(),
        TensorDataType.UInt32 => visitor.Visit<uint>(),
        TensorDataType.Int64 => visitor.Visit<long>(),
        TensorDataType.UInt64 => visitor.Visit<ulong>(),
        TensorDataType.Bool => visitor.Visit<bool>(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}

/// <summary>A computation generic over every storage type (no arithmetic).</summary>
internal interface IAnyVisitor<out TResult>
{
    TResult Visit<T>() where T : unmanaged;
}
