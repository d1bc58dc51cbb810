using System.Buffers.Binary;
using System.Text;

namespace Provenant.Ledger.Notes;

/// <summary>
/// The Ed25519 <c>cosignature/v1</c> signed message (c2sp.org/tlog-cosignature, "Ed25519 signed message"):
/// <c>"cosignature/v1\n" ‖ "time &lt;POSIX seconds&gt;\n" ‖ checkpoint note text</c>; the note signature is the
/// <c>timestamped_signature</c> <c>u64 timestamp (big-endian) ‖ 64-byte Ed25519 signature</c>.
/// </summary>
public static class CosignatureV1
{
    /// <summary>Length of a timestamped Ed25519 signature: 8 + 64 bytes.</summary>
    public const int SignatureSize = 8 + Ed25519.SignatureSize;

    /// <summary>The message a cosigner signs over <paramref name="checkpointText"/> at <paramref name="timestamp"/>.</summary>
    public static byte[] Message(ulong timestamp, ReadOnlySpan<byte> checkpointText)
    {
        var header = Encoding.ASCII.GetBytes($"cosignature/v1\ntime {timestamp}\n");
        var m = new byte[header.Length + checkpointText.Length];
        header.CopyTo(m, 0);
        checkpointText.CopyTo(m.AsSpan(header.Length));
        return m;
    }

    /// <summary>The timestamp of a cosignature's <c>timestamped_signature</c>, or null when it is not 72 bytes.</summary>
    public static ulong? Timestamp(ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureSize ? BinaryPrimitives.ReadUInt64BigEndian(signature) : null;
}
