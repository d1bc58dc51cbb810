using System.Collections.Concurrent;
using Provenant.Ledger.Log;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Provenance;
using Provenant.Server.Provenance.Verifiers;

namespace Provenant.Server.Provenance;

/// <summary>What the provenance API and explorer serve: the log, its index, the entry checker, the chain builder and the verifier registry.</summary>
public sealed class ProvenanceService
{
    /// <summary>Wires the built-in verifiers (<c>bundle</c>, <c>statement</c>, <c>c2pa</c>, <c>log-entry</c>, <c>inference-proof</c>) over <paramref name="log"/>.</summary>
    public ProvenanceService(TransparencyLog log, IProvenanceIndex index, Ed25519NoteVerifier logKey)
    {
        Log = log;
        Index = index;
        LogKey = logKey;
        Entries = new EntryChecker(log, index, logKey);
        Credentials = new CredentialArtifactVerifier();
        Chains = new ChainBuilder(Entries, Credentials);
        Verifiers = new VerifierRegistry()
            .Register(new SignedStatementVerifier("bundle", Entries, logKey))
            .Register(new SignedStatementVerifier("statement", Entries, logKey))
            .Register(Credentials)
            .Register(new LogEntryVerifier(Entries))
            .Register(new InferenceProofVerifier());
    }

    /// <summary>The log.</summary>
    public TransparencyLog Log { get; }

    /// <summary>The provenance index.</summary>
    public IProvenanceIndex Index { get; }

    /// <summary>The log's checkpoint key.</summary>
    public Ed25519NoteVerifier LogKey { get; }

    /// <summary>Per-entry checks.</summary>
    public EntryChecker Entries { get; }

    /// <summary>The C2PA verifier (also used for credential attachments).</summary>
    public CredentialArtifactVerifier Credentials { get; }

    /// <summary>Model chains.</summary>
    public ChainBuilder Chains { get; }

    /// <summary>Verifiers by kind; register more before the host starts serving.</summary>
    public VerifierRegistry Verifiers { get; }

    /// <summary>Model page answers (JSON) by digest, valid while the published tree size and attachment count are those they were computed for.</summary>
    internal ConcurrentDictionary<string, (ulong TreeSize, long Attachments, byte[] Json)> ChainCache { get; } = new(StringComparer.Ordinal);

    /// <summary>Most cached model page answers.</summary>
    public const int ChainCacheEntries = 10_000;

    private long _attachments;

    /// <summary>Attachments added since start (a model page computed before one was added is stale).</summary>
    public long AttachmentsAdded => Interlocked.Read(ref _attachments);

    /// <summary>Records that an attachment was added.</summary>
    internal void OnAttachmentAdded() => Interlocked.Increment(ref _attachments);
}
