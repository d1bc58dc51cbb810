using System.CommandLine;
using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Credentials.Validation;
using Provenant.Core.IO;
using Provenant.Ledger.Entries;
using Provenant.Proofs.Verifier;
using Provenant.Proofs.Weights;
using Provenant.Signing.Certificates;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant credential verify FILE [--trust-anchors PEM] [--model-statement BUNDLE [--log-key VKEY
/// [--statement-key PEM] [--witness-key VKEY… --witness-quorum K]]] [--proof F [--weights-commitment C]]</c>: prints
/// each manifest (active first) and every check; with <c>--log-key</c> it also verifies, offline, that the model
/// statement bundle is included in the transparency log under a checkpoint signed by that key (the credential's
/// recorded entry must be the bundle's); with <c>--weights-commitment</c> it verifies the inference proof itself (the
/// succinct proof of <c>provenant prove</c>, docs/proof-system.md) against the model's weight commitment, after the
/// credential has matched the proof file's digest.
/// Exit 0 valid (trusted when anchors are given), 1 invalid / untrusted / no manifest / not logged, 3 malformed.
/// </summary>
internal static class CredentialVerifyCommand
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "A PNG, JPEG, or any file with a FILE.c2pa sidecar" };
        var anchors = new Option<string?>("--trust-anchors") { Description = "PEM file of trusted root certificates; without it the signer is reported untrusted but the result can be valid" };
        var sidecar = new Option<string?>("--sidecar") { Description = "Sidecar manifest store (default FILE.c2pa) for files that do not embed one" };
        var statement = new Option<string?>("--model-statement") { Description = "Check the credential's model statement digest against this file" };
        var proof = new Option<string?>("--proof") { Description = "Check the credential's inference proof digest against this file" };
        var at = new Option<string?>("--at") { Description = "Validation time for certificates (ISO 8601, default now)" };
        var statementKey = new Option<string?>("--statement-key") { Description = "With --log-key: the model signer's public key (PEM), for key-mode statement bundles" };
        var weights = new Option<string?>("--weights-commitment") { Description = "With --proof: also verify the inference proof itself against this weight commitment (provenant commit-weights)" };
        var logArgs = new LogArgs();
        var cmd = new Command("verify", "Read and validate C2PA content credentials") { file, anchors, sidecar, statement, proof, at, statementKey, weights };
        logArgs.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var trust = r.GetValue(anchors) is { } a ? CertificateFiles.LoadAll(a, "trust anchors") : [];
            DateTimeOffset? time = null;
            if (r.GetValue(at) is { } t)
            {
                if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) throw new UsageException($"--at: '{t}' is not an ISO 8601 time");
                time = parsed;
            }
            var logKey = logArgs.LogKey(r);
            if (logKey is not null && r.GetValue(statement) is null) throw new UsageException("--log-key needs --model-statement BUNDLE (the logged statement to check)");
            if (r.GetValue(weights) is not null && r.GetValue(proof) is null) throw new UsageException("--weights-commitment needs --proof PROOF (the proof to verify)");
            var report = CredentialVerifier.Verify(r.GetValue(file)!, new VerifyOptions(trust, time, r.GetValue(sidecar), r.GetValue(statement), r.GetValue(proof)));
            Print(console, report, trust.Count > 0);
            if (logKey is not null && report.State is CredentialState.Trusted or CredentialState.Valid)
            {
                var (witnesses, quorum) = logArgs.Witnesses(r);
                var bundle = SigstoreBundle.ReadFile(r.GetValue(statement)!);
                using var signerKey = r.GetValue(statementKey) is { } pem ? EcKeys.FromSpkiPem(System.Text.Encoding.ASCII.GetString(BoundedFile.ReadAll(pem, "statement key", 64 << 10)), pem) : null;
                var inclusion = BundleLogging.Verify(bundle, signerKey, logKey, witnesses, quorum);
                console.Out.WriteLine(inclusion.IsValid
                    ? $"logged: the model statement is in the transparency log ({inclusion.Reason})"
                    : $"NOT LOGGED: the model statement's transparency-log inclusion does not verify: {inclusion.Reason}");
                foreach (var f in inclusion.Findings) console.Out.WriteLine("  " + f);
                if (!inclusion.IsValid) return ExitCodes.VerificationFailed;
            }
            if (r.GetValue(weights) is { } weightsPath && report.State is CredentialState.Trusted or CredentialState.Valid)
            {
                var proofPath = r.GetValue(proof)!;
                var commitment = WeightCommitment.Parse(BoundedFile.ReadAll(weightsPath, "weight commitment", WeightCommitment.MaxFileBytes), weightsPath);
                var outcome = ProofFileVerifier.Verify(BoundedFile.ReadAll(proofPath, "proof", Proofs.ProofFormat.ProofFile.MaxFileBytes), commitment, null);
                if (!outcome.Result.IsValid)
                {
                    console.Out.WriteLine($"INVALID PROOF: the credential's inference proof does not verify against {weightsPath}: {outcome.Result.Reason}");
                    return ExitCodes.VerificationFailed;
                }
                console.Out.WriteLine($"proof: the credential's inference proof verifies against weight commitment root {commitment.RootHex} ({outcome.Result.Reason}); model sha256 {Convert.ToHexStringLower(outcome.Proof!.Statement.ModelDigest)}");
            }
            return report.State switch
            {
                CredentialState.Malformed => ExitCodes.InputError,
                CredentialState.Trusted => ExitCodes.Ok,
                CredentialState.Valid when trust.Count == 0 => ExitCodes.Ok,
                _ => ExitCodes.VerificationFailed,
            };
        });
        return cmd;
    }

    private static void Print(CliConsole console, CredentialReport report, bool anchorsGiven)
    {
        var o = console.Out;
        o.WriteLine($"{report.Path}: {report.MediaType}");
        if (report.State == CredentialState.NoManifest) o.WriteLine("no C2PA manifest" + (report.Error is null ? "" : $" ({report.Error})"));
        if (report.State == CredentialState.Malformed) o.WriteLine($"malformed: {report.Error}");
        foreach (var m in report.Manifests)
        {
            o.WriteLine($"{(m.IsActive ? "active manifest" : "ingredient manifest")} {m.Label} (claim v{m.ClaimVersion}, {m.Algorithm ?? "?"}, signer {m.Signer ?? "?"})");
            if (m.Title is not null) o.WriteLine($"  title      {m.Title}");
            if (m.Generator is not null) o.WriteLine($"  generator  {m.Generator}");
            o.WriteLine($"  assertions {string.Join(", ", m.AssertionLabels)}");
            if (m.Provenance is { } p)
            {
                o.WriteLine($"  model statement {p.ModelStatement.Name} {p.ModelStatement.Alg}:{Convert.ToHexStringLower(p.ModelStatement.Hash)}");
                if (p.InferenceProof is { } ip) o.WriteLine($"  inference proof {ip.Name} {ip.Alg}:{Convert.ToHexStringLower(ip.Hash)}");
                if (p.LogEntry is { } le) o.WriteLine($"  log entry       index {le.Index}, checkpoint {le.Checkpoint.Split('\n')[0]} size {le.Checkpoint.Split('\n').ElementAtOrDefault(1)}");
            }
            foreach (var c in m.Checks) o.WriteLine("  " + c);
        }
        var verdict = report.State switch
        {
            CredentialState.Trusted => "VALID (signer trusted)",
            CredentialState.Valid => anchorsGiven ? "NOT TRUSTED: integrity checks passed but the signer does not chain to the trust anchors" : "VALID (integrity only: no --trust-anchors given)",
            CredentialState.Invalid => "INVALID",
            CredentialState.Malformed => "MALFORMED",
            _ => "NO MANIFEST",
        };
        o.WriteLine(verdict);
    }
}
