using Provenant.Core.Hashing;

namespace Provenant.Training.Log;

/// <summary>
/// What the log records about one checkpoint: the SHA-256 of its file (binds weights and optimizer state) and the
/// tensor root of its weights (<see cref="WeightsRoot"/>; for the final checkpoint, equal to the trained model's tensor root).
/// </summary>
/// <param name="Step">Steps completed when the checkpoint was taken (0 for the initial state).</param>
/// <param name="StateHash">SHA-256 of the checkpoint's canonical encoding (<c>Checkpoint.Hash()</c>), 32 bytes.</param>
/// <param name="WeightsRoot">Tensor root (provenant-tensors-v1-sha256-rfc9162) of the exported model's initializers, 32 bytes.</param>
public sealed record CheckpointEntry(long Step, byte[] StateHash, byte[] WeightsRoot)
{
    /// <summary>The state hash as lower-case hex.</summary>
    public string StateHashHex => Hex.Encode(StateHash);

    /// <summary>The weights root as lower-case hex.</summary>
    public string WeightsRootHex => Hex.Encode(WeightsRoot);
}
