namespace Provenant.Credentials.Cbor;

/// <summary>A tagged data item, major type 6 (RFC 8949 §3.4), e.g. tag 18 for COSE_Sign1 (RFC 9052 §4.2).</summary>
/// <param name="Tag">The tag number.</param>
/// <param name="Content">The enclosed item.</param>
public sealed record CborTag(ulong Tag, CborNode Content) : CborNode;
