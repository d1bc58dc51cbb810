using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Ledger.Entries;
using Provenant.Server.Client;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>Records a fresh signature in a transparency log and checks the returned entry before it goes into the bundle.</summary>
internal static class LogRecording
{
    public static async Task<SigstoreBundle> RecordAsync(CliConsole console, SigstoreBundle bundle, string publicKeyPem, string url, string? tokenFile, LogArgs logArgs, ParseResult r, CancellationToken ct)
    {
        var token = tokenFile is not null
            ? (File.Exists(tokenFile) ? File.ReadAllText(tokenFile).Trim() : throw new ProvenantException($"{tokenFile}: token file does not exist"))
            : Environment.GetEnvironmentVariable("PROVENANT_LOG_TOKEN") ?? throw new UsageException("--log needs a write token: --log-token-file FILE or $PROVENANT_LOG_TOKEN");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")) throw new UsageException($"--log: '{url}' is not an http(s) URL");
        var entry = await LogSubmitter.SubmitAsync(uri, token, bundle, publicKeyPem, ct);
        var logged = bundle with { Material = bundle.Material with { TlogEntries = [.. bundle.Material.TlogEntries, entry.ToJson().ToJsonString()] } };
        if (logArgs.LogKey(r) is { } logKey)
        {
            using var pk = EcKeys.FromSpkiPem(publicKeyPem, "signing key");
            var (witnesses, quorum) = logArgs.Witnesses(r);
            var v = BundleLogging.Verify(logged, pk, logKey, witnesses, quorum);
            if (!v.IsValid) throw new ProvenantException($"the log's answer does not verify: {v.Reason}", ExitCodes.VerificationFailed);
            console.Out.WriteLine($"logged: {v.Reason}");
        }
        else
        {
            console.Out.WriteLine($"logged at index {entry.LogIndex} (tree size {entry.TreeSize}); pass --log-key to check the log's answer");
        }
        return logged;
    }
}
