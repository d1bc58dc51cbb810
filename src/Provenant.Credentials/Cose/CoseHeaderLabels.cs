namespace Provenant.Credentials.Cose;

/// <summary>COSE header parameter labels used here (RFC 9052 §3.1, RFC 9360 §2).</summary>
public static class CoseHeaderLabels
{
    /// <summary><c>alg</c> (1): the signature algorithm, a <see cref="CoseAlgorithm"/> value.</summary>
    public const long Algorithm = 1;

    /// <summary><c>kid</c> (4): key identifier, a byte string.</summary>
    public const long KeyId = 4;

    /// <summary><c>x5chain</c> (33, RFC 9360 §2): one DER certificate (bstr) or an array of them, signer first.</summary>
    public const long X5Chain = 33;
}
