namespace Provenant.Ledger.Witness;

/// <summary>What a witness remembers about one log: the latest checkpoint it cosigned.</summary>
/// <param name="Origin">The log's origin line.</param>
/// <param name="TreeSize">The cosigned checkpoint's tree size.</param>
/// <param name="RootHash">Its 32-byte root hash.</param>
/// <param name="Note">The signed checkpoint note, with the witness's cosignature(s) appended.</param>
public sealed record WitnessState(string Origin, ulong TreeSize, byte[] RootHash, string Note);
