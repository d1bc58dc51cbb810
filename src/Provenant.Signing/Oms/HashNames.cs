using Provenant.Core.Hashing;

namespace Provenant.Signing.Oms;

/// <summary>Maps <see cref="DigestAlgorithm"/> to and from OMS <c>hash_type</c> names and creates hashers.</summary>
public static class HashNames
{
    /// <summary>The OMS name: <c>sha256</c>, <c>blake2b</c> or <c>blake3</c>.</summary>
    public static string ToOms(DigestAlgorithm a) => a switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Blake2b => "blake2b",
        _ => "blake3",
    };

    /// <summary>Parses an OMS hash name; false for anything else.</summary>
    public static bool TryParse(string? name, out DigestAlgorithm a)
    {
        switch (name)
        {
            case "sha256": a = DigestAlgorithm.Sha256; return true;
            case "blake2b": a = DigestAlgorithm.Blake2b; return true;
            case "blake3": a = DigestAlgorithm.Blake3; return true;
            default: a = default; return false;
        }
    }

    /// <summary>Digest length in bytes.</summary>
    public static int DigestSize(DigestAlgorithm a) => a == DigestAlgorithm.Blake2b ? 64 : 32;

    /// <summary>A new streaming hasher for <paramref name="a"/>.</summary>
    public static IStreamingHash Create(DigestAlgorithm a) => a switch
    {
        DigestAlgorithm.Sha256 => new Sha256Hash(),
        DigestAlgorithm.Blake2b => new Blake2bHash(),
        _ => new Blake3Hash(),
    };
}
