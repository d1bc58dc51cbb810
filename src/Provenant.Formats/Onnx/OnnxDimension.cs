namespace Provenant.Formats.Onnx;

/// <summary>One dimension of a declared value shape: a fixed size, a symbolic name, or unknown (both null).</summary>
/// <param name="Value">Fixed size (≥ 0) when known.</param>
/// <param name="Param">Symbolic name such as <c>batch</c> when the size varies.</param>
public readonly record struct OnnxDimension(long? Value, string? Param)
{
    /// <inheritdoc />
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}
