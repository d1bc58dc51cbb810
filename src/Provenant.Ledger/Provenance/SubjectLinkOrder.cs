namespace Provenant.Ledger.Provenance;

/// <summary>
/// The order in which <see cref="IProvenanceIndex.ReadIndexedEntry"/> returns an entry's links: by relation, then by
/// digest text (ordinal, as the text-keyed schema 2 sorted them), whatever order the binary keys are stored in.
/// </summary>
internal static class SubjectLinkOrder
{
    /// <summary>Sorts <paramref name="links"/> in place and returns it.</summary>
    public static List<SubjectLink> Sort(List<SubjectLink> links)
    {
        links.Sort(static (a, b) => a.Relation != b.Relation ? a.Relation.CompareTo(b.Relation) : string.CompareOrdinal(a.Digest, b.Digest));
        return links;
    }
}
