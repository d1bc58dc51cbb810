using System.Security.Cryptography;

namespace Provenant.Ledger.Notes;

/// <summary>
/// Signs notes with Ed25519, signature type 0x01 (c2sp.org/signed-note). Holds the 32-byte RFC 8032 seed;
/// <see cref="ToString"/> never reveals it.
/// </summary>
public sealed class Ed25519NoteSigner : INoteSigner
{
    private readonly byte[] _seed;

    /// <summary>Creates a signer from a key name and a 32-byte seed.</summary>
    /// <exception cref="ArgumentException">Invalid name or seed length.</exception>
    public Ed25519NoteSigner(string name, ReadOnlySpan<byte> seed)
    {
        if (!NoteKeyName.IsValid(name)) throw new ArgumentException($"invalid note key name '{name}'", nameof(name));
        if (seed.Length != Ed25519.SeedSize) throw new ArgumentException("an Ed25519 seed is 32 bytes", nameof(seed));
        Name = name;
        _seed = seed.ToArray();
        PublicKey = Ed25519.PublicKeyFromSeed(_seed);
        KeyId = NoteKeyId.Compute(name, NoteKeyId.Ed25519, PublicKey);
    }

    /// <summary>A new signer with a random seed from the OS CSPRNG.</summary>
    public static Ed25519NoteSigner Generate(string name) => new(name, RandomNumberGenerator.GetBytes(Ed25519.SeedSize));

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public uint KeyId { get; }

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The matching verifier.</summary>
    public Ed25519NoteVerifier Verifier => new(Name, PublicKey);

    /// <inheritdoc />
    public NoteSignature Sign(ReadOnlySpan<byte> text) => new(Name, KeyId, Ed25519.Sign(_seed, text));

    /// <summary>The private-key encoding <c>PRIVATE+KEY+name+hex(id)+base64(0x01 ‖ seed)</c> (golang.org/x/mod/sumdb/note). Secret: write it 0600, never log it.</summary>
    public string ToPrivateKeyString() => "PRIVATE+KEY+" + NoteVerifierKey.Format(Name, KeyId, NoteKeyId.Ed25519, _seed);

    /// <summary>Parses <c>PRIVATE+KEY+name+hex(id)+base64(0x01 ‖ seed)</c>, checking the key ID against the derived public key.</summary>
    /// <exception cref="FormatException">Malformed key (the message never contains key material).</exception>
    public static Ed25519NoteSigner ParsePrivateKey(string text)
    {
        const string prefix = "PRIVATE+KEY+";
        if (text is null || !text.StartsWith(prefix, StringComparison.Ordinal)) throw new FormatException("a note signer key starts with PRIVATE+KEY+");
        var (name, id, type, material) = NoteVerifierKey.Split(text[prefix.Length..].Trim());
        if (type != NoteKeyId.Ed25519 || material.Length != Ed25519.SeedSize) throw new FormatException("the signer key is not an Ed25519 (type 0x01, 32-byte seed) key");
        var signer = new Ed25519NoteSigner(name, material);
        if (signer.KeyId != id) throw new FormatException("the signer key's ID does not match its name and public key");
        return signer;
    }

    /// <summary>Name and key ID only.</summary>
    public override string ToString() => $"{Name}+{KeyId:x8} (private)";
}
