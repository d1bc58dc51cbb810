using System.CommandLine;
using Provenant.Core.IO;
using Provenant.Signing.InToto;
using Provenant.Signing.Json;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant sign-statement STATEMENT.json --private-key key.pem --out statement.sig</c>: sign any
/// in-toto Statement v1 (e.g. a dataset commitment) into a Sigstore bundle with a DSSE envelope.</summary>
public sealed class SignStatementCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var file = new Argument<string>("STATEMENT") { Description = "in-toto Statement v1 JSON file" };
        var outOpt = new Option<string>("--out") { Description = "Bundle to write", Required = true };
        var signer = new SignerArgs();
        var cmd = new Command("sign-statement", "Sign an in-toto statement (DSSE in a Sigstore bundle)") { file, outOpt };
        signer.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            var bytes = BoundedFile.ReadAll(path, "statement", InTotoStatement.MaxBytes);
            using (var doc = JsonCursor.ParseDocument(bytes, path))
            {
                var root = new JsonCursor(doc.RootElement, path, "$");
                var type = root.Required("_type").String(256);
                if (type != InTotoStatement.TypeV1) throw root.Required("_type").Fail($"\"{InTotoStatement.TypeV1}\"", $"\"{type}\"");
                root.Required("subject").Array();
                root.Required("predicateType").String(1024);
            }
            var bundle = signer.Read(r).Sign(bytes);
            AtomicFile.Write(r.GetValue(outOpt)!, bundle.ToJsonBytes());
            console.Out.WriteLine($"signed statement {path} -> {r.GetValue(outOpt)}");
            return 0;
        });
        return cmd;
    }
}
