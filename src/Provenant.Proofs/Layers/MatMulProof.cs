using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>The messages of <see cref="MatMulGadget"/>.</summary>
/// <param name="BiasValue">bias̃(r_c) (zero when there is no bias).</param>
/// <param name="Sumcheck">The degree-2 sumcheck over the inner dimension's ⌈log2 K⌉ variables.</param>
/// <param name="AValue">Ã(r_r, r_k).</param>
/// <param name="BValue">B̃(r_k, r_c).</param>
public sealed record MatMulProof(GoldilocksExt2 BiasValue, SumcheckProof Sumcheck, GoldilocksExt2 AValue, GoldilocksExt2 BValue);
