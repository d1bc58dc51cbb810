namespace Provenant.Ledger.Provenance;

/// <summary>One log entry the index knows about, as stored beside the log: what was submitted and what it names.</summary>
/// <param name="Index">The entry's log index.</param>
/// <param name="PredicateType">The in-toto statement's predicateType, or the DSSE payloadType for other payloads.</param>
/// <param name="Submission">The submission body that was validated before the entry was appended (JSON: a bundle,
/// or <c>{"bundle"|"dsseEnvelope", "publicKey"|"certificate"}</c>); re-validating it reproduces the logged entry.</param>
/// <param name="LoggedAt">When the entry was indexed (UTC, whole seconds since the Unix epoch).</param>
/// <param name="Links">The digests the statement names.</param>
public sealed record IndexedEntry(ulong Index, string PredicateType, byte[] Submission, long LoggedAt, IReadOnlyList<SubjectLink> Links);
