namespace Provenant.Formats.Onnx;

/// <summary>
/// A node attribute (<c>AttributeProto</c>): <see cref="Type"/> says which value field is meaningful.
/// Subgraph, sparse-tensor and type attributes are kept by type only (their values are not loaded);
/// an operator that needs one is unsupported.
/// </summary>
/// <param name="Name">Attribute name.</param>
/// <param name="Type">Which field holds the value.</param>
/// <param name="Float">Value of a FLOAT attribute.</param>
/// <param name="Int">Value of an INT attribute.</param>
/// <param name="String">Value of a STRING attribute (bytes; UTF-8 by convention).</param>
/// <param name="Tensor">Value of a TENSOR attribute.</param>
/// <param name="Floats">Values of a FLOATS attribute.</param>
/// <param name="Ints">Values of an INTS attribute.</param>
/// <param name="Strings">Values of a STRINGS attribute.</param>
/// <param name="Tensors">Values of a TENSORS attribute.</param>
public sealed record OnnxAttribute(
    string Name,
    OnnxAttributeType Type,
    float Float = 0,
    long Int = 0,
    byte[]? String = null,
    OnnxTensor? Tensor = null,
    IReadOnlyList<float>? Floats = null,
    IReadOnlyList<long>? Ints = null,
    IReadOnlyList<byte[]>? Strings = null,
    IReadOnlyList<OnnxTensor>? Tensors = null)
{
    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute FromInt(string name, long value) => new(name, OnnxAttributeType.Int, Int: value);

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute FromFloat(string name, float value) => new(name, OnnxAttributeType.Float, Float: value);

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute FromInts(string name, params long[] values) => new(name, OnnxAttributeType.Ints, Ints: values);

    /// <summary>A FLOATS attribute.</summary>
    public static OnnxAttribute FromFloats(string name, params float[] values) => new(name, OnnxAttributeType.Floats, Floats: values);

    /// <summary>A STRING attribute from text (UTF-8).</summary>
    public static OnnxAttribute FromString(string name, string value) =>
        new(name, OnnxAttributeType.String, String: System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>A TENSOR attribute.</summary>
    public static OnnxAttribute FromTensor(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor, Tensor: value);
}
