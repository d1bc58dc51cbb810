namespace Provenant.Ledger.Notes;

/// <summary>Verifies Ed25519 note signatures, signature type 0x01 (c2sp.org/signed-note, "Ed25519 signatures").</summary>
public sealed class Ed25519NoteVerifier : INoteVerifier
{
    private readonly byte[] _publicKey;

    /// <summary>Creates a verifier for <paramref name="name"/> and a 32-byte Ed25519 public key.</summary>
    /// <exception cref="ArgumentException">The name is not a valid key name or the key is not 32 bytes.</exception>
    public Ed25519NoteVerifier(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteKeyName.IsValid(name)) throw new ArgumentException($"invalid note key name '{name}'", nameof(name));
        if (publicKey.Length != Ed25519.PublicKeySize) throw new ArgumentException("an Ed25519 public key is 32 bytes", nameof(publicKey));
        Name = name;
        _publicKey = publicKey.ToArray();
        KeyId = NoteKeyId.Compute(name, NoteKeyId.Ed25519, _publicKey);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public uint KeyId { get; }

    /// <summary>The 32-byte public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) => Ed25519.Verify(_publicKey, text, signature);

    /// <summary>The vkey encoding <c>name+hex(id)+base64(0x01 ‖ key)</c>.</summary>
    public override string ToString() => NoteVerifierKey.Format(Name, KeyId, NoteKeyId.Ed25519, _publicKey);
}
