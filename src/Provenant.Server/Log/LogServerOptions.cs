namespace Provenant.Server.Log;

/// <summary>Settings for <c>provenant log serve</c>.</summary>
public sealed record LogServerOptions
{
    /// <summary>Data directory: the signing key (log.key, 0600), its verifier key (log.vkey), the write token (log.token, 0600) and the SQLite store (log.db).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Store: null for SQLite under the data directory, <c>sqlite:PATH</c>, or a <c>postgres://…</c> URI / Npgsql connection string.</summary>
    public string? Store { get; init; }

    /// <summary>Listen URLs; default <c>http://127.0.0.1:8080</c>.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>The checkpoint origin (also the key name) used when the data directory has no key yet.</summary>
    public string Origin { get; init; } = "localhost/provenant/log";

    /// <summary>Witnesses asked to cosign every checkpoint (c2sp.org/tlog-witness).</summary>
    public IReadOnlyList<Ledger.Witness.TrustedWitness> Witnesses { get; init; } = [];

    /// <summary>Cosignatures required before a checkpoint is published (k of the n witnesses).</summary>
    public int WitnessQuorum { get; init; }

    /// <summary>Log behaviour (merge delay, batch size).</summary>
    public Ledger.Log.LogOptions Log { get; init; } = new();

    /// <summary>Write requests (POST to the log and attachments) allowed per second per client address, with bursts of
    /// twice as many queued; beyond that the server answers 429 with Retry-After. 0 disables the limit.</summary>
    public int WriteRequestsPerSecond { get; init; } = 200;

    /// <summary>Called with the verifier registry before the server starts, to plug in more verifiers (proofs, claims, training audits).</summary>
    public Action<Provenance.VerifierRegistry>? ConfigureVerifiers { get; init; }
}
