namespace Provenant.Credentials.Cbor;

/// <summary>
/// A CBOR map, major type 5 (RFC 8949 §3.1), keeping the entries in the order read or added; the encoder
/// sorts them (bytewise lexicographic order of the encoded keys, §4.2.1). Keys are unique.
/// </summary>
public sealed record CborMap : CborNode
{
    private readonly List<KeyValuePair<CborNode, CborNode>> _entries = [];

    /// <summary>The entries in insertion (or wire) order.</summary>
    public IReadOnlyList<KeyValuePair<CborNode, CborNode>> Entries => _entries;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an entry (fluent). Does not check for duplicates; the encoder and decoder do.</summary>
    public CborMap Add(CborNode key, CborNode value)
    {
        _entries.Add(new(key, value));
        return this;
    }

    /// <summary>The value for a text key, or null.</summary>
    public CborNode? Get(string key)
    {
        foreach (var e in _entries)
        {
            if (e.Key is CborTextString t && t.Value == key) return e.Value;
        }
        return null;
    }

    /// <summary>The value for an integer key (e.g. a COSE header label), or null.</summary>
    public CborNode? Get(long key)
    {
        foreach (var e in _entries)
        {
            if (e.Key is CborInteger i && i.Value == key) return e.Value;
        }
        return null;
    }
}
