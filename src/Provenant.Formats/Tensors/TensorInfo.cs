using System.Globalization;

namespace Provenant.Formats.Tensors;

/// <summary>
/// One tensor as every weight reader describes it (safetensors, GGUF, ONNX initializers): its name, its dtype string,
/// its shape in row-major order (outermost dimension first, as numpy, ONNX and safetensors write it) and where its
/// bytes are.
/// </summary>
/// <remarks>
/// <para><see cref="DType"/> uses safetensors' spelling for plain element types (<c>F32</c>, <c>F16</c>, <c>BF16</c>,
/// <c>I64</c>, <c>U8</c>, <c>BOOL</c>…) and ggml's upper-case type name for GGUF block types (<c>Q4_0</c>, <c>Q4_K</c>,
/// <c>IQ2_XXS</c>, <c>MXFP4</c>…), so one element type has one spelling whichever file it came from.</para>
/// <para>The byte layout of the data is the file's: little-endian elements, or ggml blocks for quantized types.</para>
/// </remarks>
public sealed record TensorInfo
{
    /// <summary>Creates a description, checking it is self-consistent.</summary>
    /// <param name="name">Tensor name (unique within its source).</param>
    /// <param name="dtype">Element type (see the type remarks).</param>
    /// <param name="shape">Dimensions, outermost first; each ≥ 0; empty for a scalar.</param>
    /// <param name="byteLength">Size of the tensor's data in bytes, ≥ 0.</param>
    /// <param name="fileOffset">Absolute byte offset of the data in the file, or null when the data are not one
    /// contiguous range of the file (for example ONNX typed fields).</param>
    /// <exception cref="ArgumentException">An empty name or dtype, a negative dimension, length or offset.</exception>
    public TensorInfo(string name, string dtype, IReadOnlyList<long> shape, long byteLength, long? fileOffset)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0)) throw new ArgumentException("tensor dimensions must be non-negative", nameof(shape));
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        if (fileOffset < 0) throw new ArgumentOutOfRangeException(nameof(fileOffset), "file offset must be non-negative");
        Name = name;
        DType = dtype;
        Shape = shape.ToArray();
        ByteLength = byteLength;
        FileOffset = fileOffset;
    }

    /// <summary>Tensor name.</summary>
    public string Name { get; }

    /// <summary>Element type, e.g. <c>F32</c> or <c>Q4_K</c>.</summary>
    public string DType { get; }

    /// <summary>Dimensions, outermost first (row-major).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Size of the data in bytes.</summary>
    public long ByteLength { get; }

    /// <summary>Absolute offset of the data in the file, or null when not stored as one range.</summary>
    public long? FileOffset { get; }

    /// <summary>The shape as text, e.g. <c>[32, 1, 3, 3]</c> (<c>[]</c> for a scalar).</summary>
    public string ShapeText => "[" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public bool Equals(TensorInfo? other) =>
        other is not null && Name == other.Name && DType == other.DType && Shape.SequenceEqual(other.Shape)
        && ByteLength == other.ByteLength && FileOffset == other.FileOffset;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, DType, Shape.Count, ByteLength, FileOffset);
}
