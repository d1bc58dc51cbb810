using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Ledger.Provenance;

/// <summary>
/// The binary key under which both log stores index a digest (schema version 3, column <c>prov_subjects.digest</c>):
/// a lowercase <c>sha256:</c> digest of 64 hex digits is stored as its 32 raw bytes; any other normalized digest
/// (<see cref="StatementLinks.Normalize"/>: <c>sha512:…</c>, <c>gitcommit:…</c>, …) as its ASCII text, padded on the
/// left with zero bytes to at least 33 bytes, so the two forms never collide (only raw keys are 32 bytes long, and a
/// normalized digest never starts with a zero byte). The mapping is one-to-one on normalized digests, and keys
/// compare equal exactly when the digests are equal.
/// </summary>
public static class DigestKey
{
    /// <summary>Length of a raw SHA-256 key.</summary>
    public const int Sha256Length = 32;

    private const string Sha256Prefix = "sha256:";

    /// <summary>The key for <paramref name="digest"/>.</summary>
    /// <param name="digest">A normalized digest (lowercase <c>algorithm:hex</c>, see <see cref="StatementLinks.Normalize"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not normalized.</exception>
    public static byte[] Encode(string digest) => TryEncode(digest) ?? throw NotNormalized(digest, nameof(digest));

    /// <summary>The error for a digest that is not normalized, quoting at most 80 characters of it.</summary>
    internal static ArgumentException NotNormalized(string digest, string parameter) =>
        new($"not a normalized digest (lowercase algorithm:hex): '{(digest.Length <= 80 ? digest : digest[..80] + "…")}'", parameter);

    /// <summary>The key for <paramref name="digest"/>, or null when it is not a normalized digest (no stored key equals it).</summary>
    public static byte[]? TryEncode(string digest)
    {
        if (!IsNormalized(digest)) return null;
        if (IsRawSha256(digest))
        {
            return Convert.FromHexString(digest.AsSpan(Sha256Prefix.Length));
        }
        var key = new byte[Math.Max(Sha256Length + 1, digest.Length)];
        Encoding.ASCII.GetBytes(digest, key.AsSpan(key.Length - digest.Length));
        return key;
    }

    /// <summary>The digest a stored key stands for.</summary>
    /// <param name="key">A key read from the store.</param>
    /// <param name="source">The store, for the error message.</param>
    /// <exception cref="ProvenantFormatException">The key is neither form (a corrupt or foreign database).</exception>
    public static string Decode(ReadOnlySpan<byte> key, string source)
    {
        if (key.Length == Sha256Length) return Sha256Prefix + Convert.ToHexStringLower(key);
        var start = key.IndexOfAnyExcept((byte)0);
        string? digest = key.Length > Sha256Length && start >= 0 && Ascii.IsValid(key[start..]) ? Encoding.ASCII.GetString(key[start..]) : null;
        if (digest is null || !IsNormalized(digest) || (start > 0 && key.Length != Sha256Length + 1) || IsRawSha256(digest))
        {
            throw new ProvenantFormatException(source, "prov_subjects.digest", "a 32-byte SHA-256 digest or a zero-padded algorithm:hex text of at least 33 bytes",
                $"{key.Length} bytes starting {Convert.ToHexStringLower(key[..Math.Min(8, key.Length)])}");
        }
        return digest;
    }

    /// <summary>
    /// Whether <paramref name="digest"/> is what <see cref="StatementLinks.Normalize"/> returns for it: an algorithm of 1
    /// to 32 lowercase letters, digits or <c>-_</c>, a colon, and 16 to 128 lowercase hex digits (an even count).
    /// </summary>
    public static bool IsNormalized(string digest)
    {
        var colon = digest.IndexOf(':');
        if (colon is < 1 or > 32) return false;
        var hex = digest.Length - colon - 1;
        if (hex is < 16 or > 128 || hex % 2 != 0) return false;
        foreach (var c in digest.AsSpan(0, colon)) if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')) return false;
        foreach (var c in digest.AsSpan(colon + 1)) if (!char.IsAsciiHexDigitLower(c)) return false;
        return true;
    }

    /// <summary>Whether a normalized digest takes the raw form.</summary>
    private static bool IsRawSha256(string digest) => digest.Length == Sha256Prefix.Length + 2 * Sha256Length && digest.StartsWith(Sha256Prefix, StringComparison.Ordinal);
}
