using System.Security.Cryptography;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Ledger.Notes;
using Provenant.Signing.Sigstore;

namespace Provenant.Ledger.Entries;

/// <summary>Links Sigstore bundles to log entries: the entry a bundle should have, and offline verification of its <c>tlogEntries</c>.</summary>
public static class BundleLogging
{
    /// <summary>
    /// The Rekor v2 <c>dsse</c> entry the log records for <paramref name="bundle"/>: under the bundle's leaf certificate
    /// when it has one, else under <paramref name="publicKey"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A key-mode bundle without <paramref name="publicKey"/>, or an unusable certificate.</exception>
    public static byte[] ExpectedBody(SigstoreBundle bundle, ECDsa? publicKey)
    {
        var m = bundle.Material;
        var cert = m.KeylessCertificate ?? (m.CertificateChain.Count > 0 ? m.CertificateChain[0] : null);
        if (cert is not null)
        {
            var v = EntryVerifier.FromCertificate(cert, out var k);
            k.Dispose();
            return DsseLogEntry.Body(bundle.Envelope, v);
        }
        if (publicKey is null) throw new ArgumentException("a key-mode bundle's log entry names the public key: pass it");
        return DsseLogEntry.Body(bundle.Envelope, EntryVerifier.FromPublicKey(publicKey));
    }

    /// <summary>
    /// Verifies that at least one of the bundle's tlog entries is from the log with <paramref name="logKey"/>, records
    /// exactly this signature, and is included under a checkpoint signed by the log (and cosigned by
    /// <paramref name="quorum"/> of <paramref name="witnesses"/>). Never throws on hostile input.
    /// </summary>
    public static VerificationResult Verify(SigstoreBundle bundle, ECDsa? publicKey, Ed25519NoteVerifier logKey, IReadOnlyList<INoteVerifier> witnesses, int quorum)
    {
        if (bundle.Material.TlogEntries.Count == 0) return VerificationResult.Rejected("the signature has no transparency-log entry (sign with --log URL)");
        byte[] body;
        try { body = ExpectedBody(bundle, publicKey); }
        catch (Exception e) when (e is ArgumentException or CryptographicException) { return VerificationResult.Rejected("cannot recompute the log entry: " + e.Message); }
        var reasons = new List<string>();
        for (var i = 0; i < bundle.Material.TlogEntries.Count; i++)
        {
            BundleTlogEntry entry;
            try { entry = BundleTlogEntry.Parse(bundle.Material.TlogEntries[i], $"tlogEntries[{i}]"); }
            catch (ProvenantFormatException e) { reasons.Add($"tlogEntries[{i}]: {e.Message}"); continue; }
            var r = TlogEntryVerifier.Verify(entry, body, logKey, witnesses, quorum);
            if (r.IsValid) return r;
            reasons.Add($"tlogEntries[{i}]: {r.Reason}");
        }
        return VerificationResult.Rejected("no transparency-log entry verified", reasons);
    }
}
