using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Disputes;

/// <summary>An input of a chunk re-execution (<see cref="ChunkReexecution"/>): a whole value, or one chunk's rows of it.</summary>
/// <param name="Tensor">The value, or its rows (<see cref="Inference.Tracing.TraceChunks.FromRows"/>) when <paramref name="Chunk"/> is set.</param>
/// <param name="FullDims">The whole value's dims.</param>
/// <param name="Chunk">The chunk whose rows <paramref name="Tensor"/> holds, or null for the whole value.</param>
public sealed record ChunkInput(Tensor Tensor, int[] FullDims, int? Chunk = null);
