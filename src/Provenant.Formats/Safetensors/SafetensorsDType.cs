namespace Provenant.Formats.Safetensors;

/// <summary>
/// The dtypes of the safetensors format and their element widths in bits, as the reference implementation
/// (huggingface/safetensors, <c>safetensors/src/tensor.rs</c>, <c>Dtype::bitsize</c>) defines them.
/// A tensor's byte length is <c>product(shape) × bits / 8</c>, which must be a whole number of bytes.
/// </summary>
public static class SafetensorsDType
{
    private static readonly Dictionary<string, int> Bits = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8,
        ["F4"] = 4,
        ["F6_E2M3"] = 6,
        ["F6_E3M2"] = 6,
        ["U8"] = 8,
        ["I8"] = 8,
        ["F8_E5M2"] = 8,
        ["F8_E4M3"] = 8,
        ["F8_E8M0"] = 8,
        ["F8_E4M3FNUZ"] = 8,
        ["F8_E5M2FNUZ"] = 8,
        ["I16"] = 16,
        ["U16"] = 16,
        ["F16"] = 16,
        ["BF16"] = 16,
        ["I32"] = 32,
        ["U32"] = 32,
        ["F32"] = 32,
        ["C64"] = 64,
        ["F64"] = 64,
        ["I64"] = 64,
        ["U64"] = 64,
    };

    /// <summary>Every dtype name, in the reference implementation's order of increasing alignment.</summary>
    public static IReadOnlyCollection<string> Names => Bits.Keys;

    /// <summary>The element width in bits of <paramref name="dtype"/>; false for an unknown name (names are case-sensitive).</summary>
    public static bool TryGetBits(string dtype, out int bits) => Bits.TryGetValue(dtype, out bits);
}
