using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>A <see cref="WiringProof"/> as one step: sumcheck; value S̃(r').</summary>
internal static class WiringMessages
{
    public static LayerMessages ToMessages(WiringProof p) => new([p.Sumcheck], [p.SourceValue]);

    public static WiringProof FromMessages(LayerMessages m) => new(m.Sumchecks[0], m.Values[0]);
}
