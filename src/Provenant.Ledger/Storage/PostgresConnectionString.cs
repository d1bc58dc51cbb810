namespace Provenant.Ledger.Storage;

/// <summary>Turns a <c>postgres://user:password@host:port/database?k=v</c> URI into an Npgsql keyword connection string.</summary>
public static class PostgresConnectionString
{
    /// <summary>Returns keyword connection strings unchanged; converts <c>postgres://</c> and <c>postgresql://</c> URIs.</summary>
    /// <exception cref="ArgumentException">A URI without a host.</exception>
    public static string Normalize(string connection)
    {
        ArgumentException.ThrowIfNullOrEmpty(connection);
        if (!connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)) return connection;
        var uri = new Uri(connection);
        if (string.IsNullOrEmpty(uri.Host)) throw new ArgumentException("a postgres:// URI needs a host");
        var b = new Npgsql.NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
        if (uri.UserInfo.Length > 0)
        {
            var ui = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(ui[0]);
            if (ui.Length > 1) b.Password = Uri.UnescapeDataString(ui[1]);
        }
        foreach (var kv in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = kv.Split('=', 2);
            b[Uri.UnescapeDataString(p[0])] = p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "";
        }
        return b.ConnectionString;
    }
}
