using Microsoft.Data.Sqlite;

namespace Provenant.Ledger.Tests.Log;

/// <summary>SQLite database files for the store tests: tables exactly as earlier versions of SqliteLogStore created
/// them (for the migration tests), and statements run on a file directly.</summary>
internal static class SqliteTestFiles
{
    /// <summary>The log tables of schemas 1 to 3 (no rows).</summary>
    public const string LogTables = """
        CREATE TABLE entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
        CREATE TABLE tiles (level INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE tree (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL);
        CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, note TEXT NOT NULL);
        """;

    /// <summary>The attachment tables of schemas 2 and 3.</summary>
    public const string AttachmentTables = """
        CREATE TABLE prov_attachments (digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BLOB NOT NULL);
        CREATE TABLE prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment)) WITHOUT ROWID;
        """;

    /// <summary>Runs <paramref name="sql"/> with named parameters on the file, then releases its pooled connections.</summary>
    public static void Sql(string path, string sql, params (string Name, object Value)[] args)
    {
        using (var c = new SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The integer <paramref name="sql"/> returns, read through a read-only, unpooled connection.</summary>
    public static long Scalar(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
