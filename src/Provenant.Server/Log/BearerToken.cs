using System.Security.Cryptography;
using System.Text;

namespace Provenant.Server.Log;

/// <summary>A write token checked in constant time (SHA-256 of both sides compared with <see cref="CryptographicOperations.FixedTimeEquals"/>).</summary>
public sealed class BearerToken
{
    private readonly byte[] _digest;

    /// <summary>Wraps <paramref name="token"/> (at least 16 characters).</summary>
    /// <exception cref="ArgumentException">Too short.</exception>
    public BearerToken(string token)
    {
        if (token is null || token.Trim().Length < 16) throw new ArgumentException("a write token has at least 16 characters");
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
    }

    /// <summary>A new random token (32 bytes, base64url).</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when the <c>Authorization</c> header is <c>Bearer &lt;token&gt;</c> with the right token.</summary>
    public bool Matches(string? authorizationHeader)
    {
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[prefix.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _digest);
    }
}
