namespace Provenant.Credentials.Cbor;

/// <summary>A CBOR array, major type 4 (RFC 8949 §3.1).</summary>
/// <param name="Items">The items in order.</param>
public sealed record CborArray(IReadOnlyList<CborNode> Items) : CborNode
{
    /// <summary>Creates an array from items.</summary>
    public CborArray(params CborNode[] items) : this((IReadOnlyList<CborNode>)items)
    {
    }

    /// <summary>Number of items.</summary>
    public int Count => Items.Count;

    /// <summary>The item at <paramref name="index"/>.</summary>
    public CborNode this[int index] => Items[index];
}
