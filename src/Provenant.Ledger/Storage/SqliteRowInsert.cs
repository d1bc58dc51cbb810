using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Provenant.Ledger.Storage;

/// <summary>
/// One statement (an INSERT, or a one-value lookup) compiled once on the store's writer connection and run once per row with parameters bound by
/// position: the per-row path of <see cref="SqliteLogStore.Integrate"/>, without Microsoft.Data.Sqlite's per-execution
/// data reader and parameter lookup by name. It runs inside whatever transaction the connection has open. Not
/// thread-safe (the store uses it under its write lock).
/// </summary>
internal sealed class SqliteRowInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    /// <summary>Compiles <paramref name="sql"/> (parameters <c>?1</c>, <c>?2</c>, …) on <paramref name="connection"/>, which must be open.</summary>
    /// <exception cref="SqliteException">The statement does not compile.</exception>
    public SqliteRowInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    /// <summary>Binds a 64-bit integer to parameter <paramref name="index"/> (1-based).</summary>
    public SqliteRowInsert Int(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    /// <summary>Binds a BLOB (copied by SQLite) to parameter <paramref name="index"/> (1-based).</summary>
    public SqliteRowInsert Blob(int index, ReadOnlySpan<byte> value)
    {
        Check(raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    /// <summary>Binds UTF-8 text to parameter <paramref name="index"/> (1-based).</summary>
    public SqliteRowInsert Text(int index, string value)
    {
        Check(raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    /// <summary>Runs the statement with the bound values and resets it for the next row.</summary>
    /// <exception cref="SqliteException">SQLite reported an error (constraint, I/O, …); the statement is reset.</exception>
    public void Run()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) Check(rc);
    }

    /// <summary>
    /// Runs a query statement with the bound values and returns the first column of its first row as a 64-bit integer
    /// (null when there is no row or the value is NULL); resets it for the next use.
    /// </summary>
    /// <exception cref="SqliteException">SQLite reported an error; the statement is reset.</exception>
    public long? QueryInt64()
    {
        var rc = raw.sqlite3_step(_stmt);
        long? value = rc == raw.SQLITE_ROW && raw.sqlite3_column_type(_stmt, 0) != raw.SQLITE_NULL ? raw.sqlite3_column_int64(_stmt, 0) : null;
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE) Check(rc);
        return value;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
    }

    /// <summary>Finalizes the statement.</summary>
    public void Dispose() => _stmt.Dispose();
}
