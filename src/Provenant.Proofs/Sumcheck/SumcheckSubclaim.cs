using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>
/// What a sumcheck verifier is left with: either a rejection reason, or the reduced claim
/// "g(f_0(r), …, f_{k−1}(r)) = <see cref="ExpectedValue"/>" at the random point <see cref="Point"/>, which the caller
/// checks against evaluations of the tables it obtains elsewhere (sent by the prover and reduced further, opened
/// from a commitment, or computed itself).
/// </summary>
public sealed record SumcheckSubclaim
{
    private SumcheckSubclaim(bool isValid, string reason, GoldilocksExt2[] point, GoldilocksExt2 expected)
    {
        IsValid = isValid;
        Reason = reason;
        Point = point;
        ExpectedValue = expected;
    }

    /// <summary>False when a round was malformed or inconsistent; <see cref="Reason"/> says which.</summary>
    public bool IsValid { get; }

    /// <summary>Why the proof was rejected (empty when valid).</summary>
    public string Reason { get; }

    /// <summary>The challenges r_0, …, r_{n−1} (variable j bound to r_j); empty when rejected.</summary>
    public GoldilocksExt2[] Point { get; }

    /// <summary>The value g(f(r)) must take for the proof to be accepted.</summary>
    public GoldilocksExt2 ExpectedValue { get; }

    /// <summary>A reduced claim.</summary>
    public static SumcheckSubclaim Reduced(GoldilocksExt2[] point, GoldilocksExt2 expected) => new(true, "", point, expected);

    /// <summary>A rejection with its reason.</summary>
    public static SumcheckSubclaim Rejected(string reason) => new(false, reason, [], GoldilocksExt2.Zero);
}
