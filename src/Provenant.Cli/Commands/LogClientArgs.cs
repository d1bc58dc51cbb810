using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Ledger.Client;
using Provenant.Ledger.Notes;
using Provenant.Server.Client;

namespace Provenant.Cli.Commands;

/// <summary>What every <c>provenant log</c> client command takes: the log URL, its key, and optional witnesses with a quorum.</summary>
internal sealed class LogClientArgs
{
    private const int MaxKeyFileBytes = 4096;

    private readonly Argument<string> _url = new("URL") { Description = "The log's base URL (its tlog-tiles prefix), e.g. http://127.0.0.1:8080" };
    private readonly Option<string> _logKey = new("--log-key") { Description = "The log's verifier key file (a signed-note vkey, e.g. log.vkey written by 'log serve')", Required = true };
    private readonly Option<string[]> _witnessKeys = new("--witness-key") { Description = "Trusted witness verifier key file(s) (cosignature/v1 vkeys)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _quorum = new("--quorum") { Description = "How many of the witnesses must have cosigned each checkpoint (default: all given)" };
    private readonly Option<int> _timeout = new("--timeout") { Description = "Seconds to wait for each response", DefaultValueFactory = _ => 30 };

    public void AddTo(Command c)
    {
        c.Add(_url);
        c.Add(_logKey);
        c.Add(_witnessKeys);
        c.Add(_quorum);
        c.Add(_timeout);
    }

    /// <summary>The verifying client over HTTP; dispose the fetcher when done.</summary>
    public TileClient Open(ParseResult r, out HttpTileFetcher fetcher)
    {
        var witnessFiles = r.GetValue(_witnessKeys) ?? [];
        var quorum = r.GetValue(_quorum);
        if (quorum is not null && witnessFiles.Length == 0) throw new UsageException("--quorum needs --witness-key");
        if (quorum is < 1 || quorum > witnessFiles.Length) throw new UsageException($"--quorum: must be 1 to {witnessFiles.Length} (the number of witness keys), not {quorum}");
        var timeout = r.GetValue(_timeout);
        if (timeout is < 1 or > 3600) throw new UsageException($"--timeout: must be 1 to 3600 seconds, not {timeout}");
        var logKey = ReadKey(r.GetValue(_logKey)!, "log key") as Ed25519NoteVerifier
            ?? throw new ProvenantException($"{r.GetValue(_logKey)}: not an Ed25519 log key (signature type 0x01)");
        var witnesses = witnessFiles.Select(f => ReadKey(f, "witness key") as CosignatureV1Verifier
            ?? throw new ProvenantException($"{f}: not a cosignature/v1 witness key (signature type 0x04)")).ToList();
        var url = r.GetValue(_url)!;
        try
        {
            fetcher = new HttpTileFetcher(url, TimeSpan.FromSeconds(timeout));
        }
        catch (ArgumentException e)
        {
            throw new UsageException("URL: " + e.Message);
        }
        return new TileClient(fetcher, new LogTrust(logKey, witnesses, quorum ?? witnesses.Count));
    }

    /// <summary>Reads a checkpoint file (a signed note), bounded like a served checkpoint.</summary>
    public static byte[] ReadCheckpointFile(string path) => BoundedFile.ReadAll(path, "checkpoint", ITileFetcher.MaxCheckpointBytes);

    private static INoteVerifier ReadKey(string path, string what)
    {
        var text = System.Text.Encoding.UTF8.GetString(BoundedFile.ReadAll(path, what, MaxKeyFileBytes));
        try
        {
            return NoteVerifierKey.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ProvenantException($"{path}: not a {what}: {e.Message}");
        }
    }
}
