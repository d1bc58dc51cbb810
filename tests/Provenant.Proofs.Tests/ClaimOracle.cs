using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests;

/// <summary>Stands in for the polynomial commitment in tests: checks claims against the true padded tables.</summary>
internal sealed class ClaimOracle
{
    private readonly Dictionary<string, Goldilocks[]> _tables = new(StringComparer.Ordinal);

    public ClaimOracle Add(string name, Goldilocks[] padded)
    {
        _tables[name] = padded;
        return this;
    }

    public bool Holds(EvaluationClaim claim) =>
        _tables.TryGetValue(claim.Tensor, out var t)
        && MultilinearExtension.VariableCount(t.Length) == claim.Point.Length
        && MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(t, claim.Point, x => x) == claim.Value;

    public bool AllHold(IEnumerable<EvaluationClaim> claims) => claims.All(Holds);
}
