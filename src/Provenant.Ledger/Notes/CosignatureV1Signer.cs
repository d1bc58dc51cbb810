using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Provenant.Ledger.Notes;

/// <summary>
/// Produces Ed25519 <c>cosignature/v1</c> cosignatures, signature type 0x04 (c2sp.org/tlog-cosignature), stamped
/// with the current POSIX time from <paramref name="clock"/>. The cosigner's key must not be reused for another
/// signature type.
/// </summary>
public sealed class CosignatureV1Signer(string name, ReadOnlySpan<byte> seed, TimeProvider? clock = null) : INoteSigner
{
    private readonly byte[] _seed = seed.Length == Ed25519.SeedSize ? seed.ToArray() : throw new ArgumentException("an Ed25519 seed is 32 bytes", nameof(seed));
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>A new cosigner with a random seed.</summary>
    public static CosignatureV1Signer Generate(string name, TimeProvider? clock = null) => new(name, RandomNumberGenerator.GetBytes(Ed25519.SeedSize), clock);

    /// <summary>Parses <c>PRIVATE+KEY+name+hex(id)+base64(0x04 ‖ seed)</c>.</summary>
    /// <exception cref="FormatException">Malformed key (the message never contains key material).</exception>
    public static CosignatureV1Signer ParsePrivateKey(string text, TimeProvider? clock = null)
    {
        const string prefix = "PRIVATE+KEY+";
        if (text is null || !text.StartsWith(prefix, StringComparison.Ordinal)) throw new FormatException("a cosigner key starts with PRIVATE+KEY+");
        var (name, id, type, material) = NoteVerifierKey.Split(text[prefix.Length..].Trim());
        if (type != NoteKeyId.CosignatureV1 || material.Length != Ed25519.SeedSize) throw new FormatException("the key is not an Ed25519 cosignature/v1 (type 0x04) key");
        var signer = new CosignatureV1Signer(name, material, clock);
        if (signer.KeyId != id) throw new FormatException("the cosigner key's ID does not match its name and public key");
        return signer;
    }

    /// <inheritdoc />
    public string Name { get; } = NoteKeyName.IsValid(name) ? name : throw new ArgumentException($"invalid cosigner name '{name}'", nameof(name));

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey => Ed25519.PublicKeyFromSeed(_seed);

    /// <inheritdoc />
    public uint KeyId => NoteKeyId.Compute(Name, NoteKeyId.CosignatureV1, PublicKey);

    /// <summary>The matching verifier.</summary>
    public CosignatureV1Verifier Verifier => new(Name, PublicKey);

    /// <summary>The private-key string (secret: write 0600, never log).</summary>
    public string ToPrivateKeyString() => "PRIVATE+KEY+" + NoteVerifierKey.Format(Name, KeyId, NoteKeyId.CosignatureV1, _seed);

    /// <inheritdoc />
    public NoteSignature Sign(ReadOnlySpan<byte> text)
    {
        var ts = (ulong)Math.Max(1, _clock.GetUtcNow().ToUnixTimeSeconds());
        var sig = new byte[CosignatureV1.SignatureSize];
        BinaryPrimitives.WriteUInt64BigEndian(sig, ts);
        Ed25519.Sign(_seed, CosignatureV1.Message(ts, text)).CopyTo(sig, 8);
        return new NoteSignature(Name, KeyId, sig);
    }

    /// <summary>Name and key ID only.</summary>
    public override string ToString() => $"{Name}+{KeyId:x8} (cosigner, private)";
}
