using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant verify-statement BUNDLE (--public-key | --certificate-chain) [--statement FILE] [--out FILE]</c>:
/// authenticate a signed statement; optionally require it to equal a given statement file byte for byte.</summary>
public sealed class VerifyStatementCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var file = new Argument<string>("BUNDLE") { Description = "Sigstore bundle with a DSSE-signed statement" };
        var expect = new Option<string?>("--statement") { Description = "Statement file that the bundle must carry exactly" };
        var outOpt = new Option<string?>("--out") { Description = "Write the authenticated statement here" };
        var trust = new TrustArgs();
        var cmd = new Command("verify-statement", "Verify a signed in-toto statement") { file, expect, outOpt };
        trust.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var bundle = SigstoreBundle.ReadFile(r.GetValue(file)!);
            var v = BundleVerifier.Verify(bundle, trust.Read(r));
            foreach (var n in v.Notes) console.Error.WriteLine("note: " + n);
            if (!v.Result.IsValid)
            {
                console.Error.WriteLine("verification FAILED: " + v.Result.Reason);
                return ExitCodes.VerificationFailed;
            }
            if (r.GetValue(expect) is { } expectPath)
            {
                var expected = BoundedFile.ReadAll(expectPath, "statement", Signing.InToto.InTotoStatement.MaxBytes);
                if (!expected.AsSpan().SequenceEqual(v.Envelope!.Payload))
                {
                    console.Error.WriteLine($"verification FAILED: {expectPath} differs from the signed statement");
                    return ExitCodes.VerificationFailed;
                }
            }
            if (r.GetValue(outOpt) is { } o) AtomicFile.Write(o, v.Envelope!.Payload);
            console.Out.WriteLine($"verified: statement signature valid ({v.Envelope!.Payload.Length} bytes)");
            return 0;
        });
        return cmd;
    }
}
