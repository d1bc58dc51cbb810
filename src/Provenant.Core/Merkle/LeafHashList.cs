namespace Provenant.Core.Merkle;

/// <summary>An <see cref="IMerkleHashSource"/> over an in-memory list of 32-byte leaf hashes.</summary>
internal sealed class LeafHashList(IReadOnlyList<byte[]> leafHashes) : IMerkleHashSource
{
    public byte[] SubtreeHash(ulong start, ulong end) => Rfc9162.RangeRoot(leafHashes, checked((int)start), checked((int)end));
}
