// Times adding and verifying C2PA credentials on image files against reading the file once and hashing it with
// SHA-256, in one process (no start-up cost in any column). RUNS rounds after one warm-up; each round times every
// column once, in turn, and the table shows the best round per column (and the ratios also from the medians).
// "add" reads, hashes, signs and writes the signed copy atomically (temporary file, fsync, rename); the phases are
// shown beside it: the read alone, SHA-256 of the bytes in memory, and the atomic write of the signed bytes alone (in
// one write; in 1 MiB writes with the write-back hint, add's fallback; in 4 MiB direct-I/O writes from aligned memory
// as add does, the copy into aligned memory included; without fsync), since no add can avoid one write.
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

var probeDir = Path.GetTempPath(); // where the outputs go
bool direct;
using (var probe = new FileStream(Path.Combine(probeDir, ".direct-probe"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
{
    direct = Provenant.Core.IO.FileWriteback.TrySetDirect(probe.SafeFileHandle, true);
}
Console.WriteLine($"{Environment.ProcessorCount} cores; {runs} rounds after one warm-up, every column timed once per round in turn (so load changes hit all alike); best of the rounds, ms; ratios also from the medians; "
    + $"direct I/O {(direct ? "available" : "unavailable")} and write-back hint {(Provenant.Core.IO.FileWriteback.IsAvailable ? "available" : "unavailable")} in {probeDir}");
Console.WriteLine();
var summary = new List<string>
{
    "| file | MB | read + SHA-256 | add, page-cache writes | verify after it | add, direct I/O | verify after it | add / SHA-256, page cache (best, median) | verify / SHA-256 (best, median) | add / SHA-256, direct I/O (best, median) | verify / SHA-256 (best, median) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
};
var phases = new List<string>
{
    "| file | read | SHA-256 in memory | atomic write of the signed file (one write + fsync + rename) | same, 1 MiB writes + write-back hint | same, 4 MiB direct-I/O writes | write + rename, no fsync | CPU ms, all threads (best): read + SHA-256 / add page cache / add direct / verify |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
};
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
        CredentialEmbedder.Add(file, output, definition, signer);
        var signedBytes = File.ReadAllBytes(output);
        var inMemory = File.ReadAllBytes(file);
        var copy = Path.Combine(tmp, "copy");
        void Verify()
        {
            var r = CredentialVerifier.Verify(output, options);
            if (r.State != CredentialState.Trusted) throw new InvalidOperationException($"{output}: {r.State} {r.Error}");
        }
        var columns = new (string Name, Action Run)[]
        {
            ("sha", () => SHA256.HashData(File.ReadAllBytes(file))),
            ("read", () => File.ReadAllBytes(file)),
            ("hash", () => SHA256.HashData(inMemory)),
            ("add", () => CredentialEmbedder.Add(file, output, definition, signer)),
            ("verify", Verify),
            ("adddirect", () => CredentialEmbedder.AddCore(file, output, definition, signer, directWrites: true)),
            ("verifydirect", Verify),
            ("write", () => Provenant.Core.IO.AtomicFile.Write(copy, signedBytes)),
            ("chunked", () => Provenant.Core.IO.AtomicFile.Write(copy, s =>
            {
                var handle = ((FileStream)s).SafeFileHandle;
                for (var at = 0; at < signedBytes.Length; at += 1 << 20)
                {
                    var n = Math.Min(1 << 20, signedBytes.Length - at);
                    RandomAccess.Write(handle, signedBytes.AsSpan(at, n), at);
                    Provenant.Core.IO.FileWriteback.Start(handle, at, n);
                }
            })),
            ("direct", () => Provenant.Core.IO.AtomicFile.Write(copy, s => DirectWrite(((FileStream)s).SafeFileHandle, signedBytes))),
            ("nosync", () =>
            {
                File.WriteAllBytes(copy + ".tmp", signedBytes);
                File.Move(copy + ".tmp", copy, overwrite: true);
            }),
        };
        var times = columns.Select(_ => new List<double>()).ToArray();
        var cpu = columns.Select(_ => new List<double>()).ToArray();
        using var self = Process.GetCurrentProcess();
        for (var round = -1; round < runs; round++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                self.Refresh();
                var cpu0 = self.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                columns[c].Run();
                var wall = sw.Elapsed.TotalMilliseconds;
                self.Refresh();
                if (round < 0) continue;
                times[c].Add(wall);
                cpu[c].Add((self.TotalProcessorTime - cpu0).TotalMilliseconds);
            }
        }
        double Cpu(string name) => cpu[Array.FindIndex(columns, c => c.Name == name)].Min();
        double Best(string name) => times[Array.FindIndex(columns, c => c.Name == name)].Min();
        double Median(string name)
        {
            var t = times[Array.FindIndex(columns, c => c.Name == name)].Order().ToArray();
            return t.Length % 2 == 1 ? t[t.Length / 2] : (t[t.Length / 2 - 1] + t[t.Length / 2]) / 2;
        }
        var mb = new FileInfo(file).Length / 1e6;
        string Ratio(string name) => $"{Best(name) / Best("sha"):F2}, {Median(name) / Median("sha"):F2}";
        summary.Add($"| {Path.GetFileName(file)} | {mb:F1} | {Best("sha"):F1} | {Best("add"):F1} | {Best("verify"):F1} | {Best("adddirect"):F1} | {Best("verifydirect"):F1} | "
            + $"{Ratio("add")} | {Ratio("verify")} | {Ratio("adddirect")} | {Ratio("verifydirect")} |");
        phases.Add($"| {Path.GetFileName(file)} | {Best("read"):F1} | {Best("hash"):F1} | {Best("write"):F1} | {Best("chunked"):F1} | {Best("direct"):F1} | {Best("nosync"):F1} | "
            + $"{Cpu("sha"):F0} / {Cpu("add"):F0} / {Cpu("adddirect"):F0} / {Cpu("verify"):F0} |");
    }
}
finally
{
    Directory.Delete(tmp, recursive: true);
}
summary.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine("Phases, ms (best of the rounds):");
Console.WriteLine();
phases.ForEach(Console.WriteLine);

// Writes bytes as add does where direct I/O is available: from page-aligned memory in 4 MiB pieces, the last page
// padded, then the file cut to its length (page-cache writes where direct I/O is refused).
static unsafe void DirectWrite(Microsoft.Win32.SafeHandles.SafeFileHandle file, byte[] bytes)
{
    const int Align = Provenant.Core.IO.FileWriteback.DirectAlignment;
    var padded = (bytes.Length + Align - 1) / Align * Align;
    var array = GC.AllocateUninitializedArray<byte>(padded + Align, pinned: true);
    fixed (byte* start = array)
    {
        var skip = (int)((Align - ((nuint)start & (Align - 1))) & (Align - 1));
        var aligned = array.AsSpan(skip, padded);
        bytes.CopyTo(aligned);
        aligned[bytes.Length..].Clear();
        Provenant.Core.IO.FileWriteback.TrySetDirect(file, true);
        for (var at = 0; at < padded; at += 4 << 20)
        {
            RandomAccess.Write(file, aligned.Slice(at, Math.Min(4 << 20, padded - at)), at);
        }
        RandomAccess.SetLength(file, bytes.Length);
    }
}
