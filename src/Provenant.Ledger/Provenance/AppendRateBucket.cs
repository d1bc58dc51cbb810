namespace Provenant.Ledger.Provenance;

/// <summary>Entries indexed in one time bucket.</summary>
/// <param name="Start">Bucket start, UTC seconds since the Unix epoch.</param>
/// <param name="Count">Entries indexed in [Start, Start + bucket width).</param>
public readonly record struct AppendRateBucket(long Start, long Count);
