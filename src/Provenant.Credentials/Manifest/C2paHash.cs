using System.Security.Cryptography;

namespace Provenant.Credentials.Manifest;

/// <summary>The hash algorithms C2PA names (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>; C2PA 2.x §13.1).</summary>
public static class C2paHash
{
    /// <summary>The .NET algorithm for a C2PA name, or null when unsupported.</summary>
    public static HashAlgorithmName? FromName(string? name) => name switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>An incremental hasher for a C2PA name, or null when unsupported.</summary>
    public static IncrementalHash? Create(string? name) => FromName(name) is { } h ? IncrementalHash.CreateHash(h) : null;

    /// <summary>Hashes <paramref name="data"/>, or returns null for an unsupported algorithm.</summary>
    public static byte[]? Compute(string? name, ReadOnlySpan<byte> data)
    {
        using var h = Create(name);
        if (h is null) return null;
        h.AppendData(data);
        return h.GetHashAndReset();
    }
}
