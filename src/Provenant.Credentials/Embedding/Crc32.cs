namespace Provenant.Credentials.Embedding;

/// <summary>CRC-32 as PNG uses it (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320; PNG spec §5.5).</summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0xffffffffu, data) ^ 0xffffffffu;

    /// <summary>Continues a running (pre-inverted) CRC register; start with 0xFFFFFFFF and invert at the end.</summary>
    public static uint Append(uint register, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) register = Table[(register ^ b) & 0xff] ^ (register >> 8);
        return register;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }
}
