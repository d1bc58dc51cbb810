using Provenant.Proofs.Layers;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>A <see cref="MatMulProof"/> as one step: sumcheck; values bias̃, Ã, B̃.</summary>
internal static class MatMulMessages
{
    public static LayerMessages ToMessages(MatMulProof p) => new([p.Sumcheck], [p.BiasValue, p.AValue, p.BValue]);

    public static MatMulProof FromMessages(LayerMessages m) => new(m.Values[0], m.Sumchecks[0], m.Values[1], m.Values[2]);
}
