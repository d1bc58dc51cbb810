using System.Buffers.Binary;
using System.IO.Compression;
using Provenant.Credentials.Embedding;

namespace Provenant.Credentials.Tests.Embedding;

/// <summary>Synthetic PNG and JPEG files larger than one read chunk (<see cref="ChunkHasher.ChunkBytes"/>), so
/// <see cref="CredentialEmbedder.Add"/> writes them while they are still being read.</summary>
internal static class LargeAssets
{
    /// <summary>An 8-bit greyscale PNG of random pixels (IHDR, one IDAT that zlib cannot shrink, IEND).</summary>
    public static byte[] Png(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var raw = new byte[(width + 1) * height];
        rng.NextBytes(raw);
        for (var y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter type None
        var z = new MemoryStream();
        using (var zlib = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(raw);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        var png = new MemoryStream();
        png.Write(PngContainer.Signature);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Writes one PNG chunk with its CRC.</summary>
    public static void Chunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, data.Length + 4)));
        png.Write(chunk);
    }

    /// <summary>A JPEG marker layout: SOI, a JFIF APP0, <paramref name="app1Count"/> full-size (65,535-byte) APP1
    /// segments, then <paramref name="beforeSos"/> (raw bytes: more segments or markers), an SOS header,
    /// <paramref name="scanBytes"/> of scan data without 0xFF bytes, and EOI. Only the marker structure matters to
    /// C2PA embedding.</summary>
    public static byte[] Jpeg(int app1Count, byte[] beforeSos, int scanBytes, int seed)
    {
        var rng = new Random(seed);
        var jpeg = new MemoryStream();
        jpeg.Write([0xff, 0xd8]);
        Segment(jpeg, 0xe0, [.. "JFIF\0"u8, 1, 2, 0, 0, 1, 0, 1, 0, 0]);
        for (var i = 0; i < app1Count; i++) jpeg.Write(App1(65533, rng));
        jpeg.Write(beforeSos);
        Segment(jpeg, 0xda, [1, 1, 0, 0, 63, 0]);
        var scan = new byte[scanBytes];
        rng.NextBytes(scan);
        for (var i = 0; i < scan.Length; i++) if (scan[i] == 0xff) scan[i] = 0x00;
        jpeg.Write(scan);
        jpeg.Write([0xff, 0xd9]);
        return jpeg.ToArray();
    }

    /// <summary>An APP1 segment (marker and length included) with an Exif-like header and <paramref name="payload"/>
    /// bytes of payload (≥ 6, ≤ 65,533).</summary>
    public static byte[] App1(int payload, Random rng)
    {
        var s = new MemoryStream();
        var data = new byte[payload];
        rng.NextBytes(data);
        "Exif\0\0"u8.CopyTo(data);
        Segment(s, 0xe1, data);
        return s.ToArray();
    }

    private static void Segment(Stream jpeg, byte marker, ReadOnlySpan<byte> payload)
    {
        Span<byte> head = [0xff, marker, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)(payload.Length + 2));
        jpeg.Write(head);
        jpeg.Write(payload);
    }
}
