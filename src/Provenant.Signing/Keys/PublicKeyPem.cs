using System.Security.Cryptography;
using System.Text;

namespace Provenant.Signing.Keys;

/// <summary>PEM encoding of a SubjectPublicKeyInfo exactly as Python's <c>cryptography</c> writes it
/// (64-column base64, trailing newline), and the OMS key hint derived from it.</summary>
public static class PublicKeyPem
{
    /// <summary>The PEM text, <c>-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n</c>.</summary>
    public static string Encode(ECDsa key) => key.ExportSubjectPublicKeyInfoPem().Replace("\r\n", "\n") + "\n";

    /// <summary>The OMS v1.0 key hint: lower-case hex SHA-256 of <see cref="Encode"/>'s UTF-8 bytes
    /// (model_signing <c>sign_ec_key.Signer._get_verification_material</c>).</summary>
    public static string Hint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Encode(key))));
}
