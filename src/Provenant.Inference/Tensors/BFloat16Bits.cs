namespace Provenant.Inference.Tensors;

/// <summary>bfloat16 conversions: the value is the upper 16 bits of a binary32.</summary>
public static class BFloat16Bits
{
    /// <summary>Widens bfloat16 bits to binary32 (exact).</summary>
    public static float ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>
    /// Narrows binary32 to bfloat16 bits with round-to-nearest-even; NaN becomes the quiet NaN 0x7FC0
    /// (the rule of ONNX's reference <c>float32_to_bfloat16</c> without truncation).
    /// </summary>
    public static ushort FromSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return 0x7FC0;
        }
        var x = (uint)BitConverter.SingleToInt32Bits(value);
        var rounding = ((x >> 16) & 1) + 0x7FFF;
        return (ushort)((x + rounding) >> 16);
    }
}
