namespace Provenant.Credentials.Cbor;

/// <summary>
/// A CBOR floating-point number, major type 7 with additional information 25/26/27 (half, single, double;
/// RFC 8949 §3.3). The encoder writes the shortest width that keeps the value exactly (§4.2.2 preferred serialization).
/// </summary>
/// <param name="Value">The value as a double (every half and single value converts exactly).</param>
public sealed record CborFloat(double Value) : CborNode;
