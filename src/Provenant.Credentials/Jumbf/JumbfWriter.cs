using System.Buffers.Binary;
using System.Text;

namespace Provenant.Credentials.Jumbf;

/// <summary>
/// Writes JUMBF boxes (ISO/IEC 19566-5 §6): content boxes and superboxes with a labelled description box.
/// Lengths above 2^32−1 use XLBox.
/// </summary>
public static class JumbfWriter
{
    /// <summary>A box <c>LBox TBox payload</c>.</summary>
    /// <param name="type">Exactly four ASCII characters.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not four ASCII characters.</exception>
    public static byte[] Box(string type, ReadOnlySpan<byte> payload)
    {
        if (type.Length != 4 || type.Any(c => c > 0x7e || c < 0x20)) throw new ArgumentException($"box type '{type}' is not four ASCII characters");
        var total = (long)payload.Length + 8;
        var header = total > uint.MaxValue ? 16 : 8;
        var result = new byte[payload.Length + header];
        BinaryPrimitives.WriteUInt32BigEndian(result, header == 16 ? 1u : (uint)total);
        Encoding.ASCII.GetBytes(type, result.AsSpan(4));
        if (header == 16) BinaryPrimitives.WriteUInt64BigEndian(result.AsSpan(8), (ulong)(payload.Length + 16));
        payload.CopyTo(result.AsSpan(header));
        return result;
    }

    /// <summary>A description box <c>jumd</c> with the UUID, toggles 0x03 and the label.</summary>
    /// <exception cref="ArgumentException">The label contains a NUL character.</exception>
    public static byte[] Description(JumbfUuid type, string label)
    {
        if (label.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("JUMBF labels cannot contain NUL");
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var payload = new byte[17 + labelBytes.Length + 1];
        type.ToBytes().CopyTo(payload, 0);
        payload[16] = JumbfDescription.Requestable | JumbfDescription.LabelPresent;
        labelBytes.CopyTo(payload, 17);
        return Box("jumd", payload);
    }

    /// <summary>The payload of a superbox (description then children): what a hashed URI hashes.</summary>
    public static byte[] SuperBoxPayload(JumbfUuid type, string label, params byte[][] children)
    {
        var stream = new MemoryStream();
        stream.Write(Description(type, label));
        foreach (var c in children) stream.Write(c);
        return stream.ToArray();
    }

    /// <summary>A superbox <c>jumb</c> with a labelled description and the given child boxes.</summary>
    public static byte[] SuperBox(JumbfUuid type, string label, params byte[][] children) =>
        Box("jumb", SuperBoxPayload(type, label, children));
}
