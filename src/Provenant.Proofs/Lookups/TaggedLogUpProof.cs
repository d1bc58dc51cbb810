using Provenant.Proofs.Field;

namespace Provenant.Proofs.Lookups;

/// <summary>The messages of <see cref="TaggedLogUp"/>.</summary>
/// <param name="Roots">(P_w, Q_w, P_t, Q_t): the looked-up side's and the table side's fraction-tree roots.</param>
/// <param name="WitnessLayers">The looked-up tree's GKR layers (root first).</param>
/// <param name="TableLayers">The table tree's GKR layers (root first).</param>
/// <param name="WitnessValues">Per input, its multilinear extension at the leaf point (restricted to its own variables).</param>
/// <param name="MultiplicityValues">Per table, its multiplicity vector's extension at the table tree's leaf point (its own variables).</param>
public sealed record TaggedLogUpProof(GoldilocksExt2[] Roots, FractionLayerProof[] WitnessLayers, FractionLayerProof[] TableLayers,
    GoldilocksExt2[] WitnessValues, GoldilocksExt2[] MultiplicityValues);
