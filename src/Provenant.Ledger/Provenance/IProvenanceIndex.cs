namespace Provenant.Ledger.Provenance;

/// <summary>
/// The provenance index kept beside a log: for each indexed entry, the submission it came from and every digest its
/// statement names (subject digest → entries), plus attachments (files linked to digests). Both log stores implement
/// it in the same database as the log, in their own tables (schema version 3, digests under binary
/// <see cref="DigestKey"/>s; opening a version 1 or 2 database migrates it, a newer one is refused).
/// </summary>
/// <remarks>
/// Contract: the index is derived data written after the entry is durably logged. Every write is idempotent (writing
/// an entry or attachment twice changes nothing), so resubmitting a logged statement repairs an entry whose indexing
/// was lost in a crash. Entries logged before the index existed are not indexed (the log holds only payload digests);
/// resubmitting them indexes them. Reads may run concurrently with writes.
/// </remarks>
public interface IProvenanceIndex
{
    /// <summary>Records entries (idempotent per index).</summary>
    /// <param name="entries">Entries with their links; at most a few thousand per call.</param>
    void IndexEntries(IReadOnlyList<IndexedEntry> entries);

    /// <summary>Entries naming <paramref name="digest"/>, by ascending log index, starting after <paramref name="afterIndex"/>.</summary>
    /// <param name="digest">Lowercase <c>algorithm:hex</c>.</param>
    /// <param name="afterIndex">Exclusive lower bound on the log index (-1 for the start).</param>
    /// <param name="limit">Most hits returned (1 to 1000).</param>
    IReadOnlyList<SubjectHit> FindByDigest(string digest, long afterIndex, int limit);

    /// <summary>Entries whose subject name starts with <paramref name="namePrefix"/> (case-sensitive), by ascending index.</summary>
    /// <param name="namePrefix">At least one character.</param>
    /// <param name="limit">Most hits returned (1 to 1000).</param>
    IReadOnlyList<SubjectHit> FindByName(string namePrefix, int limit);

    /// <summary>The indexed entry at <paramref name="index"/> (with its links), or null when it was not indexed.</summary>
    IndexedEntry? ReadIndexedEntry(ulong index);

    /// <summary>Stores an attachment and links it to <paramref name="subjects"/> (idempotent).</summary>
    void AddAttachment(Attachment attachment, IReadOnlyList<string> subjects);

    /// <summary>Digests of attachments linked to <paramref name="digest"/>, oldest first (at most <paramref name="limit"/>).</summary>
    IReadOnlyList<string> FindAttachments(string digest, int limit);

    /// <summary>The attachment with this <c>sha256:hex</c> digest, or null.</summary>
    Attachment? ReadAttachment(string digest);

    /// <summary>Entries indexed per bucket of <paramref name="bucketSeconds"/> since <paramref name="since"/> (UTC epoch seconds); empty buckets omitted.</summary>
    IReadOnlyList<AppendRateBucket> AppendRate(long since, int bucketSeconds);
}
