namespace Provenant.Proofs.Commitment;

/// <summary>
/// Which soundness analysis fixes the PCS rate, query count and proof-of-work bits (docs/proof-system-pcs.md,
/// "Security parameters"). The profile is part of the commitment encoding and of the scheme string absorbed into
/// every transcript, so a proof cannot claim one set and use another.
/// </summary>
public enum PcsSecurityProfile
{
    /// <summary>
    /// Provable security in the unique-decoding regime (Ben-Sasson, Carmon, Ishai, Kopparty, Saraf 2020, Thm 1.2):
    /// ρ = 1/4, t = 148 queries, no grinding; ε ≤ ((1 + ρ)/2)^t + n_code/p² = 2^−100.35.
    /// </summary>
    Provable = 1,

    /// <summary>
    /// Conjectured security up to list-decoding capacity (each query errs with probability ≈ ρ; the ethSTARK
    /// documentation, Conjecture 1, as used by Plonky2/Plonky3 FRI and Basefold): ρ = 1/8, t = 28 queries and an
    /// 18-bit proof-of-work nonce before the queries; ε ≈ 2^−g·ρ^t + n_code/p² = 2^−102. The default.
    /// </summary>
    Conjectured = 2,
}
