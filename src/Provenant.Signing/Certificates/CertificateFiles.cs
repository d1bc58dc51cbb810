using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Signing.Certificates;

/// <summary>Reads PEM certificate files (one or several <c>CERTIFICATE</c> blocks, other text ignored).</summary>
public static class CertificateFiles
{
    /// <summary>Loads every certificate in the PEM file, in order.</summary>
    /// <exception cref="ProvenantException">Missing file, no certificate, or a malformed/truncated block.</exception>
    public static IReadOnlyList<X509Certificate2> LoadAll(string path, string what)
    {
        var text = Encoding.ASCII.GetString(BoundedFile.ReadAll(path, what, 4 << 20));
        var result = new List<X509Certificate2>();
        var pos = 0;
        while (true)
        {
            var b = text.IndexOf("-----BEGIN CERTIFICATE-----", pos, StringComparison.Ordinal);
            if (b < 0) break;
            var e = text.IndexOf("-----END CERTIFICATE-----", b, StringComparison.Ordinal);
            if (e < 0) throw new ProvenantException($"{path}: truncated PEM certificate (no END line after offset {b})");
            var block = text.Substring(b, e + 25 - b);
            try
            {
                result.Add(X509Certificate2.CreateFromPem(block));
            }
            catch (CryptographicException ex)
            {
                throw new ProvenantException($"{path}: malformed certificate at offset {b}: {ex.Message.Split('\n')[0]}");
            }
            pos = e + 25;
        }
        if (result.Count == 0) throw new ProvenantException($"{path}: no PEM CERTIFICATE block found");
        return result;
    }
}
