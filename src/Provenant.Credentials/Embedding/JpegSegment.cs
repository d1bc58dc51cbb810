namespace Provenant.Credentials.Embedding;

/// <summary>One JPEG marker segment before the scan data (ITU-T T.81 §B.1.1.4): marker byte after 0xFF, offset of the
/// 0xFF, and payload (after the 2-byte length field).</summary>
/// <param name="Marker">The marker code (e.g. 0xEB for APP11).</param>
/// <param name="Offset">Offset of the segment's 0xFF byte.</param>
/// <param name="PayloadOffset">Offset of the first payload byte (after the length field).</param>
/// <param name="PayloadLength">Payload length in bytes (the length field minus 2).</param>
public readonly record struct JpegSegment(byte Marker, long Offset, long PayloadOffset, int PayloadLength)
{
    /// <summary>One past the segment's last byte.</summary>
    public long End => PayloadOffset + PayloadLength;
}
