namespace Provenant.Credentials.Jumbf;

/// <summary>
/// A 16-byte JUMBF type UUID as written on the wire (ISO/IEC 19566-5 §6.2, big-endian field order), e.g. the C2PA
/// types of C2PA 2.x §11.1 "JUMBF" (<c>63327061-0011-0010-8000-00AA00389B71</c> for the manifest store).
/// </summary>
/// <param name="Hex">The 32 lowercase hex digits without dashes.</param>
public readonly record struct JumbfUuid(string Hex)
{
    /// <summary>C2PA manifest store (<c>c2pa</c>).</summary>
    public static readonly JumbfUuid ManifestStore = Of("63327061");

    /// <summary>C2PA standard manifest (<c>c2ma</c>).</summary>
    public static readonly JumbfUuid Manifest = Of("63326d61");

    /// <summary>C2PA update manifest (<c>c2um</c>).</summary>
    public static readonly JumbfUuid UpdateManifest = Of("63326d75");

    /// <summary>C2PA assertion store (<c>c2as</c>).</summary>
    public static readonly JumbfUuid AssertionStore = Of("63326173");

    /// <summary>C2PA claim (<c>c2cl</c>).</summary>
    public static readonly JumbfUuid Claim = Of("6332636c");

    /// <summary>C2PA claim signature (<c>c2cs</c>).</summary>
    public static readonly JumbfUuid ClaimSignature = Of("63326373");

    /// <summary>CBOR content type (<c>cbor</c>).</summary>
    public static readonly JumbfUuid Cbor = Of("63626f72");

    /// <summary>JSON content type (<c>json</c>).</summary>
    public static readonly JumbfUuid Json = Of("6a736f6e");

    /// <summary>Parses 16 wire bytes.</summary>
    public static JumbfUuid FromBytes(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(bytes));

    /// <summary>The 16 wire bytes.</summary>
    public byte[] ToBytes() => Convert.FromHexString(Hex);

    /// <summary>The four-character code the C2PA UUIDs start with (their first four bytes as ASCII), else the hex.</summary>
    public override string ToString() => Hex.EndsWith("00110010800000aa00389b71", StringComparison.Ordinal)
        ? System.Text.Encoding.ASCII.GetString(Convert.FromHexString(Hex[..8])) : Hex;

    private static JumbfUuid Of(string fourCc) => new(fourCc + "00110010800000aa00389b71");
}
