using System.Buffers.Binary;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>
/// One leaf of the sorted exclusion index: a distinct record content hash, its position among the sorted distinct
/// hashes and how many records have it. Leaf input (big-endian integers):
/// <code>
/// "provenant-exclusion-leaf-v1"  27 ASCII bytes
/// content hash                   32 bytes (SHA-256 of the canonical record bytes; for the files format, of the file)
/// position                       u64, index of the leaf in ascending hash order
/// count                          u64 ≥ 1, records with this content hash
/// </code>
/// Leaf hash = SHA-256(0x00 ‖ leaf input) (RFC 9162 §2.1.1).
/// </summary>
/// <param name="ContentHash">The content hash (32 bytes).</param>
/// <param name="Position">Index among the sorted distinct hashes.</param>
/// <param name="Count">Number of records with this hash (≥ 1).</param>
public sealed record ExclusionLeaf(byte[] ContentHash, long Position, long Count)
{
    private static readonly byte[] Tag = "provenant-exclusion-leaf-v1"u8.ToArray();

    /// <summary>The leaf input (see the type summary).</summary>
    public byte[] Encode()
    {
        var b = new byte[Tag.Length + 32 + 16];
        Tag.CopyTo(b, 0);
        ContentHash.CopyTo(b, Tag.Length);
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(Tag.Length + 32), Position);
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(Tag.Length + 40), Count);
        return b;
    }

    /// <summary>The RFC 9162 leaf hash of <see cref="Encode"/>.</summary>
    public byte[] Hash() => Rfc9162.HashLeaf(Encode());
}
