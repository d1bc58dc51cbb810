namespace Provenant.Formats.Datasets;

/// <summary>Every record's hashes of a re-read, verified dataset (<see cref="DatasetCommitter.ReadRecordHashes"/>).</summary>
/// <param name="LeafHashes">RFC 9162 leaf hash of record i at index i (the records tree's leaves).</param>
/// <param name="ContentHashes">SHA-256 of record i's canonical bytes (for the files format, of the file) at index i.</param>
/// <param name="Index">The sorted exclusion index over <paramref name="ContentHashes"/>.</param>
public sealed record DatasetRecordHashes(IReadOnlyList<byte[]> LeafHashes, IReadOnlyList<byte[]> ContentHashes, ExclusionIndex Index);
