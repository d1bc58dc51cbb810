using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Protocol;

/// <summary>The messages of a <see cref="WiringGadget"/> reduction: the degree-2 sumcheck and S̃(r').</summary>
/// <param name="Sumcheck">Round polynomials over S's variables.</param>
/// <param name="SourceValue">S̃ at the sumcheck's point.</param>
public sealed record WiringProof(SumcheckProof Sumcheck, GoldilocksExt2 SourceValue);
