using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>The messages of <see cref="MaxPoolGadget"/>.</summary>
/// <param name="DifferencesAtClaim">d̃_j(r) for every window element j.</param>
/// <param name="ZeroCheck">The degree-(k + 1) sumcheck of Σ_b eq(r, b)·Π_j d_j(b) = 0.</param>
/// <param name="DifferencesAtPoint">d̃_j(ρ) at the sumcheck point.</param>
public sealed record MaxPoolProof(GoldilocksExt2[] DifferencesAtClaim, SumcheckProof ZeroCheck, GoldilocksExt2[] DifferencesAtPoint);
