namespace Provenant.Credentials.Cbor;

/// <summary>A CBOR byte string, major type 2 (RFC 8949 §3.1). The array is not copied.</summary>
/// <param name="Value">The bytes.</param>
public sealed record CborByteString(byte[] Value) : CborNode;
