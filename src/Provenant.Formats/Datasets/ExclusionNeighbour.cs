namespace Provenant.Formats.Datasets;

/// <summary>A leaf of the exclusion index next to an absent hash, with its RFC 9162 inclusion proof (audit path, deepest sibling first).</summary>
/// <param name="Leaf">The leaf.</param>
/// <param name="Proof">Inclusion proof of the leaf at index <c>Leaf.Position</c>.</param>
public sealed record ExclusionNeighbour(ExclusionLeaf Leaf, IReadOnlyList<byte[]> Proof);
