namespace Provenant.Ledger.Witness;

/// <summary>
/// A witness the log asks for cosignatures (c2sp.org/tlog-witness <c>add-checkpoint</c>), over HTTP or in process.
/// </summary>
public interface ICheckpointWitness
{
    /// <summary>The witness's cosigner name (its key name in cosignature lines).</summary>
    string Name { get; }

    /// <summary>
    /// Submits <paramref name="signedCheckpoint"/> (a signed note) with a consistency proof from
    /// <paramref name="oldSize"/>. Never throws for protocol outcomes: they are returned as <see cref="WitnessResponse"/>;
    /// transport failures are returned with status 0.
    /// </summary>
    Task<WitnessResponse> AddCheckpointAsync(ulong oldSize, IReadOnlyList<byte[]> consistencyProof, string signedCheckpoint, CancellationToken cancellationToken);
}
