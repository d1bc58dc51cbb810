namespace Provenant.Credentials.Jumbf;

/// <summary>
/// A JUMBF description box <c>jumd</c> (ISO/IEC 19566-5 §6.2): the type UUID, a toggles byte
/// (bit 0 requestable, bit 1 label present, bit 2 ID present, bit 3 SHA-256 signature present, bit 4 private box
/// present), then the optional null-terminated UTF-8 label, 4-byte ID and 32-byte signature.
/// </summary>
/// <param name="Type">The content type UUID.</param>
/// <param name="Toggles">The toggles byte as read (C2PA writes 0x03: requestable, labelled).</param>
/// <param name="Label">The label, when bit 1 is set.</param>
/// <param name="Id">The ID, when bit 2 is set.</param>
/// <param name="Signature">The 32-byte SHA-256 hash, when bit 3 is set.</param>
public sealed record JumbfDescription(JumbfUuid Type, byte Toggles, string? Label, uint? Id = null, byte[]? Signature = null)
{
    /// <summary>Bit 0: the box is requestable by label.</summary>
    public const byte Requestable = 0x01;

    /// <summary>Bit 1: a label follows.</summary>
    public const byte LabelPresent = 0x02;

    /// <summary>Bit 2: an ID follows.</summary>
    public const byte IdPresent = 0x04;

    /// <summary>Bit 3: a 32-byte signature follows.</summary>
    public const byte SignaturePresent = 0x08;

    /// <summary>Bit 4: a private box follows.</summary>
    public const byte PrivateBoxPresent = 0x10;

    /// <summary>A requestable, labelled description as C2PA writes it (toggles 0x03).</summary>
    public static JumbfDescription Labelled(JumbfUuid type, string label) => new(type, Requestable | LabelPresent, label);
}
