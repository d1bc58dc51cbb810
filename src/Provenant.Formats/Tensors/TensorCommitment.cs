using Provenant.Core.Hashing;

namespace Provenant.Formats.Tensors;

/// <summary>
/// A per-tensor Merkle commitment to a weight file: the RFC 9162 root over one leaf per tensor
/// (<see cref="TensorLeaf"/>), tensors in canonical order (<see cref="TensorOrder"/>).
/// </summary>
/// <param name="Algorithm">Names every parameter of the construction; <see cref="AlgorithmV1"/>.</param>
/// <param name="Root">The 32-byte Merkle root (SHA-256 of the empty string when there are no tensors).</param>
/// <param name="TensorCount">Number of leaves (tensors).</param>
public sealed record TensorCommitment(string Algorithm, byte[] Root, long TensorCount)
{
    /// <summary>Leaf encoding v1 (<see cref="TensorLeaf"/>), SHA-256 of each tensor's data, names in UTF-8 byte order,
    /// RFC 9162 SHA-256 tree.</summary>
    public const string AlgorithmV1 = "provenant-tensors-v1-sha256-rfc9162";

    /// <summary>The root as lower-case hex.</summary>
    public string RootHex => Hex.Encode(Root);
}
