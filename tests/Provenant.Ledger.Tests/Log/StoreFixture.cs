using Provenant.Ledger.Storage;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Log;

/// <summary>Creates fresh stores of one kind; the same log test suite runs against each kind.</summary>
public abstract class StoreKind : IDisposable
{
    private readonly List<Action> _cleanup = [];

    /// <summary>A new empty store, distinct from every other store this fixture made.</summary>
    public ILogStore Create(string name = "log") => Open(name + "_" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Opens (creating if needed) the store called <paramref name="name"/>.</summary>
    public abstract ILogStore Open(string name);

    protected void OnDispose(Action a) => _cleanup.Add(a);

    public void Dispose()
    {
        foreach (var a in _cleanup) a();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteStores : StoreKind
{
    private readonly TempDir _dir = SharedData.NewTempDir("ledger-sqlite");

    public SqliteStores() => OnDispose(_dir.Dispose);

    public override ILogStore Open(string name) => new SqliteLogStore(_dir[name + ".db"]);
}

public sealed class PostgresStores : StoreKind
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    /// <summary>The connection string for tests: PROVENANT_TEST_POSTGRES (set by .ci/run via .ci/start-postgres.sh).</summary>
    public static string ConnectionString => Environment.GetEnvironmentVariable("PROVENANT_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException("PostgreSQL store tests need PROVENANT_TEST_POSTGRES; run: eval \"$(.ci/start-postgres.sh)\"");

    public override ILogStore Open(string name)
    {
        var schema = $"t_{name}_{_suffix}".ToLowerInvariant();
        var store = new PostgresLogStore(ConnectionString, schema);
        OnDispose(() =>
        {
            using var s = new PostgresLogStore(ConnectionString, schema);
            s.DropSchema();
        });
        return store;
    }
}
