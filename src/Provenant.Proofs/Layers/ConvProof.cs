using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>The messages of <see cref="ConvGadget"/>.</summary>
/// <param name="BiasValue">bias̃(r_m) (zero without bias).</param>
/// <param name="Inner">Sumcheck over the (c, i, j) variables of Σ W̃(r_m, ·)·Ũ(·, r_out).</param>
/// <param name="WeightValue">W̃(r_m, ρ_in).</param>
/// <param name="PatchValue">Ũ(ρ_in, r_out), the im2col tensor (X − z, gathered) at the inner point.</param>
/// <param name="Gather">Sumcheck over X's variables of Σ_b X(b)·T(b) reducing the patch value to X.</param>
/// <param name="InputValue">X̃(ρ').</param>
public sealed record ConvProof(GoldilocksExt2 BiasValue, SumcheckProof Inner, GoldilocksExt2 WeightValue, GoldilocksExt2 PatchValue,
    SumcheckProof Gather, GoldilocksExt2 InputValue);
