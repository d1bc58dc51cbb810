namespace Provenant.Credentials.Cbor;

/// <summary>A CBOR text string, major type 3 (RFC 8949 §3.1): UTF-8 on the wire.</summary>
/// <param name="Value">The text.</param>
public sealed record CborTextString(string Value) : CborNode;
