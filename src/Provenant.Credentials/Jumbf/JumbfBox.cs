namespace Provenant.Credentials.Jumbf;

/// <summary>
/// One ISO BMFF-style box as JUMBF uses it (ISO/IEC 19566-5 §6.1): <c>LBox</c> (u32 big-endian, total length;
/// 1 means a u64 <c>XLBox</c> follows; 0 means to the end), <c>TBox</c> (four characters), then the payload.
/// A superbox (<c>jumb</c>) holds a description box and child boxes; other boxes are content boxes.
/// </summary>
/// <param name="Type">The four-character box type, e.g. <c>jumb</c>, <c>cbor</c>, <c>json</c>, <c>bidb</c>.</param>
/// <param name="Raw">The whole box as read (header and payload), a view into the source buffer.</param>
/// <param name="HeaderLength">8, or 16 when an XLBox was used.</param>
/// <param name="Offset">The box's byte offset in the buffer it was read from.</param>
public record JumbfBox(string Type, ReadOnlyMemory<byte> Raw, int HeaderLength, long Offset)
{
    /// <summary>The payload: everything after the header. For a superbox this is the description box followed by
    /// the content boxes, which is what a C2PA hashed URI hashes (C2PA 2.x §8.3 "Hashing JUMBF boxes").</summary>
    public ReadOnlyMemory<byte> Payload => Raw[HeaderLength..];
}
