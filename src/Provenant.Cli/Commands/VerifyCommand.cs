using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Signing.Oms;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant verify MODEL_PATH --signature model.sig (--public-key pub.pem | --certificate-chain ca.pem)</c>.
/// Exit 0 when the model matches, 1 when verification fails (naming what differs).</summary>
public sealed class VerifyCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL_PATH") { Description = "Model directory or file" };
        var sig = new Option<string>("--signature") { Description = "Signature file (Sigstore bundle JSON)", DefaultValueFactory = _ => "model.sig" };
        var ignore = new Option<string[]>("--ignore-paths") { Description = "Extra paths to leave out (besides those the signature records)", AllowMultipleArgumentsPerToken = true };
        var trust = new TrustArgs();
        var logArgs = new LogArgs();
        var cmd = new Command("verify", "Verify a model against its OMS signature (and, with --log-key, its transparency-log inclusion, offline)") { model, sig, ignore };
        trust.AddTo(cmd);
        logArgs.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var modelPath = r.GetValue(model)!;
            var sigPath = r.GetValue(sig)!;
            var material = trust.Read(r);
            if (material.PublicKey is null && material.TrustAnchors.Count == 0 && !File.Exists(sigPath))
            {
                throw new ProvenantException($"{sigPath}: signature file does not exist");
            }
            var bundle = SigstoreBundle.ReadFile(sigPath);
            if (material.PublicKey is null && material.TrustAnchors.Count == 0 && bundle.Material.Kind != VerificationMaterialKind.Keyless)
            {
                throw new UsageException("pass --public-key or --certificate-chain");
            }
            var extra = SerializationArgs.Relative(modelPath, r.GetValue(ignore) ?? []);
            var v = ProgressDisplay.Run(console, "verifying", 0, p => ModelVerifier.Verify(modelPath, bundle, sigPath, material, extra, progress: p, tensorRoots: new TensorRootCalculator()));
            foreach (var n in v.Notes) console.Error.WriteLine("note: " + n);
            if (!v.Result.IsValid)
            {
                console.Error.WriteLine($"verification FAILED: {v.Result.Reason}");
                foreach (var f in v.Result.Findings) console.Error.WriteLine("  " + f);
                return ExitCodes.VerificationFailed;
            }
            if (logArgs.LogKey(r) is { } logKey)
            {
                var (witnesses, quorum) = logArgs.Witnesses(r);
                var inclusion = Provenant.Ledger.Entries.BundleLogging.Verify(bundle, material.PublicKey, logKey, witnesses, quorum);
                if (!inclusion.IsValid)
                {
                    console.Error.WriteLine($"verification FAILED: transparency log: {inclusion.Reason}");
                    foreach (var f in inclusion.Findings) console.Error.WriteLine("  " + f);
                    return ExitCodes.VerificationFailed;
                }
                console.Out.WriteLine($"logged: {inclusion.Reason}");
            }
            console.Out.WriteLine($"verified: '{modelPath}' matches {sigPath} ({v.Result.Reason})");
            return 0;
        });
        return cmd;
    }
}
