using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Signing.Certificates;
using System.Security.Cryptography.X509Certificates;

namespace Provenant.Signing.Keys;

/// <summary>
/// Loading, generating and saving ECDSA keys (PEM: PKCS#8 <c>PRIVATE KEY</c> or SEC1 <c>EC PRIVATE KEY</c>;
/// SubjectPublicKeyInfo <c>PUBLIC KEY</c>; or a certificate's key). Private keys are written with mode 0600 and
/// never appear in messages.
/// </summary>
public static class EcKeys
{
    private const long MaxKeyFileBytes = 1 << 20;

    /// <summary>Generates a key pair on <paramref name="curve"/>.</summary>
    public static ECDsa Generate(EcCurve curve) => ECDsa.Create(curve.ToECCurve());

    /// <summary>Writes the private key (PKCS#8 PEM, mode 0600) and its public key (SPKI PEM) atomically.</summary>
    /// <returns>The public key path (<c>PRIVATE.pub.pem</c> style: <c>key.pem</c> → <c>key.pub.pem</c>).</returns>
    public static string Save(ECDsa key, string privatePath, string? publicPath = null)
    {
        publicPath ??= PublicPathFor(privatePath);
        var pem = key.ExportPkcs8PrivateKeyPem() + "\n";
        AtomicFile.WriteText(privatePath, pem, privateMode: true);
        AtomicFile.WriteText(publicPath, PublicKeyPem.Encode(key));
        return publicPath;
    }

    /// <summary>The default public key path beside a private key path.</summary>
    public static string PublicPathFor(string privatePath)
    {
        var dir = Path.GetDirectoryName(privatePath) ?? "";
        var name = Path.GetFileName(privatePath);
        var stem = name.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        return Path.Combine(dir, stem + ".pub.pem");
    }

    /// <summary>Loads a private key file.</summary>
    /// <exception cref="ProvenantException">Missing/unreadable file, not a PEM EC private key, encrypted, truncated, or an unsupported curve.</exception>
    public static ECDsa LoadPrivate(string path)
    {
        var text = ReadPem(path, "private key");
        if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ProvenantException($"{path}: encrypted private keys are not supported; decrypt it first (e.g. openssl pkey)");
        }
        var block = FindBlock(text, path, "PRIVATE KEY", "EC PRIVATE KEY");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(block);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new ProvenantException($"{path}: not a valid EC private key (PKCS#8 or SEC1 PEM): {FirstLine(e.Message)}", ExitCodes.InputError);
        }
        catch (ArgumentException)
        {
            key.Dispose();
            throw new ProvenantException($"{path}: not a valid EC private key (PKCS#8 or SEC1 PEM); is it an RSA or Ed25519 key?", ExitCodes.InputError);
        }
        RequireSupportedCurve(key, path);
        return key;
    }

    /// <summary>Loads a public key from a SPKI PEM file (or the first certificate of a PEM certificate file).</summary>
    /// <exception cref="ProvenantException">Missing file, malformed/truncated PEM, non-EC key or unsupported curve.</exception>
    public static ECDsa LoadPublic(string path)
    {
        var text = ReadPem(path, "public key");
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) && !text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            var certs = CertificateFiles.LoadAll(path, "certificate");
            try
            {
                return FromCertificate(certs[0], path);
            }
            finally
            {
                foreach (var c in certs) c.Dispose();
            }
        }
        return FromSpkiPem(text, path);
    }

    /// <summary>Parses a SPKI PEM document (e.g. the legacy <c>publicKey.rawBytes</c> of a bundle).</summary>
    public static ECDsa FromSpkiPem(string text, string source)
    {
        var block = FindBlock(text, source, "PUBLIC KEY");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(block);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or PlatformNotSupportedException)
        {
            key.Dispose();
            throw new ProvenantException($"{source}: not a valid EC public key (SubjectPublicKeyInfo PEM): {FirstLine(e.Message)}");
        }
        RequireSupportedCurve(key, source);
        return key;
    }

    /// <summary>The EC public key of a certificate.</summary>
    public static ECDsa FromCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 cert, string source)
    {
        var key = cert.GetECDsaPublicKey() ?? throw new ProvenantException($"{source}: certificate '{cert.Subject}' does not hold an EC public key");
        RequireSupportedCurve(key, source);
        return key;
    }

    private static void RequireSupportedCurve(ECDsa key, string source)
    {
        if (EcCurves.Identify(key) is null)
        {
            var name = key.ExportParameters(false).Curve.Oid?.FriendlyName ?? key.ExportParameters(false).Curve.Oid?.Value ?? "unknown";
            key.Dispose();
            throw new ProvenantException($"{source}: unsupported curve '{name}': expected P-256, P-384 or P-521");
        }
    }

    private static string ReadPem(string path, string what)
    {
        var bytes = BoundedFile.ReadAll(path, what, MaxKeyFileBytes);
        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>Extracts one complete PEM block with one of the labels; clear error when absent or truncated.</summary>
    private static string FindBlock(string text, string source, params string[] labels)
    {
        foreach (var label in labels)
        {
            var begin = $"-----BEGIN {label}-----";
            var end = $"-----END {label}-----";
            var b = text.IndexOf(begin, StringComparison.Ordinal);
            if (b < 0) continue;
            var e = text.IndexOf(end, b, StringComparison.Ordinal);
            if (e < 0) throw new ProvenantException($"{source}: truncated PEM: '{begin}' has no matching '{end}'");
            return text.Substring(b, e + end.Length - b);
        }
        throw new ProvenantException($"{source}: no PEM block labelled {string.Join(" or ", labels.Select(l => $"'{l}'"))} found");
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
