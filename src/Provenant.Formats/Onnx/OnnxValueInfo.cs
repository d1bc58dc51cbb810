namespace Provenant.Formats.Onnx;

/// <summary>
/// A declared graph input, output or intermediate value (<c>ValueInfoProto</c>). <see cref="ElementType"/>
/// is null when the type is not a tensor (sequence, map, optional…) or not given; <see cref="Shape"/> is
/// null when the rank is unknown.
/// </summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">Tensor element type, if the value is a tensor with a declared type.</param>
/// <param name="Shape">Declared dimensions, if the rank is known.</param>
/// <param name="IsTensor">False when the declared type is a sequence, map, optional or sparse tensor.</param>
public sealed record OnnxValueInfo(string Name, OnnxDataType? ElementType, IReadOnlyList<OnnxDimension>? Shape, bool IsTensor = true)
{
    /// <summary>Shape as text, e.g. <c>[batch,3,224,224]</c>, or <c>?</c> when unknown.</summary>
    public string ShapeText => Shape is null ? "?" : "[" + string.Join(",", Shape) + "]";
}
