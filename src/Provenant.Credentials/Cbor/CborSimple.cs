namespace Provenant.Credentials.Cbor;

/// <summary>A CBOR simple value, major type 7 (RFC 8949 §3.3): false (20), true (21), null (22), undefined (23), others.</summary>
/// <param name="Value">The simple value number (0–19, 20–23, 32–255; 24–31 are not well-formed).</param>
public sealed record CborSimple(byte Value) : CborNode
{
    /// <summary>false (simple 20).</summary>
    public static readonly CborSimple False = new(20);

    /// <summary>true (simple 21).</summary>
    public static readonly CborSimple True = new(21);

    /// <summary>null (simple 22).</summary>
    public static readonly CborSimple Null = new(22);

    /// <summary>undefined (simple 23).</summary>
    public static readonly CborSimple Undefined = new(23);
}
