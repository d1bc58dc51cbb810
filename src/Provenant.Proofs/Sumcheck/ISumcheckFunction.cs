using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>
/// The combining function g of a sumcheck Σ_{b ∈ {0,1}^n} g(f_0(b), …, f_{k−1}(b)): a polynomial of total degree
/// <see cref="Degree"/> in the k multilinear tables' values (e.g. f_0·f_1 for a matrix product, degree 2).
/// </summary>
/// <remarks>
/// Implement it as a <c>struct</c>: the prover is generic over the function type so the JIT specialises and inlines
/// <see cref="Evaluate"/> in the inner loop (it runs 2^n·(d + 1) times per round pair).
/// </remarks>
public interface ISumcheckFunction
{
    /// <summary>The total degree d ≥ 1 of g, i.e. the degree of every round polynomial.</summary>
    int Degree { get; }

    /// <summary>g at one point: <paramref name="values"/>[t] is table t's value there (length = the table count).</summary>
    GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> values);
}
