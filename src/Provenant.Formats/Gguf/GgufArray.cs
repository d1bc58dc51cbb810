namespace Provenant.Formats.Gguf;

/// <summary>A GGUF array value: its element type and its elements as a typed .NET array
/// (<c>byte[]</c>, <c>sbyte[]</c>, <c>ushort[]</c>, <c>short[]</c>, <c>uint[]</c>, <c>int[]</c>, <c>float[]</c>,
/// <c>bool[]</c>, <c>string[]</c>, <c>GgufArray[]</c>, <c>ulong[]</c>, <c>long[]</c> or <c>double[]</c>).</summary>
/// <param name="ElementType">Type of every element.</param>
/// <param name="Items">The elements.</param>
public sealed record GgufArray(GgufValueType ElementType, Array Items)
{
    /// <summary>Number of elements.</summary>
    public int Count => Items.Length;
}
