using System.Buffers.Binary;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// PNG (ISO/IEC 15948, PNG spec §5): an 8-byte signature then chunks <c>length(4) type(4) data crc(4)</c>. C2PA puts
/// the store in one <c>caBX</c> chunk before the first <c>IDAT</c> (C2PA 2.x §A.3.3 "PNG"); Provenant inserts it right
/// after <c>IHDR</c>. The exclusion covers the whole chunk (length field through CRC).
/// </summary>
public sealed class PngContainer : IAssetContainer
{
    /// <summary>The PNG signature.</summary>
    public static readonly byte[] Signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>The C2PA chunk type.</summary>
    public const string ChunkType = "caBX";

    /// <inheritdoc />
    public string MediaType => "image/png";

    /// <summary>True when <paramref name="asset"/> starts with the PNG signature.</summary>
    public static bool Matches(ReadOnlySpan<byte> asset) => asset.StartsWith(Signature);

    /// <inheritdoc />
    public ManifestLocation? Find(ReadOnlyMemory<byte> asset, string source)
    {
        ManifestLocation? found = null;
        foreach (var (offset, type, length) in Chunks(asset.Span, source))
        {
            if (type != ChunkType) continue;
            if (found is not null) throw new ProvenantFormatException(source, "caBX", "at most one C2PA manifest chunk", "a second caBX chunk", offset);
            var data = asset.Slice((int)offset + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(asset.Span[(int)(offset + 8 + length)..]);
            var expected = Crc32.Compute(asset.Span.Slice((int)offset + 4, (int)length + 4));
            if (crc != expected) throw new ProvenantFormatException(source, "caBX CRC", $"0x{expected:x8}", $"0x{crc:x8}", offset + 8 + length);
            found = new ManifestLocation(data, new ExclusionRange(offset, length + 12));
        }
        return found;
    }

    /// <inheritdoc />
    /// <remarks>Only the signature and the first chunk are read (so a prefix of the file suffices); the other chunks
    /// are checked by <see cref="Find"/>.</remarks>
    public long InsertionOffset(ReadOnlySpan<byte> asset, string source)
    {
        if (!Matches(asset)) throw new ProvenantFormatException(source, "PNG signature", "89 50 4E 47 0D 0A 1A 0A", null, 0);
        if (asset.Length == Signature.Length) throw new ProvenantFormatException(source, "PNG", "an IHDR chunk", "no chunks", 8);
        var (offset, type, length) = ChunkAt(asset, Signature.Length, source);
        if (type != "IHDR") throw new ProvenantFormatException(source, "first chunk", "IHDR", type, offset);
        return offset + 12 + length;
    }

    /// <summary>The range of the first <c>caBX</c> chunk that lies wholly in <paramref name="prefix"/> (a prefix of a
    /// PNG being read), or null when none does yet; <paramref name="final"/> is true when no later prefix can give one
    /// (IEND or a malformed chunk seen). A guess for hashing behind the reader only: <see cref="Find"/> on the whole
    /// file decides.</summary>
    internal static ExclusionRange? StoreChunkInPrefix(ReadOnlySpan<byte> prefix, out bool final)
    {
        final = true;
        if (!Matches(prefix)) return null;
        for (var pos = (long)Signature.Length; prefix.Length - pos >= 12;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[(int)pos..]);
            if (length > int.MaxValue - 12) return null;
            if (length > prefix.Length - pos - 12) break;
            var type = prefix.Slice((int)pos + 4, 4);
            if (type.SequenceEqual("caBX"u8)) return new ExclusionRange(pos, length + 12);
            if (type.SequenceEqual("IEND"u8)) return null;
            pos += 12 + length;
        }
        final = false;
        return null;
    }

    /// <inheritdoc />
    public byte[] Wrap(ReadOnlySpan<byte> store)
    {
        if (store.Length > int.MaxValue - 12) throw new ArgumentException("manifest store too large for a PNG chunk (2^31-1 bytes)");
        var chunk = new byte[store.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)store.Length);
        Encoding.ASCII.GetBytes(ChunkType, chunk.AsSpan(4));
        store.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + store.Length), Crc32.Compute(chunk.AsSpan(4, store.Length + 4)));
        return chunk;
    }

    /// <summary>Walks the chunks (offset of the length field, type, data length), checking every length against the
    /// file; stops after IEND.</summary>
    /// <exception cref="ProvenantFormatException">Not a PNG, a truncated chunk, or a length past the end.</exception>
    public static IEnumerable<(long Offset, string Type, long Length)> Chunks(ReadOnlySpan<byte> asset, string source)
    {
        if (!Matches(asset)) throw new ProvenantFormatException(source, "PNG signature", "89 50 4E 47 0D 0A 1A 0A", null, 0);
        var list = new List<(long, string, long)>();
        var pos = 8L;
        while (pos < asset.Length)
        {
            var chunk = ChunkAt(asset, pos, source);
            list.Add(chunk);
            pos += 12 + chunk.Length;
            if (chunk.Type == "IEND") break;
        }
        return list;
    }

    /// <summary>The chunk whose length field is at <paramref name="pos"/> (&lt; the asset's length), bounds checked.</summary>
    private static (long Offset, string Type, long Length) ChunkAt(ReadOnlySpan<byte> asset, long pos, string source)
    {
        if (asset.Length - pos < 12) throw new ProvenantFormatException(source, "PNG chunk", "12 bytes of chunk header and CRC", $"{asset.Length - pos} byte(s): truncated", pos);
        var length = BinaryPrimitives.ReadUInt32BigEndian(asset[(int)pos..]);
        var type = Encoding.Latin1.GetString(asset.Slice((int)pos + 4, 4));
        if (length > int.MaxValue || length > asset.Length - pos - 12) throw new ProvenantFormatException(source, $"length of chunk '{type}'", $"at most {asset.Length - pos - 12}", $"{length} (past the end of the file)", pos);
        return (pos, type, length);
    }
}
