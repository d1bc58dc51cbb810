using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Circuit;

/// <summary>Reads the elements of an integer tensor of any integer element type (int8 … int64) as int64.</summary>
public static class TensorIntegers
{
    /// <summary>The elements of <paramref name="tensor"/> as int64, row-major.</summary>
    /// <exception cref="ArgumentException">The tensor is not of an integer element type.</exception>
    public static long[] ToIntegers(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType is not (TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32 or TensorDataType.Int64 or TensorDataType.UInt8 or TensorDataType.UInt16))
        {
            throw new ArgumentException($"expected an integer tensor, got {TensorDataTypes.Name(tensor.DataType)}", nameof(tensor));
        }
        var r = new long[tensor.Length];
        switch (tensor.DataType)
        {
            // Typed fast paths: the weights of a multi-million-parameter model are converted on every verification.
            case TensorDataType.Int8: Widen(tensor.AsSpan<sbyte>(), r); break;
            case TensorDataType.Int32: Widen(tensor.AsSpan<int>(), r); break;
            default:
                for (int i = 0; i < r.Length; i++) r[i] = tensor.DataType == TensorDataType.Int64 ? tensor.GetInt64(i) : (long)tensor.GetDouble(i);
                break;
        }
        return r;
    }

    private static void Widen<T>(ReadOnlySpan<T> source, long[] destination) where T : struct, System.Numerics.IBinaryInteger<T>
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = long.CreateTruncating(source[i]);
    }
}
