namespace Provenant.Credentials.Cbor;

/// <summary>
/// A CBOR integer: major type 0 (0 … 2^64−1) or major type 1 (−2^64 … −1), RFC 8949 §3.1.
/// </summary>
/// <param name="Value">The value; must lie in [−2^64, 2^64−1].</param>
public sealed record CborInteger(Int128 Value) : CborNode
{
    /// <summary>Smallest encodable value, −2^64.</summary>
    public static readonly Int128 MinValue = -(Int128)ulong.MaxValue - 1;

    /// <summary>Largest encodable value, 2^64−1.</summary>
    public static readonly Int128 MaxValue = ulong.MaxValue;
}
