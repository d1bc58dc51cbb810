using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>A witness the log asks for cosignatures: how to reach it, and the key its cosignatures must verify under.</summary>
/// <param name="Client">The transport (HTTP or in-process).</param>
/// <param name="Key">The witness's <c>cosignature/v1</c> public key.</param>
public sealed record TrustedWitness(ICheckpointWitness Client, CosignatureV1Verifier Key);
