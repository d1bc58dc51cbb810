namespace Provenant.Formats.Onnx;

/// <summary>
/// A dense tensor value from an ONNX file (initializer, <c>Constant</c> attribute or a TensorProto
/// <c>.pb</c> file), decoded to one canonical form: <see cref="RawData"/> holds the elements row-major in
/// the <c>raw_data</c> layout (fixed width, little-endian; bool one byte; 4-/2-bit types packed low bits
/// first) whichever field the file used. String tensors keep their elements in <see cref="Strings"/>.
/// </summary>
public sealed class OnnxTensor
{
    private readonly long[] _dims;

    /// <summary>Creates a numeric tensor; <paramref name="rawData"/> must hold exactly dtype × shape bytes.</summary>
    /// <param name="name">Value name (may be empty for anonymous tensors).</param>
    /// <param name="dataType">Element type; not <see cref="OnnxDataType.String"/> or <see cref="OnnxDataType.Undefined"/>.</param>
    /// <param name="dims">Shape; every dimension ≥ 0. Empty for a scalar.</param>
    /// <param name="rawData">Elements in <c>raw_data</c> layout.</param>
    /// <exception cref="ArgumentException">The type is string/undefined, a dim is negative or the length disagrees.</exception>
    public OnnxTensor(string name, OnnxDataType dataType, IReadOnlyList<long> dims, ReadOnlyMemory<byte> rawData)
    {
        if (dataType is OnnxDataType.String or OnnxDataType.Undefined)
        {
            throw new ArgumentException("use FromStrings for STRING tensors; UNDEFINED is not a tensor type", nameof(dataType));
        }
        Name = name;
        DataType = dataType;
        _dims = [.. dims];
        ElementCount = CountElements(_dims);
        if (OnnxDataTypes.ByteLength(dataType, ElementCount) != rawData.Length)
        {
            throw new ArgumentException($"{rawData.Length} bytes do not hold {ElementCount} {OnnxDataTypes.Name(dataType)} elements", nameof(rawData));
        }
        RawData = rawData;
        Strings = [];
    }

    private OnnxTensor(string name, long[] dims, IReadOnlyList<byte[]> strings)
    {
        Name = name;
        DataType = OnnxDataType.String;
        _dims = dims;
        ElementCount = CountElements(dims);
        if (strings.Count != ElementCount)
        {
            throw new ArgumentException($"{strings.Count} strings for {ElementCount} elements", nameof(strings));
        }
        Strings = strings;
    }

    /// <summary>Creates a STRING tensor from UTF-8 element bytes (one entry per element, row-major).</summary>
    /// <exception cref="ArgumentException">The count disagrees with the shape or a dim is negative.</exception>
    public static OnnxTensor FromStrings(string name, IReadOnlyList<long> dims, IReadOnlyList<byte[]> strings) =>
        new(name, [.. dims], strings);

    /// <summary>Value name (<c>TensorProto.name</c>); empty when the file gave none.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public OnnxDataType DataType { get; }

    /// <summary>Shape (<c>TensorProto.dims</c>); empty for a scalar.</summary>
    public IReadOnlyList<long> Dims => _dims;

    /// <summary>Number of elements (product of <see cref="Dims"/>; 1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>Elements in <c>raw_data</c> layout; empty for STRING tensors.</summary>
    public ReadOnlyMemory<byte> RawData { get; }

    /// <summary>UTF-8 elements of a STRING tensor; empty otherwise.</summary>
    public IReadOnlyList<byte[]> Strings { get; }

    /// <summary>Returns the same tensor under another name.</summary>
    public OnnxTensor WithName(string name) =>
        DataType == OnnxDataType.String ? new OnnxTensor(name, _dims, Strings) : new OnnxTensor(name, DataType, _dims, RawData);

    /// <summary>Shape as text, e.g. <c>[1,3,224,224]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", _dims) + "]";

    private static long CountElements(long[] dims)
    {
        long n = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension {d}", nameof(dims));
            }
            n = checked(n * d);
        }
        return n;
    }
}
