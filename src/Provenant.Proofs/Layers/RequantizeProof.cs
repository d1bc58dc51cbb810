using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>The messages of <see cref="RequantizeGadget"/>.</summary>
/// <param name="Sumcheck">The degree-4 sumcheck over the layout's variables.</param>
/// <param name="AdviceValues">Every advice tensor's multilinear extension at the sumcheck point, in <see cref="RequantizeStatement.Advice"/> order.</param>
public sealed record RequantizeProof(SumcheckProof Sumcheck, GoldilocksExt2[] AdviceValues);
