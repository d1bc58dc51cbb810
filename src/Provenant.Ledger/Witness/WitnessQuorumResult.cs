using Provenant.Core;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>The outcome of <see cref="WitnessQuorum.Check"/>.</summary>
/// <param name="Result">Valid when at least k distinct trusted witnesses cosigned and no trusted cosignature failed.</param>
/// <param name="CosignedBy">The trusted witnesses whose cosignature verified, each once (empty when rejected for a bad cosignature).</param>
public sealed record WitnessQuorumResult(VerificationResult Result, IReadOnlyList<CosignatureV1Verifier> CosignedBy)
{
    /// <summary>True when the quorum is reached.</summary>
    public bool IsValid => Result.IsValid;
}
