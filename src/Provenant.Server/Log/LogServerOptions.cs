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

    /// <summary>Log behaviour (merge delay, batch size, witnesses).</summary>
    public Ledger.Log.LogOptions Log { get; init; } = new();
}
