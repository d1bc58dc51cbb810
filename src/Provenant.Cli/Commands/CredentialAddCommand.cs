using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Provenant.Core.Errors;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;
using Provenant.Signing.Certificates;
using Provenant.Signing.Keys;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant credential add OUTPUT --model-statement F [--proof F] [--log-entry F] --key KEY.pem --cert-chain CHAIN.pem [--out F]</c>:
/// signs a C2PA manifest naming the model, proof and log entry, and embeds it (PNG/JPEG) or writes OUTPUT.c2pa.
/// </summary>
internal static class CredentialAddCommand
{
    public static Command Build(CliConsole console)
    {
        var output = new Argument<string>("OUTPUT") { Description = "The generated output to credential (PNG, JPEG, or any file for a sidecar .c2pa)" };
        var statement = new Option<string>("--model-statement") { Description = "The model's signed OMS statement (Sigstore bundle)", Required = true };
        var proof = new Option<string?>("--proof") { Description = "The inference proof or signed receipt that produced OUTPUT" };
        var logEntry = new Option<string?>("--log-entry") { Description = "Transparency log entry JSON (default: the statement bundle's first tlog entry)" };
        var key = new Option<string>("--key") { Description = "Signer's EC private key (PEM)", Required = true };
        var chain = new Option<string>("--cert-chain") { Description = "Signer certificate chain PEM, signer first (a self-signed root is left out of x5chain)", Required = true };
        var outPath = new Option<string?>("--out") { Description = "Write the signed file here (default: replace OUTPUT atomically; for a sidecar: OUTPUT.c2pa)" };
        var training = new Option<string?>("--training-mining") { Description = "Add cawg.training-mining with this use for all purposes: allowed | notAllowed | constrained" };
        var cmd = new Command("add", "Sign and attach C2PA content credentials to a generated output") { output, statement, proof, logEntry, key, chain, outPath, training };
        cmd.SetAction(r =>
        {
            var asset = r.GetValue(output)!;
            if (r.GetValue(training) is { } use && use is not ("allowed" or "notAllowed" or "constrained")) throw new UsageException($"--training-mining: '{use}' is not allowed, notAllowed or constrained");
            var version = typeof(ProvenanceCredential).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            var definition = ProvenanceCredential.Define(asset, r.GetValue(statement)!, r.GetValue(proof), r.GetValue(logEntry), r.GetValue(training), version);
            using var signerKey = EcKeys.LoadPrivate(r.GetValue(key)!);
            var certs = CertificateFiles.LoadAll(r.GetValue(chain)!, "certificate chain");
            try
            {
                if (EcKeys.FromCertificate(certs[0], r.GetValue(chain)!) is var certKey && !certKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(signerKey.ExportSubjectPublicKeyInfo()))
                {
                    certKey.Dispose();
                    throw new ProvenantException($"{r.GetValue(chain)}: the first certificate does not hold the public key of {r.GetValue(key)}");
                }
                if (SigningCredentialValidator.ProfileProblem(certs[0]) is { } problem)
                {
                    throw new ProvenantException($"{r.GetValue(chain)}: '{certs[0].Subject}' cannot sign C2PA claims: {problem} (C2PA 2.x §14.5)");
                }
                var x5chain = certs.Where((c, i) => i == 0 || c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData) == false).Select(c => c.RawData).ToList();
                var result = CredentialEmbedder.Add(asset, r.GetValue(outPath), definition, new ClaimSigner(signerKey, x5chain));
                console.Out.WriteLine($"{result.WrittenPath}: {result.MediaType} manifest {definition.ManifestLabel} ({result.StoreBytes} bytes{(result.Exclusion is { } ex ? $", embedded at offset {ex.Start}, {ex.Length} bytes excluded from the data hash" : ", sidecar")})");
                foreach (var a in definition.Assertions) console.Out.WriteLine($"  assertion {a.Label}");
                console.Out.WriteLine($"  assertion {C2paLabels.DataHash}");
                return 0;
            }
            finally
            {
                foreach (var c in certs) c.Dispose();
            }
        });
        return cmd;
    }
}
