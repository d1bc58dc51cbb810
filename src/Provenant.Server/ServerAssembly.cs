namespace Provenant.Server;

/// <summary>
/// Provenant.Server: ASP.NET Core (Kestrel) hosting of the transparency log (c2sp.org/tlog-tiles read side and the
/// submission API) and the cosigning witness (c2sp.org/tlog-witness).
/// </summary>
public static class ServerAssembly
{
    /// <summary>The assembly name.</summary>
    public const string Name = "Provenant.Server";
}
