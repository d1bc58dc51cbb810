// Times adding and verifying C2PA credentials on image files against reading the file once and hashing it with
// SHA-256, in one process (no start-up cost in any column). Best of RUNS after one warm-up each. "add" reads,
// hashes, signs and writes the signed copy atomically (temporary file, fsync, rename); the atomic write of the same
// bytes alone is shown beside it, since no add can avoid one write.
// Usage: CredentialsBench RUNS FILE...   (prints a Markdown table)
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;

var runs = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var files = args[1..];

using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var rootReq = new CertificateRequest("CN=Bench Root", rootKey, HashAlgorithmName.SHA256);
rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
rootReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootReq.PublicKey, false));
using var root = rootReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var req = new CertificateRequest("CN=Bench Signer", signerKey, HashAlgorithmName.SHA256);
req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.36")], false));
req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
using var leaf = req.Create(root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMonths(6), [1, 2, 3, 4]);
var signer = new ClaimSigner(signerKey, [leaf.RawData]);
var options = new VerifyOptions([root]);

Console.WriteLine($"{Environment.ProcessorCount} cores; best of {runs} runs after one warm-up; ms");
Console.WriteLine();
Console.WriteLine("| file | MB | read + SHA-256 | credential add | atomic write of the signed file alone | credential verify | add / SHA-256 | verify / SHA-256 |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
var tmp = Directory.CreateTempSubdirectory("provenant-credbench-").FullName;
try
{
    foreach (var file in files)
    {
        var output = Path.Combine(tmp, "signed" + Path.GetExtension(file));
        var definition = new ManifestDefinition("urn:c2pa:00000000-0000-4000-8000-000000000000", "xmp:iid:bench", Path.GetFileName(file), "Provenant", "bench",
        [
            new(C2paLabels.ActionsV2, StandardAssertions.CreatedByModel("bench-model", null)),
            new(C2paLabels.Provenance, new ProvenanceAssertion(new ArtifactDigest("model.sig", "sha256", new byte[32]), null, null).ToCbor()),
        ]);
        var sha = Best(runs, () => SHA256.HashData(File.ReadAllBytes(file)));
        var add = Best(runs, () => CredentialEmbedder.Add(file, output, definition, signer));
        var verify = Best(runs, () =>
        {
            var r = CredentialVerifier.Verify(output, options);
            if (r.State != CredentialState.Trusted) throw new InvalidOperationException($"{output}: {r.State} {r.Error}");
        });
        var signedBytes = File.ReadAllBytes(output);
        var write = Best(runs, () => Provenant.Core.IO.AtomicFile.Write(Path.Combine(tmp, "copy"), signedBytes));
        var mb = new FileInfo(file).Length / 1e6;
        Console.WriteLine($"| {Path.GetFileName(file)} | {mb:F1} | {sha:F1} | {add:F1} | {write:F1} | {verify:F1} | {add / sha:F2} | {verify / sha:F2} |");
    }
}
finally
{
    Directory.Delete(tmp, recursive: true);
}

static double Best(int runs, Action action)
{
    action();
    var best = double.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        action();
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
    }
    return best;
}
