using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;
using Provenant.Server.Witness;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant witness keygen --name NAME --out KEY</c>: an Ed25519 <c>cosignature/v1</c> key (c2sp.org/tlog-cosignature),
/// private key <c>PRIVATE+KEY+…</c> mode 0600 and <c>KEY.vkey</c> beside it.
/// <c>provenant witness serve --key KEY --log-key VKEYFILE… [--data DIR] [--urls URL…]</c>: a c2sp.org/tlog-witness
/// witness on Kestrel (default <see cref="WitnessHost.DefaultUrl"/>), state in <c>DIR/witness.db</c>.
/// </summary>
public sealed class WitnessCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var cmd = new Command("witness", "Transparency-log witness (c2sp.org/tlog-witness): generate a cosigning key, serve add-checkpoint");
        cmd.Add(BuildKeygen(console));
        cmd.Add(BuildServe(console));
        return cmd;
    }

    private static Command BuildKeygen(CliConsole console)
    {
        var name = new Option<string>("--name") { Description = "Witness name (key name in cosignature lines), e.g. witness.example.com/w1", Required = true };
        var outOpt = new Option<string>("--out") { Description = "Private key file (written with mode 0600); the verifier key goes to FILE.vkey", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files" };
        var cmd = new Command("keygen", "Generate an Ed25519 cosignature/v1 witness key") { name, outOpt, force };
        cmd.SetAction(r =>
        {
            var keyName = r.GetValue(name)!;
            if (!NoteKeyName.IsValid(keyName)) throw new UsageException($"--name: '{keyName}' is not a valid key name (non-empty, no spaces, no '+')");
            var path = r.GetValue(outOpt)!;
            var vkeyPath = path + ".vkey";
            if (!r.GetValue(force) && (File.Exists(path) || File.Exists(vkeyPath)))
            {
                throw new ProvenantException($"{(File.Exists(path) ? path : vkeyPath)}: already exists (use --force to overwrite)", ExitCodes.OutputError);
            }
            var signer = CosignatureV1Signer.Generate(keyName);
            AtomicFile.WriteText(path, signer.ToPrivateKeyString() + "\n", privateMode: true);
            var vkey = signer.Verifier.ToString();
            AtomicFile.WriteText(vkeyPath, vkey + "\n");
            console.Out.WriteLine($"private key:  {path} (mode 0600)");
            console.Out.WriteLine($"verifier key: {vkeyPath}");
            console.Out.WriteLine(vkey);
            return 0;
        });
        return cmd;
    }

    private static Command BuildServe(CliConsole console)
    {
        var key = new Option<string>("--key") { Description = "Witness private key file (from 'provenant witness keygen')", Required = true };
        var logKeys = new Option<string[]>("--log-key") { Description = "Log verifier key file(s), one vkey per line; the key name is the log origin", Required = true, AllowMultipleArgumentsPerToken = true };
        var data = new Option<string>("--data") { Description = "State directory (witness.db)", DefaultValueFactory = _ => "provenant-witness" };
        var urls = new Option<string[]>("--urls") { Description = $"Listening URLs (default {WitnessHost.DefaultUrl}, loopback only)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("serve", "Serve POST /add-checkpoint until interrupted") { key, logKeys, data, urls };
        cmd.SetAction(r =>
        {
            var signer = LoadSigner(r.GetValue(key)!);
            var logs = r.GetValue(logKeys)!.SelectMany(LoadLogKeys).ToList();
            var dataDir = r.GetValue(data)!;
            Directory.CreateDirectory(dataDir);
            using var store = new SqliteWitnessStore(Path.Combine(dataDir, "witness.db"));
            var witness = new CosigningWitness(signer, logs, store);
            using var app = WitnessHost.Build(witness, r.GetValue(urls));
            app.Start();
            console.Out.WriteLine($"witness {signer.Verifier}");
            foreach (var origin in witness.Origins.Order(StringComparer.Ordinal)) console.Out.WriteLine($"log     {origin}");
            console.Out.WriteLine($"state   {store.Path}");
            foreach (var url in WitnessHost.ListeningUrls(app)) console.Out.WriteLine($"listening on {url}");
            console.Out.Flush();
            app.WaitForShutdown();
            return 0;
        });
        return cmd;
    }

    private static CosignatureV1Signer LoadSigner(string path)
    {
        var text = ReadSmall(path, "witness key");
        try
        {
            return CosignatureV1Signer.ParsePrivateKey(text.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ProvenantException($"{path}: not a cosignature/v1 witness private key: {e.Message}", ExitCodes.InputError, e);
        }
    }

    private static IEnumerable<INoteVerifier> LoadLogKeys(string path)
    {
        var lines = ReadSmall(path, "log key").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) throw new ProvenantException($"{path}: no verifier key in the file", ExitCodes.InputError);
        for (var i = 0; i < lines.Length; i++)
        {
            INoteVerifier v;
            try
            {
                v = NoteVerifierKey.Parse(lines[i]);
            }
            catch (FormatException e)
            {
                throw new ProvenantFormatException(path, "verifier key", "name+keyid+base64(type ‖ key)", e.Message, i + 1, "line", e);
            }
            if (v is not Ed25519NoteVerifier) throw new ProvenantFormatException(path, "verifier key", "an Ed25519 (type 0x01) log key", $"a cosignature key '{v.Name}'", i + 1, "line");
            yield return v;
        }
    }

    private static string ReadSmall(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new ProvenantException($"{path}: {what} file not found", ExitCodes.InputError);
            if (info.Length > 64 * 1024) throw new ProvenantException($"{path}: {what} file is {info.Length} bytes, expected at most 65536", ExitCodes.InputError);
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read {what}: {e.Message}", ExitCodes.InputError, e);
        }
    }
}
