namespace Provenant.Ledger.Client;

/// <summary>An entry's inclusion in a verified checkpoint, with the RFC 9162 §2.1.3 proof that was checked against its root.</summary>
/// <param name="Index">Zero-based entry index, &lt; <c>Checkpoint.TreeSize</c>.</param>
/// <param name="LeafHash">SHA-256(0x00 ‖ entry), 32 bytes, as the level-0 tile holds it.</param>
/// <param name="Proof">Inclusion proof hashes, bottom first, 32 bytes each.</param>
/// <param name="Checkpoint">The verified checkpoint whose root the proof leads to.</param>
/// <param name="Entry">The entry bytes from the entry bundle (hashing to <paramref name="LeafHash"/>), or null when not fetched.</param>
public sealed record VerifiedInclusion(ulong Index, byte[] LeafHash, byte[][] Proof, VerifiedCheckpoint Checkpoint, byte[]? Entry);
