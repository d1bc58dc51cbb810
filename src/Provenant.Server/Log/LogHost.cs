using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provenant.Core.IO;
using Provenant.Ledger.Log;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Storage;
using Provenant.Server.Explorer;
using Provenant.Server.Provenance;

namespace Provenant.Server.Log;

/// <summary>
/// A running log server: Kestrel (bound to 127.0.0.1 unless told otherwise) serving <see cref="LogEndpoints"/> over a
/// <see cref="TransparencyLog"/>. Creates the log key and write token in the data directory on first start.
/// </summary>
public sealed class LogHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogStore _store;
    private IndexWriter? _indexWriter;

    private LogHost(WebApplication app, TransparencyLog log, ILogStore store, Ed25519NoteVerifier key, string tokenPath)
    {
        _app = app;
        Log = log;
        _store = store;
        VerifierKey = key;
        TokenPath = tokenPath;
    }

    /// <summary>The log.</summary>
    public TransparencyLog Log { get; }

    /// <summary>The log's note verifier key (also written to <c>log.vkey</c>).</summary>
    public Ed25519NoteVerifier VerifierKey { get; }

    /// <summary>The provenance API's service (null when the store keeps no provenance index).</summary>
    public ProvenanceService? Provenance { get; private init; }

    /// <summary>Path of the write token file (0600).</summary>
    public string TokenPath { get; }

    /// <summary>The addresses Kestrel actually bound (resolves port 0).</summary>
    public IReadOnlyList<string> Addresses => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    /// <summary>Opens the store and log, and starts serving.</summary>
    /// <exception cref="Core.Errors.ProvenantException">Unreadable key or token files.</exception>
    public static async Task<LogHost> StartAsync(LogServerOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var signer = LoadOrCreateKey(options.DataDirectory, options.Origin);
        var tokenPath = Path.Combine(options.DataDirectory, "log.token");
        if (!File.Exists(tokenPath)) AtomicFile.WriteText(tokenPath, BearerToken.Generate() + "\n", privateMode: true);
        var token = new BearerToken(File.ReadAllText(tokenPath));
        var store = OpenStore(options);
        TransparencyLog log;
        try
        {
            var logOptions = options.Log;
            if (options.Witnesses.Count > 0)
            {
                var source = new Ledger.Tiles.TiledHashSource(store);
                var coordinator = new Ledger.Witness.WitnessCoordinator(options.Witnesses, options.WitnessQuorum,
                    (a, b) => Core.Merkle.ConsistencyProof.Generate(source, a, b), TimeSpan.FromSeconds(5));
                logOptions = logOptions with
                {
                    Witnessing = async (note, _, ct) =>
                    {
                        var round = await coordinator.CosignAsync(note, ct);
                        return round.QuorumReached ? round.Cosignatures : null;
                    },
                };
            }
            log = await TransparencyLog.OpenAsync(store, signer, logOptions, cancellationToken);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = LogEndpoints.MaxRequestBytes + 1;
            k.AddServerHeader = false;
        });
        builder.Services.AddRateLimiter(o => WriteRateLimit.Configure(o, options.WriteRequestsPerSecond));
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseRateLimiter();
        var index = store as IProvenanceIndex;
        var indexWriter = index is null ? null : new IndexWriter(index);
        app.MapLog(log, token, signer.PublicKey, indexWriter);
        ProvenanceService? service = null;
        if (index is not null)
        {
            service = new ProvenanceService(log, index, signer.Verifier);
            options.ConfigureVerifiers?.Invoke(service.Verifiers);
            app.MapProvenance(service, token);
            app.MapExplorer();
        }
        await app.StartAsync(cancellationToken);
        return new LogHost(app, log, store, signer.Verifier, tokenPath) { Provenance = service, _indexWriter = indexWriter };
    }

    /// <summary>The store named by the options: SQLite under the data directory by default.</summary>
    public static ILogStore OpenStore(LogServerOptions options)
    {
        var s = options.Store;
        if (string.IsNullOrEmpty(s)) return new SqliteLogStore(Path.Combine(options.DataDirectory, "log.db"));
        if (s.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return new SqliteLogStore(s["sqlite:".Length..]);
        if (s.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || s.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresLogStore(s);
        }
        throw new Core.Errors.ProvenantException($"--store: expected sqlite:PATH or postgres://user@host:port/db, found '{s.Split(':')[0]}:…'", Core.Errors.ExitCodes.Usage);
    }

    private static Ed25519NoteSigner LoadOrCreateKey(string dir, string origin)
    {
        var keyPath = Path.Combine(dir, "log.key");
        if (!File.Exists(keyPath))
        {
            var fresh = Ed25519NoteSigner.Generate(origin);
            AtomicFile.WriteText(keyPath, fresh.ToPrivateKeyString() + "\n", privateMode: true);
            AtomicFile.WriteText(Path.Combine(dir, "log.vkey"), fresh.Verifier + "\n");
        }
        try
        {
            return Ed25519NoteSigner.ParsePrivateKey(File.ReadAllText(keyPath).Trim());
        }
        catch (FormatException e)
        {
            throw new Core.Errors.ProvenantException($"{keyPath}: {e.Message}");
        }
    }

    /// <summary>Waits until the host shuts down (Ctrl+C / SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops serving, then stops the log and closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Log.DisposeAsync();
        if (_indexWriter is not null) await _indexWriter.DisposeAsync();
        _store.Dispose();
    }
}
