namespace Provenant.Credentials.Cbor;

/// <summary>
/// One CBOR data item (RFC 8949 §3): an integer (major types 0/1), byte string (2), text string (3),
/// array (4), map (5), tag (6), or simple value / float (7). Encode with <see cref="CborEncoder"/>
/// (deterministic, §4.2) and decode with <see cref="CborDecoder"/> (bounded).
/// </summary>
public abstract record CborNode
{
    /// <summary>The node as a text string, or null when it is another kind.</summary>
    public string? AsText() => (this as CborTextString)?.Value;

    /// <summary>The node as a byte string, or null when it is another kind.</summary>
    public byte[]? AsBytes() => (this as CborByteString)?.Value;

    /// <summary>The node as an integer within <see cref="long"/>, or null (other kind or out of range).</summary>
    public long? AsInt64() => this is CborInteger i && i.Value >= long.MinValue && i.Value <= long.MaxValue ? (long)i.Value : null;

    /// <summary>The node as a map, or null.</summary>
    public CborMap? AsMap() => this as CborMap;

    /// <summary>The node as an array, or null.</summary>
    public CborArray? AsArray() => this as CborArray;

    /// <summary>Implicit text string.</summary>
    public static implicit operator CborNode(string value) => new CborTextString(value);

    /// <summary>Implicit unsigned/negative integer.</summary>
    public static implicit operator CborNode(long value) => new CborInteger(value);

    /// <summary>Implicit byte string.</summary>
    public static implicit operator CborNode(byte[] value) => new CborByteString(value);

    /// <summary>Implicit boolean (simple values 20/21).</summary>
    public static implicit operator CborNode(bool value) => value ? CborSimple.True : CborSimple.False;
}
