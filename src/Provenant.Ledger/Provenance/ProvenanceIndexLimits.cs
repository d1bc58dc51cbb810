namespace Provenant.Ledger.Provenance;

/// <summary>Bounds shared by the <see cref="IProvenanceIndex"/> implementations.</summary>
public static class ProvenanceIndexLimits
{
    /// <summary>Most hits one query returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Throws unless 1 ≤ <paramref name="limit"/> ≤ <see cref="MaxPageSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range.</exception>
    public static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(limit), $"a page holds 1 to {MaxPageSize} hits, not {limit}");
    }
}
