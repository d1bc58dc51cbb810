using Microsoft.Data.Sqlite;
using Provenant.Core.Errors;
using Provenant.Ledger.Provenance;

namespace Provenant.Ledger.Storage;

/// <summary>The SQLite store's tables: the current layout for a new file, and the migrations from older ones.</summary>
public sealed partial class SqliteLogStore
{
    /// <summary>
    /// The database schema version this code writes (<c>PRAGMA user_version</c>): 1 = log tables only, 2 = with the
    /// provenance index (digests as <c>algorithm:hex</c> text), 3 = the index keyed by binary digests
    /// (<see cref="DigestKey"/>) and ordered by log index, 4 = the lookup tables kept behind the log
    /// (<c>leaf_index</c>, <c>prov_digests</c>, <c>prov_names</c> and the <c>tree.indexed</c> mark; see
    /// <see cref="IndexLagEntries"/>) instead of indexes maintained in every batch. Opening an older database migrates
    /// it, one transaction per step; a newer one is refused.
    /// </summary>
    public const int SchemaVersion = 4;

    /// <summary>
    /// The log tables. <c>entries</c> and <c>prov_entries</c>/<c>prov_subjects</c> are keyed by log index, so a batch
    /// appends to them in order; what is keyed by a hash or a name (and so takes random inserts) is in the lookup tables
    /// below, which are derived from them.
    /// </summary>
    private const string LogTables = """
        CREATE TABLE entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
        CREATE TABLE tiles (level INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE tree (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, indexed INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, note TEXT NOT NULL);
        INSERT INTO tree (id, size, indexed) VALUES (0, 0, 0);
        """;

    /// <summary>The provenance tables of schema 4 (the attachment tables are unchanged since schema 2).</summary>
    private const string ProvenanceTables = """
        CREATE TABLE prov_entries (idx INTEGER PRIMARY KEY, predicate_type TEXT NOT NULL, submission BLOB NOT NULL, logged_at INTEGER NOT NULL);
        CREATE INDEX prov_entries_time ON prov_entries (logged_at);
        CREATE TABLE prov_subjects (idx INTEGER NOT NULL, relation INTEGER NOT NULL, digest BLOB NOT NULL, name TEXT NOT NULL, PRIMARY KEY (idx, relation, digest)) WITHOUT ROWID;
        CREATE TABLE prov_attachments (digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BLOB NOT NULL);
        CREATE TABLE prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment)) WITHOUT ROWID;
        """;

    /// <summary>
    /// The lookup tables, complete for log indexes below <c>tree.indexed</c> and caught up from the log tables
    /// (<see cref="CatchUpSql"/>): a leaf hash's index, a digest's subject rows, a subject name's rows.
    /// </summary>
    private const string LookupTables = """
        CREATE TABLE leaf_index (leaf_hash BLOB PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE prov_digests (digest BLOB NOT NULL, idx INTEGER NOT NULL, relation INTEGER NOT NULL, PRIMARY KEY (digest, idx, relation)) WITHOUT ROWID;
        CREATE TABLE prov_names (name TEXT NOT NULL, idx INTEGER NOT NULL, digest BLOB NOT NULL, PRIMARY KEY (name, idx, digest)) WITHOUT ROWID;
        """;

    /// <summary>
    /// Derives the lookup rows of log indexes ≥ <c>$w</c> from the log tables, each in key order (fewer B-tree seeks);
    /// idempotent. Where two entries share a leaf hash (the store does not forbid it; the sequencer deduplicates), the
    /// lower index is kept.
    /// </summary>
    private const string CatchUpSql = """
        INSERT OR IGNORE INTO leaf_index (leaf_hash, idx) SELECT leaf_hash, idx FROM entries WHERE idx >= $w ORDER BY leaf_hash, idx;
        INSERT OR IGNORE INTO prov_digests (digest, idx, relation) SELECT digest, idx, relation FROM prov_subjects WHERE idx >= $w ORDER BY digest, idx, relation;
        INSERT OR IGNORE INTO prov_names (name, idx, digest) SELECT name, idx, digest FROM prov_subjects WHERE idx >= $w AND relation = 0 ORDER BY name, idx, digest;
        """;

    /// <summary>The schema 3 subject table and its indexes (what migrations 1 → 3 and 2 → 3 produce).</summary>
    private const string SubjectsTableV3 = """
        CREATE TABLE prov_subjects (idx INTEGER NOT NULL, relation INTEGER NOT NULL, digest BLOB NOT NULL, name TEXT NOT NULL, PRIMARY KEY (idx, relation, digest)) WITHOUT ROWID;
        CREATE INDEX prov_subjects_digest ON prov_subjects (digest, idx);
        CREATE INDEX prov_subjects_name ON prov_subjects (name, idx) WHERE relation = 0;
        """;

    /// <summary>Creates the current tables in a new file, or migrates an older one; under the write lock.</summary>
    /// <exception cref="ProvenantException">The file's schema is newer than <see cref="SchemaVersion"/>.</exception>
    private void CreateOrMigrate()
    {
        var version = ReadSchemaVersion(_writer);
        if (version == SchemaVersion) return;
        if (version == 0 && !HasTable(_writer, "entries"))
        {
            RunInTransaction(_writer, LogTables + ProvenanceTables + LookupTables + $"PRAGMA user_version = {SchemaVersion};");
            return;
        }
        if (version < 3) MigrateToV3(_writer, version);
        MigrateV3ToV4(_writer);
    }

    /// <summary>The database's schema version (0 for a new file or one of schema 1), checked before anything is written.</summary>
    /// <exception cref="ProvenantException">The version is newer than <see cref="SchemaVersion"/>.</exception>
    private long ReadSchemaVersion(SqliteConnection c)
    {
        using var v = c.CreateCommand();
        v.CommandText = "PRAGMA user_version";
        var version = (long)v.ExecuteScalar()!;
        if (version > SchemaVersion)
        {
            throw new ProvenantException($"log store {Description} has schema version {version}; this Provenant reads versions 1 to {SchemaVersion} (open it with the newer Provenant that wrote it)");
        }
        return version;
    }

    private static bool HasTable(SqliteConnection c, string name)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    /// <summary>Schema migrations 1 → 3 and 2 → 3 (from <paramref name="version"/>, see <see cref="ReadSchemaVersion"/>).</summary>
    private static void MigrateToV3(SqliteConnection c, long version)
    {
        if (version < 2)
        {
            RunInTransaction(c, $"""
                CREATE TABLE prov_entries (idx INTEGER PRIMARY KEY, predicate_type TEXT NOT NULL, submission BLOB NOT NULL, logged_at INTEGER NOT NULL);
                CREATE INDEX prov_entries_time ON prov_entries (logged_at);
                {SubjectsTableV3}
                CREATE TABLE prov_attachments (digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BLOB NOT NULL);
                CREATE TABLE prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment)) WITHOUT ROWID;
                PRAGMA user_version = 3;
                """);
            return;
        }
        // 2 → 3: the subject rows move to the binary-keyed table (the attachment tables are unchanged).
        c.CreateFunction("prov_digest_key", (string digest) => DigestKey.Encode(digest), isDeterministic: true);
        RunInTransaction(c, $"""
            DROP INDEX prov_subjects_name;
            DROP INDEX prov_subjects_idx;
            ALTER TABLE prov_subjects RENAME TO prov_subjects_v2;
            {SubjectsTableV3}
            INSERT INTO prov_subjects (idx, relation, digest, name) SELECT idx, relation, prov_digest_key(digest), name FROM prov_subjects_v2 ORDER BY idx, relation;
            DROP TABLE prov_subjects_v2;
            PRAGMA user_version = 3;
            """);
    }

    /// <summary>
    /// Schema 3 → 4: <c>entries</c> is rebuilt without its UNIQUE index on <c>leaf_hash</c> (SQLite cannot drop a
    /// constraint in place), the two secondary indexes of <c>prov_subjects</c> are dropped, and the lookup tables are
    /// filled from the whole log (<c>tree.indexed</c> = the tree size).
    /// </summary>
    private static void MigrateV3ToV4(SqliteConnection c) => RunInTransaction(c, $"""
        CREATE TABLE entries_v4 (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
        INSERT INTO entries_v4 (idx, leaf_hash, data) SELECT idx, leaf_hash, data FROM entries ORDER BY idx;
        DROP TABLE entries;
        ALTER TABLE entries_v4 RENAME TO entries;
        DROP INDEX prov_subjects_digest;
        DROP INDEX prov_subjects_name;
        ALTER TABLE tree ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;
        {LookupTables}
        {CatchUpSql.Replace("$w", "0")}
        UPDATE tree SET indexed = size WHERE id = 0;
        PRAGMA user_version = 4;
        """);

    private static void RunInTransaction(SqliteConnection c, string sql)
    {
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        tx.Commit();
    }
}
