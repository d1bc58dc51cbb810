using Provenant.Inference.Tensors;

namespace Provenant.Inference.Graph;

/// <summary>
/// A named value's type as declared by the model or inferred at load: element type (null if unknown)
/// and shape (null if the rank is unknown; a null dimension is unknown or symbolic).
/// </summary>
/// <param name="Name">Value name.</param>
/// <param name="DataType">Element type, if known.</param>
/// <param name="Shape">Dimensions, if the rank is known.</param>
public sealed record GraphValue(string Name, TensorDataType? DataType, IReadOnlyList<int?>? Shape)
{
    /// <summary>Shape as text, e.g. <c>[?,3,28,28]</c>; <c>?</c> when the rank is unknown.</summary>
    public string ShapeText => Shape is null ? "?" : "[" + string.Join(",", Shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")) + "]";

    /// <summary>Whether <paramref name="t"/> fits the declared type and fixed dimensions.</summary>
    public bool Accepts(Tensor t)
    {
        if (DataType is { } dt && dt != t.DataType)
        {
            return false;
        }
        if (Shape is null)
        {
            return true;
        }
        if (Shape.Count != t.Rank)
        {
            return false;
        }
        for (var i = 0; i < Shape.Count; i++)
        {
            if (Shape[i] is int d && d != t.Shape[i])
            {
                return false;
            }
        }
        return true;
    }
}
