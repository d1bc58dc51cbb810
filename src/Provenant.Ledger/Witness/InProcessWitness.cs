namespace Provenant.Ledger.Witness;

/// <summary>An <see cref="ICheckpointWitness"/> that calls a <see cref="CosigningWitness"/> in this process, with the exact request body the HTTP client would send.</summary>
public sealed class InProcessWitness(CosigningWitness witness) : ICheckpointWitness
{
    /// <inheritdoc />
    public string Name => witness.Name;

    /// <inheritdoc />
    public Task<WitnessResponse> AddCheckpointAsync(ulong oldSize, IReadOnlyList<byte[]> consistencyProof, string signedCheckpoint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = new AddCheckpointRequest(oldSize, consistencyProof, signedCheckpoint).Format();
        return Task.FromResult(witness.AddCheckpoint(body).ToWitnessResponse());
    }
}
