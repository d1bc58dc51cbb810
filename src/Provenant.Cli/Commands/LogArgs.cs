using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Ledger.Notes;

namespace Provenant.Cli.Commands;

/// <summary>Trusted log and witness keys: <c>--log-key VKEYFILE [--witness-key VKEYFILE…] [--witness-quorum K]</c>.</summary>
internal sealed class LogArgs
{
    private readonly Option<string?> _logKey = new("--log-key") { Description = "The transparency log's verifier key (note vkey file, e.g. log.vkey)" };
    private readonly Option<string[]> _witnessKeys = new("--witness-key") { Description = "Trusted witness cosigner key(s) (vkey files)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int> _quorum = new("--witness-quorum") { Description = "Witness cosignatures required (default: all given witness keys)", DefaultValueFactory = _ => -1 };

    public void AddTo(Command c)
    {
        c.Add(_logKey);
        c.Add(_witnessKeys);
        c.Add(_quorum);
    }

    /// <summary>The log key, or null when <c>--log-key</c> was not given.</summary>
    public Ed25519NoteVerifier? LogKey(ParseResult r) => r.GetValue(_logKey) is { } path
        ? ReadVKey(path) as Ed25519NoteVerifier ?? throw new UsageException($"{path}: a log key must be an Ed25519 (type 0x01) note key")
        : null;

    /// <summary>The witness keys and the quorum.</summary>
    public (IReadOnlyList<INoteVerifier> Witnesses, int Quorum) Witnesses(ParseResult r)
    {
        var keys = (r.GetValue(_witnessKeys) ?? []).Select(ReadVKey).ToList();
        if (keys.Any(k => k is not CosignatureV1Verifier)) throw new UsageException("--witness-key: witness keys are cosignature/v1 (type 0x04) vkeys");
        var q = r.GetValue(_quorum);
        if (q < 0) q = keys.Count;
        if (q > keys.Count) throw new UsageException($"--witness-quorum {q} exceeds the {keys.Count} witness key(s) given");
        return (keys, q);
    }

    internal static INoteVerifier ReadVKey(string path)
    {
        if (!File.Exists(path)) throw new ProvenantException($"{path}: verifier key file does not exist");
        var fi = new FileInfo(path);
        if (fi.Length > 4096) throw new ProvenantFormatException(path, "verifier key", "a one-line vkey (under 4 KiB)", $"{fi.Length} bytes");
        try { return NoteVerifierKey.Parse(File.ReadAllText(path).Trim()); }
        catch (FormatException e) { throw new ProvenantFormatException(path, "verifier key", "name+keyid+base64 (c2sp.org/signed-note)", e.Message); }
    }
}
