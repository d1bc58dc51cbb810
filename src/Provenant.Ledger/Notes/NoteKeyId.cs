using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Provenant.Ledger.Notes;

/// <summary>
/// The recommended signed-note key ID: the first four bytes, big-endian, of
/// <c>SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)</c> (c2sp.org/signed-note, "Signatures").
/// </summary>
public static class NoteKeyId
{
    /// <summary>Signature type 0x01: Ed25519 over the note text.</summary>
    public const byte Ed25519 = 0x01;

    /// <summary>Signature type 0x04: timestamped Ed25519 checkpoint cosignature (c2sp.org/tlog-cosignature).</summary>
    public const byte CosignatureV1 = 0x04;

    /// <summary>Computes the key ID for <paramref name="name"/>, <paramref name="signatureType"/> and <paramref name="publicKey"/>.</summary>
    public static uint Compute(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buf = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(buf, 0);
        buf[nameBytes.Length] = 0x0A;
        buf[nameBytes.Length + 1] = signatureType;
        publicKey.CopyTo(buf.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(buf));
    }
}
