using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>The messages of <see cref="HadamardGadget"/>: the degree-3 sumcheck and X̃(ρ), Ỹ(ρ).</summary>
/// <param name="Sumcheck">Σ_b eq(r, b)·X(b)·Y(b) over the layout's n variables.</param>
/// <param name="XValue">X̃(ρ).</param>
/// <param name="YValue">Ỹ(ρ).</param>
public sealed record HadamardProof(SumcheckProof Sumcheck, GoldilocksExt2 XValue, GoldilocksExt2 YValue);
