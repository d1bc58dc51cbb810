using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Provenant.Core.Errors;

namespace Provenant.Cli.Commands;

/// <summary>
/// Draws the demo's 8×8 digit input (sklearn digits, intensities 0–16) as a 64×64 8-bit grayscale PNG (PNG spec
/// §11: IHDR, one IDAT of zlib-deflated filter-0 scanlines, IEND; CRC-32 per chunk), so the output can carry C2PA
/// content credentials.
/// </summary>
internal static class DemoDigitImage
{
    private const int Cell = 8;

    /// <summary>Reads the 64 pixel values from a tensor JSON file (<c>{"input": {"data": [64 numbers]}}</c>) and writes the PNG.</summary>
    /// <exception cref="ProvenantFormatException">The file does not hold 64 numbers in <c>input.data</c>.</exception>
    public static void Write(string inputJson, string pngPath)
    {
        using var doc = JsonDocument.Parse(Core.IO.BoundedFile.ReadAll(inputJson, "digit input", 1 << 20));
        if (!doc.RootElement.TryGetProperty("input", out var input) || !input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != 64)
        {
            throw new ProvenantFormatException(inputJson, "input.data", "64 pixel values", "something else");
        }
        var px = data.EnumerateArray().Select(v => (byte)Math.Clamp(255 - (int)(v.GetDouble() * 255 / 16), 0, 255)).ToArray();
        const int side = 8 * Cell;
        var raw = new byte[side * (side + 1)];
        for (var y = 0; y < side; y++)
        {
            raw[y * (side + 1)] = 0; // filter type None
            for (var x = 0; x < side; x++) raw[y * (side + 1) + 1 + x] = px[(y / Cell) * 8 + x / Cell];
        }
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.SmallestSize, leaveOpen: true)) zs.Write(raw);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // grayscale
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        Core.IO.AtomicFile.Write(pngPath, png.ToArray());
    }

    private static void Chunk(Stream s, string type, byte[] body)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, body.Length);
        s.Write(len);
        var typed = new byte[4 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        body.CopyTo(typed, 4);
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typed));
        s.Write(len);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
