using Provenant.Core.Hashing;

namespace Provenant.Signing.Oms;

/// <summary>
/// The per-tensor Merkle root of one model file, recorded in the OMS statement's predicate under
/// <see cref="OmsStatement.TensorRootsField"/> when signing with <c>--tensor-root</c> (docs/tensor-commitments.md).
/// </summary>
/// <param name="Name">The file's POSIX path relative to the model root, <c>.</c> for a single-file model.</param>
/// <param name="Format">Weight format that was read (<c>safetensors</c>, <c>gguf</c>, <c>onnx</c>).</param>
/// <param name="Algorithm">Tensor commitment algorithm, e.g. <c>provenant-tensors-v1-sha256-rfc9162</c>.</param>
/// <param name="Root">The 32-byte Merkle root.</param>
/// <param name="TensorCount">Number of tensors (leaves).</param>
public sealed record TensorRootEntry(string Name, string Format, string Algorithm, byte[] Root, long TensorCount)
{
    /// <summary>The root as lower-case hex.</summary>
    public string RootHex => Hex.Encode(Root);

    /// <summary>True when both entries record the same format, algorithm, root and count.</summary>
    public bool SameCommitment(TensorRootEntry other) =>
        other is not null && Format == other.Format && Algorithm == other.Algorithm && TensorCount == other.TensorCount
        && Root.AsSpan().SequenceEqual(other.Root);
}
