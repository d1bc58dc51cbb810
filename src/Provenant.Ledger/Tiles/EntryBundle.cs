using System.Buffers.Binary;
using Provenant.Core.Errors;

namespace Provenant.Ledger.Tiles;

/// <summary>
/// Entry bundles of c2sp.org/tlog-tiles ("Log entries"): a sequence of big-endian uint16 length-prefixed entries, so
/// one entry is at most 65,535 bytes.
/// </summary>
public static class EntryBundle
{
    /// <summary>Largest entry an entry bundle can carry.</summary>
    public const int MaxEntrySize = ushort.MaxValue;

    /// <summary>Encodes <paramref name="entries"/> as a bundle.</summary>
    /// <exception cref="ArgumentException">An entry is longer than 65,535 bytes.</exception>
    public static byte[] Encode(IReadOnlyList<byte[]> entries)
    {
        var size = 0;
        foreach (var e in entries)
        {
            if (e.Length > MaxEntrySize) throw new ArgumentException($"a log entry is at most {MaxEntrySize} bytes");
            size += 2 + e.Length;
        }
        var buf = new byte[size];
        var o = 0;
        foreach (var e in entries)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(o), (ushort)e.Length);
            e.CopyTo(buf, o + 2);
            o += 2 + e.Length;
        }
        return buf;
    }

    /// <summary>Decodes a bundle, requiring exactly <paramref name="expectedCount"/> entries and no trailing bytes.</summary>
    /// <exception cref="ProvenantFormatException">Truncated length or entry, wrong count, or trailing bytes.</exception>
    public static List<byte[]> Decode(ReadOnlySpan<byte> bundle, int expectedCount, string source)
    {
        var list = new List<byte[]>(Math.Min(expectedCount, TilePath.FullWidth));
        var o = 0;
        while (o < bundle.Length)
        {
            if (list.Count == expectedCount) throw new ProvenantFormatException(source, "entry bundle", $"{expectedCount} entries and nothing after them", "trailing bytes", o);
            if (bundle.Length - o < 2) throw new ProvenantFormatException(source, $"entry {list.Count} length", "a 2-byte big-endian length", "end of data", o);
            var len = BinaryPrimitives.ReadUInt16BigEndian(bundle[o..]);
            if (bundle.Length - o - 2 < len) throw new ProvenantFormatException(source, $"entry {list.Count}", $"{len} bytes", $"{bundle.Length - o - 2} bytes left", o + 2);
            list.Add(bundle.Slice(o + 2, len).ToArray());
            o += 2 + len;
        }
        if (list.Count != expectedCount) throw new ProvenantFormatException(source, "entry bundle", $"{expectedCount} entries", $"{list.Count}");
        return list;
    }
}
