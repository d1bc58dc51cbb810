using System.Text;
using Provenant.Ledger.Client;
using Provenant.Ledger.Log;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Storage;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Client;

/// <summary>A real <see cref="TransparencyLog"/> over a fresh <see cref="SqliteLogStore"/> in a temp directory, with a fetcher and a client.</summary>
internal sealed class TestLog : IAsyncDisposable
{
    /// <summary>The tessera test log's key (signed-note-vectors.json, "example.com/log/testdata").</summary>
    public static readonly Ed25519NoteSigner Signer = Ed25519NoteSigner.ParsePrivateKey("PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg");

    private readonly TempDir _dir;
    private readonly SqliteLogStore _store;

    private TestLog(TempDir dir, SqliteLogStore store, TransparencyLog log)
    {
        _dir = dir;
        _store = store;
        Log = log;
        Fetcher = new LogFetcher(log);
        Client = new TileClient(Fetcher, new LogTrust(Signer.Verifier));
    }

    public TransparencyLog Log { get; }

    public LogFetcher Fetcher { get; }

    public TileClient Client { get; }

    public string TempPath(string name) => _dir[name];

    public static async Task<TestLog> OpenAsync(string name, LogOptions? options = null)
    {
        var dir = SharedData.NewTempDir("client-" + name);
        var store = new SqliteLogStore(dir["log.db"]);
        return new TestLog(dir, store, await TransparencyLog.OpenAsync(store, Signer, options));
    }

    public static byte[] Entry(string prefix, int i) => Encoding.UTF8.GetBytes($"{prefix} entry {i:D6}");

    /// <summary>Appends entries in order (one at a time when <paramref name="ordered"/>, else concurrently).</summary>
    public async Task AppendAsync(string prefix, int from, int count, bool ordered = true)
    {
        if (ordered)
        {
            for (var i = from; i < from + count; i++) await Log.AppendAsync(Entry(prefix, i));
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(from, count).Select(i => Log.AppendAsync(Entry(prefix, i))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        _store.Dispose();
        _dir.Dispose();
    }
}
