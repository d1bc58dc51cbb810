namespace Provenant.Ledger.Notes;

/// <summary>
/// One signature line of a signed note (c2sp.org/signed-note, "Signatures"):
/// <c>— &lt;key name&gt; base64(32-bit key ID ‖ signature)</c>.
/// </summary>
/// <param name="KeyName">The key name (no spaces, no '+').</param>
/// <param name="KeyId">The 32-bit key ID, big-endian in the encoding.</param>
/// <param name="Signature">The signature bytes after the key ID (64 bytes for Ed25519; 72 for a v1 cosignature).</param>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    /// <summary>The signature line without its final newline: <c>— name base64(id ‖ sig)</c>.</summary>
    public string ToLine()
    {
        var raw = new byte[4 + Signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(raw, KeyId);
        Signature.CopyTo(raw, 4);
        return "\u2014 " + KeyName + " " + Convert.ToBase64String(raw);
    }
}
