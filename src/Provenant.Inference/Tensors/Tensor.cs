using System.Runtime.InteropServices;
using Provenant.Formats.Onnx;

namespace Provenant.Inference.Tensors;

/// <summary>
/// A dense, row-major tensor: element type, shape and a storage array of exactly
/// <see cref="Length"/> elements (see <see cref="TensorDataType"/> for the array type per element type).
/// Engines treat tensors as immutable once produced; reshaping views share storage.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    private Tensor(TensorDataType type, Array buffer, int[] shape)
    {
        DataType = type;
        Buffer = buffer;
        _shape = shape;
        Length = buffer.Length;
    }

    /// <summary>Element type.</summary>
    public TensorDataType DataType { get; }

    /// <summary>Dimensions (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public int Length { get; }

    /// <summary>The storage array (type per <see cref="TensorDataTypes.ClrType"/>).</summary>
    internal Array Buffer { get; }

    /// <summary>The shape array itself (callers must not modify it).</summary>
    internal int[] Dims => _shape;

    /// <summary>A zero-filled tensor.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the element count exceeds <see cref="int.MaxValue"/>.</exception>
    public static Tensor Zeros(TensorDataType type, params int[] shape) =>
        new(type, TensorDataTypes.Allocate(type, TensorShape.Size(shape)), [.. shape]);

    /// <summary>Wraps <paramref name="data"/> (not copied) with the element type implied by <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The length disagrees with the shape, or <typeparamref name="T"/> is not a storage type.</exception>
    public static Tensor FromArray<T>(T[] data, params int[] shape) where T : unmanaged
    {
        var type = TypeOf<T>();
        return FromBuffer(type, data, shape);
    }

    /// <summary>Wraps a storage array (not copied) as a tensor of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The array type or length does not fit.</exception>
    public static Tensor FromBuffer(TensorDataType type, Array data, params int[] shape)
    {
        if (data.GetType().GetElementType() != TensorDataTypes.ClrType(type))
        {
            throw new ArgumentException($"{TensorDataTypes.Name(type)} tensors are stored in {TensorDataTypes.ClrType(type).Name}[]", nameof(data));
        }
        if (TensorShape.Size(shape) != data.Length)
        {
            throw new ArgumentException($"{data.Length} elements do not fill shape {TensorShape.ToText(shape)}", nameof(data));
        }
        return new Tensor(type, data, [.. shape]);
    }

    /// <summary>A scalar (rank 0) tensor.</summary>
    public static Tensor Scalar<T>(T value) where T : unmanaged => FromArray(new[] { value });

    /// <summary>A tensor built without checks (engine-internal; the caller guarantees type, length and shape agree).</summary>
    internal static Tensor FromTrusted(TensorDataType type, Array data, int[] shape) => new(type, data, shape);

    /// <summary>The element type a CLR storage type denotes (ushort maps to UINT16).</summary>
    public static TensorDataType TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorDataType.Float32
        : typeof(T) == typeof(double) ? TensorDataType.Float64
        : typeof(T) == typeof(Half) ? TensorDataType.Float16
        : typeof(T) == typeof(sbyte) ? TensorDataType.Int8
        : typeof(T) == typeof(byte) ? TensorDataType.UInt8
        : typeof(T) == typeof(short) ? TensorDataType.Int16
        : typeof(T) == typeof(ushort) ? TensorDataType.UInt16
        : typeof(T) == typeof(int) ? TensorDataType.Int32
        : typeof(T) == typeof(uint) ? TensorDataType.UInt32
        : typeof(T) == typeof(long) ? TensorDataType.Int64
        : typeof(T) == typeof(ulong) ? TensorDataType.UInt64
        : typeof(T) == typeof(bool) ? TensorDataType.Bool
        : throw new ArgumentException($"{typeof(T).Name} is not a tensor storage type");

    /// <summary>The elements as a span of the storage type.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's storage type.</exception>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (Buffer is T[] a)
        {
            return a;
        }
        throw new InvalidOperationException($"tensor holds {TensorDataTypes.Name(DataType)}, not {typeof(T).Name}");
    }

    /// <summary>The storage array (not a copy) when it is a <typeparamref name="T"/>[]; engine-internal fast path.</summary>
    internal T[] Array<T>() where T : unmanaged => (T[])Buffer;

    /// <summary>A view with another shape of the same element count, sharing storage.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(params int[] shape)
    {
        if (TensorShape.Size(shape) != Length)
        {
            throw new ArgumentException($"cannot view {TensorShape.ToText(_shape)} as {TensorShape.ToText(shape)}", nameof(shape));
        }
        return new Tensor(DataType, Buffer, [.. shape]);
    }

    /// <summary>Element <paramref name="index"/> (flat, row-major) converted to double (bool → 0/1; bfloat16 decoded).</summary>
    public double GetDouble(int index) => Buffer switch
    {
        float[] a => a[index],
        double[] a => a[index],
        Half[] a => (double)a[index],
        ushort[] a when DataType == TensorDataType.BFloat16 => BFloat16Bits.ToSingle(a[index]),
        sbyte[] a => a[index],
        byte[] a => a[index],
        short[] a => a[index],
        ushort[] a => a[index],
        int[] a => a[index],
        uint[] a => a[index],
        long[] a => a[index],
        ulong[] a => a[index],
        bool[] a => a[index] ? 1 : 0,
        _ => throw new InvalidOperationException("unknown storage"),
    };

    /// <summary>Element <paramref name="index"/> of an integer tensor as int64.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not INT32/INT64 (the types ONNX uses for shapes, axes and indices).</exception>
    public long GetInt64(int index) => Buffer switch
    {
        long[] a => a[index],
        int[] a => a[index],
        _ => throw new InvalidOperationException($"expected an INT32 or INT64 tensor, got {TensorDataTypes.Name(DataType)}"),
    };

    /// <summary>All elements of an INT32/INT64 tensor as int64 (shapes, axes, indices).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not INT32/INT64.</exception>
    public long[] ToInt64Array()
    {
        var r = new long[Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = GetInt64(i);
        }
        return r;
    }

    /// <summary>Shape as text, e.g. <c>[1,3,28,28]</c>.</summary>
    public string ShapeText => TensorShape.ToText(_shape);

    /// <summary>The raw little-endian element bytes (bool as 0/1 bytes), as ONNX <c>raw_data</c> stores them.</summary>
    public byte[] ToBytes()
    {
        return RawBytes().ToArray();
    }

    /// <summary>Decodes an ONNX tensor (copying its data).</summary>
    /// <exception cref="Provenant.Core.Errors.UnsupportedFeatureException">The element type is not supported.</exception>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The tensor has more than <see cref="int.MaxValue"/> elements.</exception>
    public static Tensor FromOnnx(OnnxTensor t, string where)
    {
        var type = TensorDataTypes.FromOnnx(t.DataType, where);
        if (t.ElementCount > int.MaxValue || t.Dims.Any(d => d > int.MaxValue))
        {
            throw new Provenant.Core.Errors.UnsupportedFeatureException($"{where}: tensors of more than {int.MaxValue} elements are not supported");
        }
        var shape = t.Dims.Select(d => (int)d).ToArray();
        var buffer = TensorDataTypes.Allocate(type, (int)t.ElementCount);
        var tensor = new Tensor(type, buffer, shape);
        t.RawData.Span.CopyTo(tensor.RawBytes());
        if (type == TensorDataType.Bool)
        {
            var b = (bool[])buffer;
            var raw = t.RawData.Span;
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = raw[i] != 0; // normalise any nonzero byte to true
            }
        }
        return tensor;
    }

    /// <summary>The storage as bytes (little-endian hosts only; checked by the ONNX codec).</summary>
    internal Span<byte> RawBytes() =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(Buffer), Length * TensorDataTypes.Size(DataType));

    /// <summary>This tensor as an ONNX tensor named <paramref name="name"/>.</summary>
    public OnnxTensor ToOnnx(string name) =>
        new(name, TensorDataTypes.ToOnnx(DataType), _shape.Select(d => (long)d).ToArray(), ToBytes());
}
