using Provenant.Core.Hashing;

namespace Provenant.Formats.Datasets;

/// <summary>
/// The sorted exclusion index's commitment as recorded in a dataset commitment (<c>predicate.exclusionIndex</c>):
/// the RFC 9162 root over the <see cref="ExclusionIndex"/> leaves and their number (distinct record content hashes).
/// </summary>
/// <param name="Root">32-byte root (SHA-256 of the empty string for an empty dataset).</param>
/// <param name="LeafCount">Distinct content hashes.</param>
public sealed record ExclusionIndexRoot(byte[] Root, long LeafCount)
{
    /// <summary>The <c>algorithm</c> value: leaves in ascending hash order, see <see cref="ExclusionIndex"/>.</summary>
    public const string Algorithm = "provenant-sorted-sha256-v1";

    /// <summary>The root as lower-case hex.</summary>
    public string RootHex => Hex.Encode(Root);
}
