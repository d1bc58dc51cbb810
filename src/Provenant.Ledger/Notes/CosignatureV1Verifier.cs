namespace Provenant.Ledger.Notes;

/// <summary>Verifies Ed25519 <c>cosignature/v1</c> checkpoint cosignatures, signature type 0x04 (c2sp.org/tlog-cosignature).</summary>
public sealed class CosignatureV1Verifier : INoteVerifier
{
    private readonly byte[] _publicKey;

    /// <summary>Creates a verifier for cosigner <paramref name="name"/> with a 32-byte Ed25519 public key.</summary>
    /// <exception cref="ArgumentException">Invalid name or key length.</exception>
    public CosignatureV1Verifier(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteKeyName.IsValid(name)) throw new ArgumentException($"invalid cosigner name '{name}'", nameof(name));
        if (publicKey.Length != Ed25519.PublicKeySize) throw new ArgumentException("an Ed25519 public key is 32 bytes", nameof(publicKey));
        Name = name;
        _publicKey = publicKey.ToArray();
        KeyId = NoteKeyId.Compute(name, NoteKeyId.CosignatureV1, _publicKey);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public uint KeyId { get; }

    /// <summary>Verifies a 72-byte timestamped signature over the cosigned message; a zero timestamp is rejected (tlog-witness: it MUST NOT be zero).</summary>
    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature)
    {
        var ts = CosignatureV1.Timestamp(signature);
        if (ts is null or 0 || ts > long.MaxValue) return false;
        return Ed25519.Verify(_publicKey, CosignatureV1.Message(ts.Value, text), signature[8..]);
    }

    /// <summary>The vkey <c>name+hex(id)+base64(0x04 ‖ key)</c>.</summary>
    public override string ToString() => NoteVerifierKey.Format(Name, KeyId, NoteKeyId.CosignatureV1, _publicKey);
}
