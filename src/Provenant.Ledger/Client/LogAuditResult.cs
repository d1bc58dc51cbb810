namespace Provenant.Ledger.Client;

/// <summary>The outcome of a passed <see cref="LogAudit"/>.</summary>
/// <param name="Entries">Entries whose leaf hash was recomputed and matched the level-0 tile (the tree size).</param>
/// <param name="Tiles">Tiles compared: every level-0 tile and entry bundle, and every tile above level 0.</param>
public sealed record LogAuditResult(ulong Entries, ulong Tiles);
