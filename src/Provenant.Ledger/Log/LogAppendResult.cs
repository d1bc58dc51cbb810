namespace Provenant.Ledger.Log;

/// <summary>An acknowledged log entry: its index, and a published checkpoint that includes it with the inclusion proof.</summary>
/// <param name="Index">Zero-based entry index.</param>
/// <param name="LeafHash">RFC 9162 leaf hash SHA-256(0x00 ‖ entry).</param>
/// <param name="Checkpoint">The signed checkpoint note (with any witness cosignatures) of a tree that includes the entry.</param>
/// <param name="TreeSize">That checkpoint's tree size.</param>
/// <param name="RootHash">That checkpoint's root hash (32 bytes).</param>
/// <param name="InclusionProof">The inclusion proof of <paramref name="Index"/> in that tree, bottom first.</param>
/// <param name="Duplicate">True when the entry was already in the log and nothing was appended.</param>
public sealed record LogAppendResult(ulong Index, byte[] LeafHash, string Checkpoint, ulong TreeSize, byte[] RootHash, byte[][] InclusionProof, bool Duplicate);
