using System.Security.Cryptography;

namespace Provenant.Credentials.Cose;

/// <summary>Properties of <see cref="CoseAlgorithm"/> values.</summary>
public static class CoseAlgorithms
{
    /// <summary>The hash the algorithm signs with.</summary>
    public static HashAlgorithmName Hash(CoseAlgorithm alg) => alg switch
    {
        CoseAlgorithm.ES256 or CoseAlgorithm.PS256 => HashAlgorithmName.SHA256,
        CoseAlgorithm.ES384 or CoseAlgorithm.PS384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>True for the identifiers this library can verify.</summary>
    public static bool IsKnown(long id) => Enum.IsDefined(typeof(CoseAlgorithm), (int)id) && id is >= int.MinValue and <= int.MaxValue;
}
