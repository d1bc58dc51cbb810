using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// JPEG (ITU-T T.81): the store travels in APP11 (0xFFEB) segments, JPEG XT / ISO 19566-5 Annex "JUMBF in JPEG"
/// as C2PA 2.x §A.3.1 describes: each segment's payload is <c>CI</c> = "JP" (0x4A50), <c>En</c> (u16 box instance),
/// <c>Z</c> (u32 packet sequence number from 1), then box data; segments after the first repeat the box's LBox and
/// TBox before the continuation bytes. A store over one segment's capacity (65,525 bytes) is split. Provenant
/// inserts the segments after SOI and any leading APP0/APP1 segments; the exclusion covers them all.
/// </summary>
public sealed class JpegContainer : IAssetContainer
{
    private const int MaxSegmentPayload = 65533;   // length field 65535 minus its own 2 bytes
    private const int JpegXtHeader = 8;            // CI(2) En(2) Z(4)
    private const ushort CommonIdentifier = 0x4a50; // "JP"

    /// <inheritdoc />
    public string MediaType => "image/jpeg";

    /// <summary>True when <paramref name="asset"/> starts with SOI and a marker.</summary>
    public static bool Matches(ReadOnlySpan<byte> asset) => asset.Length >= 3 && asset[0] == 0xff && asset[1] == 0xd8 && asset[2] == 0xff;

    /// <inheritdoc />
    public ManifestLocation? Find(ReadOnlyMemory<byte> asset, string source)
    {
        var span = asset.Span;
        var groups = new Dictionary<ushort, List<(uint Z, JpegSegment Segment)>>();
        foreach (var s in Segments(span, source))
        {
            if (s.Marker != 0xeb || s.PayloadLength < JpegXtHeader + 8) continue;
            var p = span.Slice((int)s.PayloadOffset, s.PayloadLength);
            if (BinaryPrimitives.ReadUInt16BigEndian(p) != CommonIdentifier) continue;
            var en = BinaryPrimitives.ReadUInt16BigEndian(p[2..]);
            var z = BinaryPrimitives.ReadUInt32BigEndian(p[4..]);
            if (!groups.TryGetValue(en, out var list)) groups[en] = list = [];
            list.Add((z, s));
        }
        ManifestLocation? found = null;
        foreach (var (en, list) in groups)
        {
            var first = span.Slice((int)list[0].Segment.PayloadOffset + JpegXtHeader, 8);
            if (!first[4..].SequenceEqual("jumb"u8)) continue;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Z != i + 1) throw new ProvenantFormatException(source, $"APP11 box instance {en}", $"packet sequence number {i + 1} (segments in order, C2PA §A.3.1)", $"Z = {list[i].Z}", list[i].Segment.Offset);
                if (i > 0 && !span.Slice((int)list[i].Segment.PayloadOffset + JpegXtHeader, 8).SequenceEqual(first))
                {
                    throw new ProvenantFormatException(source, $"APP11 box instance {en}", "the repeated LBox/TBox of the first segment", "different bytes", list[i].Segment.PayloadOffset + JpegXtHeader);
                }
            }
            var store = new MemoryStream();
            for (var i = 0; i < list.Count; i++)
            {
                var skip = JpegXtHeader + (i == 0 ? 0 : 8);
                var seg = list[i].Segment;
                store.Write(span.Slice((int)seg.PayloadOffset + skip, seg.PayloadLength - skip));
            }
            var bytes = store.ToArray();
            if (!IsC2paStore(bytes)) continue;
            if (found is not null) throw new ProvenantFormatException(source, "APP11", "one C2PA manifest store", "a second one", list[0].Segment.Offset);
            var start = list[0].Segment.Offset;
            found = new ManifestLocation(bytes, new ExclusionRange(start, list[^1].Segment.End - start));
        }
        return found;
    }

    /// <summary>The range of the store's APP11 segments when <paramref name="prefix"/> (a prefix of a JPEG being read)
    /// already holds all of them, or null; <paramref name="final"/> is true when the marker segments were walked to
    /// their end without finding a store (no later prefix can give one). A guess for hashing behind the reader only:
    /// <see cref="Find"/> on the whole file decides.</summary>
    internal ExclusionRange? StoreInPrefix(ReadOnlyMemory<byte> prefix, out bool final)
    {
        try
        {
            var location = Find(prefix, "prefix");
            final = location is null;
            return location?.Range;
        }
        catch (ProvenantFormatException)
        {
            final = false; // a segment runs past the prefix (or is malformed: the whole-file Find reports it)
            return null;
        }
    }

    private static bool IsC2paStore(ReadOnlySpan<byte> box)
    {
        // jumb header (8) + jumd header (8) + UUID (16): the store's UUID starts "c2pa".
        return box.Length >= 32 && box.Slice(16, 16).SequenceEqual(Jumbf.JumbfUuid.ManifestStore.ToBytes());
    }

    /// <inheritdoc />
    public long InsertionOffset(ReadOnlySpan<byte> asset, string source)
    {
        var offset = 2L;
        foreach (var s in Segments(asset, source))
        {
            if (s.Marker is not (0xe0 or 0xe1)) break;
            offset = s.End;
        }
        return offset;
    }

    /// <inheritdoc />
    public byte[] Wrap(ReadOnlySpan<byte> store)
    {
        if (store.Length < 8) throw new ArgumentException("a JUMBF box has at least 8 bytes");
        var output = new MemoryStream();
        var header = store[..8];
        var pos = 0;
        uint z = 1;
        Span<byte> head = stackalloc byte[4 + JpegXtHeader];
        while (pos < store.Length)
        {
            var repeat = z == 1 ? 0 : 8;
            var take = Math.Min(store.Length - pos, MaxSegmentPayload - JpegXtHeader - repeat);
            head[0] = 0xff;
            head[1] = 0xeb;
            BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)(2 + JpegXtHeader + repeat + take));
            BinaryPrimitives.WriteUInt16BigEndian(head[4..], CommonIdentifier);
            BinaryPrimitives.WriteUInt16BigEndian(head[6..], 1);
            BinaryPrimitives.WriteUInt32BigEndian(head[8..], z);
            output.Write(head);
            if (repeat > 0) output.Write(header);
            output.Write(store.Slice(pos, take));
            pos += take;
            z++;
        }
        return output.ToArray();
    }

    /// <summary>The marker segments from SOI up to (not including) the first SOS or EOI, with bounds checked.</summary>
    /// <exception cref="ProvenantFormatException">No SOI, a bad marker, or a segment length past the end.</exception>
    public static IReadOnlyList<JpegSegment> Segments(ReadOnlySpan<byte> asset, string source)
    {
        if (!Matches(asset)) throw new ProvenantFormatException(source, "JPEG SOI", "FF D8 FF", null, 0);
        var list = new List<JpegSegment>();
        var pos = 2L;
        while (pos < asset.Length)
        {
            if (asset[(int)pos] != 0xff) throw new ProvenantFormatException(source, "JPEG marker", "0xFF", $"0x{asset[(int)pos]:x2}", pos);
            var marker = asset.Length - pos >= 2 ? asset[(int)pos + 1] : throw new ProvenantFormatException(source, "JPEG marker", "a marker code", "end of file", pos);
            if (marker == 0xff) { pos++; continue; }
            if (marker is 0xd9 or 0xda) break;
            if (marker is >= 0xd0 and <= 0xd7 or 0x01) { pos += 2; continue; }
            if (asset.Length - pos < 4) throw new ProvenantFormatException(source, $"segment 0xFF{marker:X2}", "a 2-byte length", "truncated", pos);
            var length = BinaryPrimitives.ReadUInt16BigEndian(asset[(int)(pos + 2)..]);
            if (length < 2 || length > asset.Length - pos - 2) throw new ProvenantFormatException(source, $"length of segment 0xFF{marker:X2}", $"2..{asset.Length - pos - 2}", $"{length} (past the end of the file)", pos + 2);
            list.Add(new JpegSegment(marker, pos, pos + 4, length - 2));
            pos += 2 + length;
        }
        return list;
    }
}
