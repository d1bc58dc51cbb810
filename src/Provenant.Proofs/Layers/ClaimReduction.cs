using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Layers;

/// <summary>
/// A layer verifier's outcome: rejected with a reason, or accepted subject to the claims it returns (on the layer's
/// inputs, weights and advice), which the caller must check in turn (next layer, commitment opening or direct
/// evaluation).
/// </summary>
public sealed record ClaimReduction
{
    private ClaimReduction(bool isValid, string reason, IReadOnlyList<EvaluationClaim> claims)
    {
        IsValid = isValid;
        Reason = reason;
        Claims = claims;
    }

    /// <summary>False when the layer proof is inconsistent; see <see cref="Reason"/>.</summary>
    public bool IsValid { get; }

    /// <summary>Why the proof was rejected (empty when valid).</summary>
    public string Reason { get; }

    /// <summary>The claims the output claim was reduced to (empty when rejected).</summary>
    public IReadOnlyList<EvaluationClaim> Claims { get; }

    /// <summary>An accepted reduction to <paramref name="claims"/>.</summary>
    public static ClaimReduction Reduced(params EvaluationClaim[] claims) => new(true, "", claims);

    /// <summary>A rejection.</summary>
    public static ClaimReduction Rejected(string reason) => new(false, reason, []);
}
