namespace Provenant.Ledger.Notes;

/// <summary>
/// Verifier keys ("vkeys", c2sp.org/signed-note "Verifier keys"): <c>&lt;key name&gt;+hex(32-bit key ID)+base64(signature type ‖ public key)</c>.
/// Types 0x01 (Ed25519) and 0x04 (Ed25519 cosignature/v1, c2sp.org/tlog-cosignature) are supported.
/// </summary>
public static class NoteVerifierKey
{
    /// <summary>Parses a vkey into a verifier, checking that the key ID matches the recommended derivation.</summary>
    /// <exception cref="FormatException">Malformed vkey, unsupported type, wrong key length, or key ID mismatch.</exception>
    public static INoteVerifier Parse(string vkey)
    {
        var (name, id, type, key) = Split(vkey?.Trim() ?? throw new FormatException("empty verifier key"));
        if (key.Length != Ed25519.PublicKeySize) throw new FormatException($"verifier key '{name}': expected a 32-byte Ed25519 key, found {key.Length} bytes");
        INoteVerifier v = type switch
        {
            NoteKeyId.Ed25519 => new Ed25519NoteVerifier(name, key),
            NoteKeyId.CosignatureV1 => new CosignatureV1Verifier(name, key),
            _ => throw new FormatException($"verifier key '{name}': unsupported signature type 0x{type:x2} (expected 0x01 Ed25519 or 0x04 cosignature/v1)"),
        };
        if (v.KeyId != id) throw new FormatException($"verifier key '{name}': key ID {id:x8} does not match the key (expected {v.KeyId:x8})");
        return v;
    }

    /// <summary>Formats <c>name+hex(id)+base64(type ‖ key)</c>.</summary>
    public static string Format(string name, uint keyId, byte type, ReadOnlySpan<byte> key)
    {
        var raw = new byte[1 + key.Length];
        raw[0] = type;
        key.CopyTo(raw.AsSpan(1));
        return $"{name}+{keyId:x8}+{Convert.ToBase64String(raw)}";
    }

    /// <summary>Splits a vkey-shaped string into its name, key ID, type byte and key material.</summary>
    internal static (string Name, uint Id, byte Type, byte[] Material) Split(string text)
    {
        var parts = text.Split('+', 3);
        if (parts.Length != 3) throw new FormatException("a verifier key has three '+'-separated parts: name+keyid+base64");
        var name = parts[0];
        if (!NoteKeyName.IsValid(name)) throw new FormatException($"invalid key name '{name}'");
        if (parts[1].Length != 8 || !uint.TryParse(parts[1], System.Globalization.NumberStyles.AllowHexSpecifier, null, out var id) || parts[1].Any(char.IsUpper))
        {
            throw new FormatException($"key '{name}': the key ID must be 8 lowercase hex digits");
        }
        byte[] raw;
        try { raw = Convert.FromBase64String(parts[2]); }
        catch (FormatException) { throw new FormatException($"key '{name}': the key material is not valid base64"); }
        if (raw.Length < 2) throw new FormatException($"key '{name}': the key material is too short");
        return (name, id, raw[0], raw[1..]);
    }
}
