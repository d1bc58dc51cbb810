namespace Provenant.Core.Hashing;

/// <summary>Lower-case hexadecimal, the encoding every digest in OMS manifests and in-toto subjects uses.</summary>
public static class Hex
{
    /// <summary>Encodes bytes as lower-case hex.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex (either case); returns false for odd length or a non-hex character.</summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length % 2 != 0) return false;
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
