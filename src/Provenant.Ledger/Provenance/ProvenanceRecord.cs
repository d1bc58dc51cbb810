namespace Provenant.Ledger.Provenance;

/// <summary>
/// What the provenance index stores about a submission before it has a log index: given to
/// <see cref="Log.TransparencyLog.AppendAsync(byte[], ProvenanceRecord?, CancellationToken)"/>, it becomes an
/// <see cref="IndexedEntry"/> in the same store transaction that integrates the entry, so an acknowledged entry is
/// never left unindexed by a crash.
/// </summary>
/// <param name="PredicateType">The in-toto statement's predicateType, or the DSSE payloadType for other payloads.</param>
/// <param name="Submission">The validated submission body.</param>
/// <param name="LoggedAt">UTC, whole seconds since the Unix epoch.</param>
/// <param name="Links">The digests the statement names.</param>
public sealed record ProvenanceRecord(string PredicateType, byte[] Submission, long LoggedAt, IReadOnlyList<SubjectLink> Links)
{
    /// <summary>The indexed entry for log index <paramref name="index"/>.</summary>
    public IndexedEntry At(ulong index) => new(index, PredicateType, Submission, LoggedAt, Links);
}
